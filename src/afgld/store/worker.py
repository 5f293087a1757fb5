"""A query process: opens the on-disk index read-only, runs one query at a time, answers bytes.

Results are serialised here, by Oxigraph's own serialisers, so only bytes cross the pipe. The
process may be killed at any moment (that is how a query past its deadline is stopped), so it
holds nothing that a kill could leave half-written: the index is opened read-only.
"""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

import pyoxigraph as ox

from afgld.formats import rdf_writer, results_writer
from afgld.store.jobs import Answer, Job, count_solutions, is_query_mistake

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# Oxigraph parses and plans recursively. A query runs on a thread with a large stack (address
# space only; pages are touched as used) so that what the guard lets through cannot overflow it.
STACK_BYTES = 512 * 1024 * 1024


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


def evaluate(store: ox.Store, job: Job, prefixes: dict[str, str]) -> Results:
    """Run the query over its RDF dataset: the request's graph parameters, else its own FROM,
    else the union of the named graphs."""
    if job.default_graphs is not None or job.named_graphs is not None:
        return store.query(
            job.query,
            prefixes=prefixes,
            default_graph=[ox.NamedNode(iri) for iri in job.default_graphs or ()],
            named_graphs=[ox.NamedNode(iri) for iri in job.named_graphs or ()],
        )
    if job.query_has_dataset:
        return store.query(job.query, prefixes=prefixes)
    return store.query(job.query, prefixes=prefixes, use_default_graph_as_union=True)


def _serialise(results: Results, job: Job) -> Answer:
    if isinstance(results, ox.QueryBoolean):
        sink = _CappedBuffer(job.max_bytes)
        results.serialize(sink, format=results_writer(job.format_name))
        return Answer("ok", sink.getvalue(), kind="boolean")
    if isinstance(results, ox.QuerySolutions):
        sink = _CappedBuffer(job.max_bytes)
        results.serialize(sink, format=results_writer(job.format_name))
        body = sink.getvalue()
        if len(body) > job.max_rows and count_solutions(body, job.format_name) > job.max_rows:
            return Answer("rows", kind="solutions")
        return Answer("ok", body, kind="solutions")
    triples = []
    for triple in results:
        triples.append(triple)
        if len(triples) > job.max_rows:
            return Answer("rows", kind="triples")
    sink = _CappedBuffer(job.max_bytes)
    ox.serialize(triples, sink, rdf_writer(job.format_name))
    return Answer("ok", sink.getvalue(), kind="triples")


def execute(store: ox.Store, job: Job, prefixes: dict[str, str]) -> Answer:
    """Run one query and serialise its result, within the job's row and byte caps."""
    try:
        return _serialise(evaluate(store, job, prefixes), job)
    except SyntaxError as error:
        return Answer("syntax", message=str(error))
    except _TooLarge:
        return Answer("bytes")
    except RuntimeError as error:
        status = "query" if is_query_mistake(str(error)) else "error"
        return Answer(status, message=str(error))
    except (OSError, ValueError, TypeError) as error:
        return Answer("error", message=str(error))


def _loop(requests: Connection, answers: Connection, store_dir: str) -> None:
    store = ox.Store.read_only(store_dir)
    try:
        prefixes = requests.recv()
        answers.send("ready")
        while True:
            answer = execute(store, Job(*requests.recv()), prefixes)
            answers.send((answer.status, answer.body, answer.message, answer.kind))
    except (EOFError, OSError):  # the pool closed the pipes or went away: stop quietly
        return


def _watch_parent(parent: int) -> None:
    """Exit when the server process that started us is gone (its pipes may never close if
    we are busy): a query must not outlive the server that would have stopped it."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main(argv: list[str]) -> None:
    """``python -m afgld.store.worker STORE_DIR REQUEST_FD ANSWER_FD``, as the pool starts it.

    SIGTERM and SIGINT are ignored: a service manager stopping the server signals every process
    of it, and the query under way should still be answered while the web worker drains its
    requests. The pool stops a query process by killing it; it also stops once its parent is
    gone.
    """
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    store_dir, request_fd, answer_fd = argv[0], int(argv[1]), int(argv[2])
    requests = Connection(request_fd, writable=False)
    answers = Connection(answer_fd, readable=False)
    threading.stack_size(STACK_BYTES)
    runner = threading.Thread(target=_loop, args=(requests, answers, store_dir), daemon=True)
    runner.start()
    runner.join()


if __name__ == "__main__":
    import sys

    # Run as afgld.store.worker, not __main__, so that answers unpickle in the parent.
    from afgld.store import worker

    worker.main(sys.argv[1:])
