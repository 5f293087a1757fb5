"""A pool of query processes with a hard wall-clock limit per query.

Oxigraph cannot cancel a running query, so a query past its deadline is stopped by killing the
process that runs it; a fresh process takes its place in the background while the other
processes keep answering. Processes are forked from a fork server that has imported nothing
but this package, never from a threaded web server process.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from afgld.errors import AfgldError
from afgld.store import worker
from afgld.store.worker import Answer, Job


class PoolError(AfgldError):
    """A query could not be answered for a reason of capacity, not of its text."""

    retry_after: int = 1


class QueryTimedOut(PoolError):
    pass


class PoolBusy(PoolError):
    pass


class WorkerCrashed(PoolError):
    pass


@dataclass
class _Process:
    process: BaseProcess
    connection: Connection

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


@dataclass
class QueryPool:
    """``size`` processes serving the index in ``store_dir``; ``run`` is thread-safe."""

    store_dir: Path
    size: int
    prefixes: dict[str, str]
    wait_s: float
    _idle: queue.Queue[_Process] = field(init=False, repr=False)
    _all: set[int] = field(init=False, repr=False, default_factory=set)
    _pid: int = field(init=False, repr=False, default=0)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    _closed: bool = field(init=False, repr=False, default=False)

    def __post_init__(self) -> None:
        self._idle = queue.Queue()

    def start(self) -> QueryPool:
        """Start (or, in a forked child of the starting process, restart) the processes."""
        with self._lock:
            if self._pid == os.getpid():
                return self
            self._pid = os.getpid()
            self._idle = queue.Queue()
            self._closed = False
        for _ in range(self.size):
            self._spawn_in_background()
        return self

    def _context(self) -> multiprocessing.context.BaseContext:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["afgld.store.worker"])
        return context

    def _spawn(self) -> None:
        context = self._context()
        parent, child = context.Pipe()
        process = context.Process(
            target=worker.serve,
            args=(child, str(self.store_dir), self.prefixes),
            name="afgld-query",
            daemon=True,
        )
        process.start()
        child.close()
        handle = _Process(process, parent)
        try:
            ready = parent.recv()
        except (EOFError, OSError):
            handle.stop()
            raise WorkerCrashed(f"a query process could not open {self.store_dir}") from None
        assert ready == "ready"
        if self._closed:
            handle.stop()
        else:
            self._idle.put(handle)

    def _spawn_in_background(self) -> None:
        threading.Thread(target=self._spawn, name="afgld-query-spawn", daemon=True).start()

    def _replace(self, handle: _Process) -> None:
        handle.stop()
        if not self._closed:
            self._spawn_in_background()

    def run(self, job: Job, timeout_s: float) -> Answer:
        """Answer ``job`` within ``timeout_s`` seconds, or raise a PoolError."""
        if self._pid != os.getpid():
            self.start()
        try:
            handle = self._idle.get(timeout=self.wait_s)
        except queue.Empty:
            raise PoolBusy(
                f"All {self.size} query processes stayed busy for {self.wait_s:g} s "
                "(QUERY_WORKERS, QUERY_WAIT_S). Try again shortly."
            ) from None
        try:
            handle.connection.send(job)
            if not handle.connection.poll(timeout_s):
                self._replace(handle)
                error = QueryTimedOut(
                    f"The query ran for {timeout_s:g} s (QUERY_TIMEOUT_S) and was stopped. "
                    "Narrow it down: add LIMIT, bind more variables, or download the dumps."
                )
                error.retry_after = math.ceil(timeout_s)
                raise error
            answer = handle.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(handle)
            raise WorkerCrashed(
                "The query engine stopped while running this query; nothing was returned."
            ) from None
        self._idle.put(handle)
        return answer

    def close(self) -> None:
        """Stop every idle process; busy ones are stopped as they come back."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
