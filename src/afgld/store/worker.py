"""A query process: opens the on-disk index read-only, runs one query at a time, answers bytes.

The pool starts it as a script, ``python -P …/afgld/store/worker.py STORE_DIR REQUEST_FD
ANSWER_FD``, and it imports nothing of afgld and only the standard library it needs besides
pyoxigraph: a query process holds Oxigraph and little else (30 MiB resident at rest, against
39 MiB when it imported the ``afgld.store`` package and multiprocessing's pipes). The web side
imports this module too, for the wire both ends speak and the rules an answer is judged by
(the remote store applies the same ones).

Results are serialised here, by Oxigraph's own serialisers, so only bytes cross the pipe. The
process may be killed at any moment (that is how a query past its deadline is stopped), so it
holds nothing that a kill could leave half-written: the index is opened read-only.

**The wire.** Each message is a frame: its length as 8 bytes, big-endian, then a ``marshal``
dump of plain values (``marshal``, not ``pickle``: built in, and only strings, bytes, numbers,
``None``, tuples and dicts cross). The pool sends the prefixes once, then one job at a time as
the tuple of :func:`job_to_wire`; the process answers ``"ready"`` once, then one
``(status, body, message, kind)`` tuple per job.
"""

from __future__ import annotations

import functools
import io
import marshal
import os
import signal
import threading
import time

import pyoxigraph as ox

TYPE_CHECKING = False  # not typing's: importing typing costs each query process 1.5 MiB
if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from afgld.store.jobs import Job

# Oxigraph parses and plans recursively. A query runs on a thread with a large stack (address
# space only; pages are touched as used) so that what the guard lets through cannot overflow it.
STACK_BYTES = 512 * 1024 * 1024
HEADER_BYTES = 8
READY = "ready"

# What the engine says when the query, not the engine, is at fault at evaluation time (the
# parser's own errors are SyntaxError): the user gets a 400 with the message, not a 500.
UNKNOWN_FUNCTION = ("The custom function <", "> is not supported")

Wire = tuple[str, bytes, str, str]  # an answer: status, body, message, kind
Message = str | bytes | int | bool | None | tuple["Message", ...] | dict[str, str]


# -- the wire ------------------------------------------------------------------------------------
def frame(value: Message) -> bytes:
    payload = marshal.dumps(value)
    return len(payload).to_bytes(HEADER_BYTES, "big") + payload


def write_frame(fd: int, value: Message) -> None:
    """Write one message to a blocking descriptor (OSError if the other end is gone)."""
    data = memoryview(frame(value))
    while data:
        data = data[os.write(fd, data) :]


def read_frame(fd: int) -> object:
    """Read one message from a blocking descriptor; EOFError if the other end closed it. Only
    one message is ever on its way, so reading more than one at once takes nothing from the
    next: a small message is read with one call."""
    data = os.read(fd, 1 << 16)
    while len(data) < HEADER_BYTES:
        data += _read_some(fd)
    end = HEADER_BYTES + int.from_bytes(data[:HEADER_BYTES], "big")
    parts, got = [data], len(data)
    while got < end:
        parts.append(_read_some(fd))
        got += len(parts[-1])
    return marshal.loads(b"".join(parts)[HEADER_BYTES:end])


def _read_some(fd: int) -> bytes:
    chunk = os.read(fd, 1 << 20)
    if not chunk:
        raise EOFError
    return chunk


class FrameReader:
    """Reads one message from a non-blocking descriptor as it arrives, without waiting: for an
    event loop's reader callback, or a poll(2) loop."""

    __slots__ = ("buffer", "size")

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.size = -1  # of the payload, once its header has arrived

    def feed(self, fd: int) -> tuple[bool, object]:
        """Read what is there: (True, message) once one is whole, else (False, None); EOFError
        if the other end closed the descriptor."""
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:
                return False, None
            if not chunk:
                raise EOFError
            self.buffer += chunk
            if self.size < 0 and len(self.buffer) >= HEADER_BYTES:
                self.size = int.from_bytes(self.buffer[:HEADER_BYTES], "big")
            if 0 <= self.size <= len(self.buffer) - HEADER_BYTES:
                end = HEADER_BYTES + self.size
                value = marshal.loads(memoryview(self.buffer)[HEADER_BYTES:end])
                del self.buffer[:end]
                self.size = -1
                return True, value


class Task:
    """A job as it crosses the wire: ``afgld.store.jobs.Job``, field for field, in order (a
    plain class: ``typing.NamedTuple`` would import typing into every query process)."""

    __slots__ = (
        "query",
        "format_name",
        "default_graphs",
        "named_graphs",
        "query_has_dataset",
        "max_rows",
        "max_bytes",
    )

    def __init__(
        self,
        query: str,
        format_name: str,  # attribute of ox.QueryResultsFormat (SELECT, ASK) or ox.RdfFormat
        default_graphs: tuple[str, ...] | None,
        named_graphs: tuple[str, ...] | None,
        query_has_dataset: bool,
        max_rows: int,
        max_bytes: int,
    ) -> None:
        self.query = query
        self.format_name = format_name
        self.default_graphs = default_graphs
        self.named_graphs = named_graphs
        self.query_has_dataset = query_has_dataset
        self.max_rows = max_rows
        self.max_bytes = max_bytes


def job_to_wire(job: Job) -> tuple[Message, ...]:
    """A job as the plain tuple a query process reads back as a :class:`Task` (the two have
    the same fields, in the same order)."""
    return tuple(job)


# -- the rules an answer is judged by (the remote store's too) -----------------------------------
def is_query_mistake(message: str) -> bool:
    """True when ``message`` says the query calls a function the engine does not know
    ("The custom function <IRI> is not supported"); read without ``re``, which would cost each
    query process another megabyte."""
    opening, closing = UNKNOWN_FUNCTION
    start = message.find(opening)
    if start < 0:
        return False
    end = message.find(">", start + len(opening))
    return end >= 0 and message.startswith(closing, end)


def count_solutions(body: bytes, format_name: str) -> int:
    """Rows in a serialised SELECT result, counted exactly without parsing it."""
    if format_name == "TSV":  # one line per row after the header; newlines are escaped
        return body.count(b"\n") - 1
    if format_name == "XML":  # '<' is escaped inside values
        return body.count(b"<result>")
    if format_name == "CSV":  # line breaks outside quoted fields; quotes inside are doubled
        return sum(part.count(b"\n") for part in body.split(b'"')[::2]) - 1
    import json  # only for large JSON results: the process stays small

    return len(json.loads(body)["results"]["bindings"])


# -- running one query ---------------------------------------------------------------------------
class _TooLarge(Exception):
    pass


class _CappedBuffer(io.BytesIO):
    """A binary sink for Oxigraph's serialisers that stops the work at ``cap`` bytes."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def write(self, data: ReadableBuffer, /) -> int:
        if self.tell() + memoryview(data).nbytes > self.cap:
            raise _TooLarge
        return super().write(data)


Results = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def prefixes_for(query: str, prefixes: dict[str, str]) -> dict[str, str]:
    """The default prefixes ``query`` may use: those whose name and colon are in its text (all
    of them if it holds a codepoint escape, which could spell one). The parse is the same as
    with all of them, and handing Oxigraph the 51 of the site costs more than evaluating a
    small query."""
    if "\\u" in query or "\\U" in query:
        return prefixes
    return {name: iri for name, iri in prefixes.items() if f"{name}:" in query}


def evaluate(store: ox.Store, task: Task, prefixes: dict[str, str]) -> Results:
    """Run the query over its RDF dataset (the request's graph parameters, else its own FROM,
    else the union of the named graphs), with the default ``prefixes`` it names."""
    if task.default_graphs is not None or task.named_graphs is not None:
        return store.query(
            task.query,
            prefixes=prefixes,
            default_graph=[ox.NamedNode(iri) for iri in task.default_graphs or ()],
            named_graphs=[ox.NamedNode(iri) for iri in task.named_graphs or ()],
        )
    if task.query_has_dataset:
        return store.query(task.query, prefixes=prefixes)
    return store.query(task.query, prefixes=prefixes, use_default_graph_as_union=True)


def _serialise(results: Results, task: Task) -> Wire:
    if isinstance(results, ox.QueryBoolean):  # a few bytes: no sink needed to stop the work
        body = results.serialize(format=getattr(ox.QueryResultsFormat, task.format_name)) or b""
        if len(body) > task.max_bytes:
            return "bytes", b"", "", ""
        return "ok", body, "", "boolean"
    if isinstance(results, ox.QuerySolutions):
        sink = _CappedBuffer(task.max_bytes)
        results.serialize(sink, format=getattr(ox.QueryResultsFormat, task.format_name))
        body = sink.getvalue()
        if len(body) > task.max_rows and count_solutions(body, task.format_name) > task.max_rows:
            return "rows", b"", "", "solutions"
        return "ok", body, "", "solutions"
    triples = []
    for triple in results:
        triples.append(triple)
        if len(triples) > task.max_rows:
            return "rows", b"", "", "triples"
    sink = _CappedBuffer(task.max_bytes)
    ox.serialize(triples, sink, getattr(ox.RdfFormat, task.format_name))
    return "ok", sink.getvalue(), "", "triples"


def execute(store: ox.Store, task: Task, prefixes: dict[str, str]) -> Wire:
    """Run one query with the default ``prefixes`` it names (:func:`prefixes_for`) and
    serialise its result, within the task's row and byte caps."""
    try:
        return _serialise(evaluate(store, task, prefixes), task)
    except SyntaxError as error:
        return "syntax", b"", str(error), ""
    except _TooLarge:
        return "bytes", b"", "", ""
    except RuntimeError as error:
        status = "query" if is_query_mistake(str(error)) else "error"
        return status, b"", str(error), ""
    except (OSError, ValueError, TypeError) as error:
        return "error", b"", str(error), ""


# -- the process ---------------------------------------------------------------------------------
def serve(store_dir: str, requests: int, answers: int) -> None:
    """Open the index, say ready, answer jobs until the pool closes the pipes or goes away."""
    try:
        store = ox.Store.read_only(store_dir)
        known = read_frame(requests)
        assert isinstance(known, dict)
        remembered = functools.lru_cache(maxsize=256)(lambda query: prefixes_for(query, known))

        def named(query: str) -> dict[str, str]:
            """The same queries come again and again; short ones are remembered (2 MiB)."""
            if len(query) > 8192:
                return prefixes_for(query, known)
            found: dict[str, str] = remembered(query)
            return found

        write_frame(answers, READY)
        while True:
            job = read_frame(requests)
            assert isinstance(job, tuple)
            task = Task(*job)
            write_frame(answers, execute(store, task, named(task.query)))
    except (EOFError, OSError):  # the pool closed the pipes or went away: stop quietly
        pass
    os._exit(0)


def main(argv: list[str]) -> None:
    """``python -P worker.py STORE_DIR REQUEST_FD ANSWER_FD``, as the pool starts it.

    SIGTERM and SIGINT are ignored: a service manager stopping the server signals every process
    of it, and the query under way should still be answered while the web worker drains its
    requests. The pool stops a query process by killing it; it also stops once its parent is
    gone (checked here every half second, since its pipes may never close while it is busy):
    a query must not outlive the server that would have stopped it.
    """
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    store_dir, requests, answers = argv[0], int(argv[1]), int(argv[2])
    threading.stack_size(STACK_BYTES)
    threading.Thread(target=serve, args=(store_dir, requests, answers), daemon=True).start()
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
