"""Serving a WSGI app from granian's RSGI interface, with the whole request read first.

RSGI (https://github.com/emmett-framework/granian/blob/master/docs/spec/RSGI.md) hands a
request to Python on granian's event loop. This bridge reads the request's body there, within
``BODY_TIMEOUT_S`` and ``MAX_BODY_BYTES``, and only then gives the complete request to one of
``WEB_THREADS`` Python threads running the Flask app. A client that trickles its headers
(granian's HTTP/1 parser holds those, within ``HEADER_TIMEOUT_S`` and ``MAX_HEADER_BYTES``) or
its body holds a socket and a little memory, never a thread: slow clients starve no one.
granian's own WSGI interface passes the body as a stream that a thread reads, so eight clients
sending a body byte by byte would stop eight threads; see docs/decisions/.

The bridge also bounds what a thread may take (``REQUEST_TIMEOUT_S``: the client gets a 503;
a SPARQL query has its own hard deadline that kills it), and writes the access log. A query to
``/sparql`` is first offered to ``afgld.serving.sparql``, which answers it on the event loop
when it can, with no thread and no Flask.
"""

from __future__ import annotations

import asyncio
import io
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from afgld.serving.accesslog import AccessLog
from afgld.serving.sparql import SparqlPath

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Headers = list[tuple[str, str]]
PLAIN = [
    ("content-type", "text/plain; charset=utf-8"),
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    ("content-security-policy", "default-src 'none'; frame-ancestors 'none'"),
]
JOINED_WITH_SEMICOLON = {"cookie"}


@dataclass(frozen=True)
class Limits:
    threads: int
    body_timeout_s: float
    request_timeout_s: float
    max_body_bytes: int
    max_url_bytes: int


class _Refused(Exception):
    def __init__(self, status: int, message: str, headers: Headers | None = None) -> None:
        self.status, self.message, self.headers = status, message, headers or []
        super().__init__(message)


def _plain(status: int, message: str, extra: Headers | None = None) -> tuple[int, Headers, bytes]:
    body = f"{status} {message}\n".encode()
    return status, [*PLAIN, *(extra or []), ("content-length", str(len(body)))], body


def wsgi_path(path: str) -> str:
    """RSGI gives the path percent-decoded as UTF-8; WSGI wants those bytes as latin-1."""
    return path.encode("utf-8", "surrogateescape").decode("latin-1")


def environ_for(scope: Any, body: bytes) -> dict[str, Any]:
    """The WSGI environ (PEP 3333) of a complete request."""
    host, _, port = scope.server.rpartition(":")
    client, _, client_port = scope.client.rpartition(":")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": wsgi_path(scope.path),
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": host,
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "REMOTE_ADDR": client.strip("[]"),
        "REMOTE_PORT": client_port,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,
    }
    for name, value in scope.headers.items():
        if name == "content-type":
            key = "CONTENT_TYPE"
        elif name == "content-length":
            key = "CONTENT_LENGTH"
        else:
            key = "HTTP_" + name.upper().replace("-", "_")
        if key in environ:
            joiner = "; " if name in JOINED_WITH_SEMICOLON else ","
            environ[key] = f"{environ[key]}{joiner}{value}"
        else:
            environ[key] = value
    if body and "CONTENT_LENGTH" not in environ:
        environ["CONTENT_LENGTH"] = str(len(body))
    return environ


def call_wsgi(app: WSGIApp, environ: dict[str, Any]) -> tuple[int, Headers, bytes]:
    """Run the app to the end of its response; runs on a worker thread."""
    started: list[Any] = []

    def start_response(
        status: str, headers: Headers, exc_info: Any = None
    ) -> Callable[[bytes], None]:
        if exc_info and started:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = [status, headers]
        return lambda data: None  # the legacy write() callable: unused by Flask

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started
    return int(status.split(" ", 1)[0]), headers, body


class _Threads:
    """A fixed set of threads taking work from one queue: all the bridge needs of an executor,
    at a fraction of ``ThreadPoolExecutor``'s cost per task (no future, no work item)."""

    def __init__(self, count: int) -> None:
        self.queue: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self.threads = [
            threading.Thread(target=self._run, name=f"afgld-web-{i}", daemon=True)
            for i in range(count)
        ]
        for thread in self.threads:
            thread.start()

    def _run(self) -> None:
        while (work := self.queue.get()) is not None:
            work()

    def submit(self, work: Callable[[], None]) -> None:
        self.queue.put(work)

    def stop(self) -> None:
        for _ in self.threads:
            self.queue.put(None)


class Bridge:
    """An RSGI application serving ``app``; granian calls ``__rsgi__`` on its event loop."""

    def __init__(
        self, app: WSGIApp, limits: Limits, log: AccessLog, sparql: SparqlPath | None = None
    ) -> None:
        self.app = app
        self.limits = limits
        self.log = log
        self.sparql = sparql
        self.threads = _Threads(limits.threads)

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        pass

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.threads.stop()

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        if scope.proto != "http":  # websockets: not served
            return
        started = time.perf_counter()
        environ: dict[str, Any] = {}
        sender = _Sender(protocol, scope.method == "HEAD")
        try:
            self._check_url(scope)
            body = await self._body(scope, protocol)
            timeout_s = self.limits.request_timeout_s
            if self.sparql is not None and self.sparql.takes(scope):
                answered = await self._sparql(self.sparql, scope, body, environ)
                if answered is not None:
                    status, headers, payload = answered
                    sender.send(status, headers, payload)
                    size = len(payload)
                    self.log.write(scope, environ, status, size, time.perf_counter() - started)
                    return
                timeout_s -= time.perf_counter() - started
            environ.update(environ_for(scope, body))
            status, size = await self._respond(environ, sender, timeout_s)
        except _Refused as refusal:
            status, headers, payload = _plain(refusal.status, refusal.message, refusal.headers)
            sender.send(status, headers, payload)
            size = len(payload)
        self.log.write(scope, environ, status, size, time.perf_counter() - started)

    async def _sparql(
        self, sparql: SparqlPath, scope: Any, body: bytes, notes: dict[str, Any]
    ) -> tuple[int, Headers, bytes] | None:
        """A query's answer made on the event loop, within REQUEST_TIMEOUT_S (past it the query
        is cancelled, which stops its process); None when the app should answer, with
        ``notes`` for its environ."""
        task = asyncio.current_task()
        assert task is not None
        expired: list[bool] = []

        def expire() -> None:  # what asyncio.timeout does, at a fraction of its cost
            expired.append(True)
            task.cancel()

        timer = asyncio.get_running_loop().call_later(self.limits.request_timeout_s, expire)
        try:
            return await sparql.answer(scope, body, notes)
        except asyncio.CancelledError:
            if not expired:
                raise
            task.uncancel()
            notes["afgld.timed_out"] = True
            return self._expired()
        except Exception as error:  # noqa: BLE001  as for the app's threads: a plain 500
            print(f"afgld: request failed in the bridge: {error!r}", file=sys.stderr)
            return _plain(500, "Internal Server Error")
        finally:
            timer.cancel()

    def _expired(self) -> tuple[int, Headers, bytes]:
        return _plain(
            503,
            f"Service Unavailable: the answer took more than "
            f"{self.limits.request_timeout_s:g} s (REQUEST_TIMEOUT_S). Try again shortly.",
            [("retry-after", "5")],
        )

    def _check_url(self, scope: Any) -> None:
        size = len(scope.path) + len(scope.query_string) + 1
        if size > self.limits.max_url_bytes // 4:  # characters; count bytes only when it matters
            size = len(scope.path.encode("utf-8")) + len(scope.query_string) + 1
        if size > self.limits.max_url_bytes:
            raise _Refused(
                414,
                f"URI Too Long: the URL has {size} bytes, at most {self.limits.max_url_bytes} "
                "are read (MAX_URL_BYTES). POST long SPARQL queries instead.",
            )

    async def _body(self, scope: Any, protocol: Any) -> bytes:
        declared = scope.headers.get("content-length")
        cap = self.limits.max_body_bytes
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            raise _Refused(413, _too_large(cap), [("connection", "close")])
        if declared == "0" or (declared is None and "transfer-encoding" not in scope.headers):
            return b""
        try:
            async with asyncio.timeout(self.limits.body_timeout_s):
                if declared is not None:  # granian reads exactly that many bytes, no more
                    return bytes(await protocol())
                return await self._read_chunked(protocol, cap)
        except TimeoutError:
            raise _Refused(
                408,
                f"Request Timeout: the body did not arrive within {self.limits.body_timeout_s:g} s "
                "(BODY_TIMEOUT_S).",
                [("connection", "close")],
            ) from None

    @staticmethod
    async def _read_chunked(protocol: Any, cap: int) -> bytes:
        parts, size = [], 0
        async for chunk in protocol:
            size += len(chunk)
            if size > cap:
                raise _Refused(413, _too_large(cap), [("connection", "close")])
            parts.append(chunk)
        return b"".join(parts)

    async def _respond(
        self, environ: dict[str, Any], sender: _Sender, timeout_s: float
    ) -> tuple[int, int]:
        """Run the app on a thread, which sends the answer itself as soon as it has it (granian's
        RSGI protocol may be answered from any thread): the event loop is woken only to finish
        the request, off the client's path. If the app has not answered within ``timeout_s``
        (what is left of REQUEST_TIMEOUT_S), the loop sends a 503 instead, and whichever comes
        first is the one answer sent. Returns (status, bytes) for the log."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[tuple[int, int]] = loop.create_future()

        def settle(outcome: tuple[int, int]) -> None:
            if not waiter.done():
                waiter.set_result(outcome)

        def work() -> None:
            try:
                status, headers, payload = call_wsgi(self.app, environ)
            except Exception as error:  # noqa: BLE001  Flask answers its own; this is ours
                print(f"afgld: request failed in the bridge: {error!r}", file=sys.stderr)
                status, headers, payload = _plain(500, "Internal Server Error")
            if sender.send(status, headers, payload):
                loop.call_soon_threadsafe(settle, (status, len(payload)))

        def expire() -> None:
            status, headers, payload = self._expired()
            if sender.send(status, headers, payload):
                environ["afgld.timed_out"] = True
                settle((status, len(payload)))

        self.threads.submit(work)
        timer = loop.call_later(max(0.0, timeout_s), expire)
        outcome = await waiter
        timer.cancel()
        return outcome


class _Sender:
    """Sends one answer to a request, from whichever thread gets there first."""

    __slots__ = ("protocol", "head", "claim")

    def __init__(self, protocol: Any, head: bool) -> None:
        self.protocol, self.head = protocol, head
        self.claim = threading.Lock()

    def send(self, status: int, headers: Headers, payload: bytes) -> bool:
        if not self.claim.acquire(blocking=False):
            return False  # already answered (the app, or the 503 of REQUEST_TIMEOUT_S)
        self.protocol.response_bytes(status, headers, b"" if self.head else payload)
        return True


def _too_large(cap: int) -> str:
    return f"Content Too Large: request bodies are limited to {cap} bytes (MAX_BODY_BYTES)."
