"""A pool of query processes with a hard wall-clock limit per query.

Oxigraph cannot cancel a running query, so a query past its deadline is stopped by killing the
process that runs it; a fresh process takes its place in the background while the other
processes keep answering. Each is a new interpreter (``python -m afgld.store.worker``), never
a fork of a threaded web server process, talking over two pipes. The pool starts in the process
that first uses it, so a web server that forks after building the app gets one pool per worker.
"""

from __future__ import annotations

import math
import os
import queue
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from afgld.store import PoolBusy, QueryTimedOut, WorkerCrashed
from afgld.store.jobs import Answer, Job, job_to_wire

# A request that finds no idle process for this long starts one more (up to ``most``): long
# enough that quick queries finishing do not make the pool grow, short beside a slow query.
GROW_AFTER_S = 0.1


@dataclass
class _Process:
    process: subprocess.Popen[bytes]
    requests: Connection
    answers: Connection
    waiter: select.poll = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.waiter = select.poll()  # one thread at a time uses a process, so one poller each
        self.waiter.register(self.answers.fileno(), select.POLLIN)

    def answered_within(self, seconds: float) -> bool:
        """True once an answer (or EOF) is readable; a poll(2), cheaper than Connection.poll."""
        return bool(self.waiter.poll(max(0, math.ceil(seconds * 1000))))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.requests.close()
        self.answers.close()


@dataclass
class QueryPool:
    """``size`` processes serving the index in ``store_dir``; ``run`` is thread-safe.

    When every process stays busy for ``GROW_AFTER_S`` (slow queries running), a request starts
    one more, up to ``most`` in all, instead of waiting for a slow query to end: a few expensive
    queries do not hold up cheap ones. The extra processes stay, as the first ``size`` do.
    """

    store_dir: Path
    size: int
    prefixes: dict[str, str]
    wait_s: float
    most: int = 0  # 0: never more than ``size``
    _count: int = field(init=False, repr=False, default=0)  # alive or starting
    _live: int = field(init=False, repr=False, default=0)  # ready: idle or busy
    _idle: queue.Queue[_Process] = field(init=False, repr=False)
    _all: set[int] = field(init=False, repr=False, default_factory=set)
    _pid: int = field(init=False, repr=False, default=0)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    _closed: bool = field(init=False, repr=False, default=False)
    _ready: threading.Condition = field(init=False, repr=False, default_factory=threading.Condition)

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
            self._count = self.size
            self._live = 0
        for _ in range(self.size):
            self._spawn_in_background()
        return self

    def _spawn(self) -> None:
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        command = [sys.executable, "-m", "afgld.store.worker", str(self.store_dir)]
        command += [str(request_read), str(answer_write)]
        # In a session of its own: a signal sent to the server's process group (Ctrl-C, a
        # service manager stopping the server) must not kill a query process that is still
        # starting, before it could ignore the signal; it exits with its parent instead.
        process = subprocess.Popen(
            command, pass_fds=(request_read, answer_write), close_fds=True, start_new_session=True
        )
        os.close(request_read)
        os.close(answer_write)
        handle = _Process(
            process,
            Connection(request_write, readable=False),
            Connection(answer_read, writable=False),
        )
        try:
            handle.requests.send(self.prefixes)
            ready = handle.answers.recv()
        except (EOFError, OSError):
            handle.stop()
            raise WorkerCrashed(f"a query process could not open {self.store_dir}") from None
        assert ready == "ready"
        if not self._keep(handle, started=True):
            return
        with self._ready:
            self._ready.notify_all()

    def _keep(self, handle: _Process, *, started: bool = False) -> bool:
        """Back among the idle processes, or stopped when the pool has closed meanwhile (the
        check and the put under one lock, so that close() cannot miss it)."""
        with self._lock:
            keep = not self._closed and self._pid == os.getpid()
            if keep:
                self._live += 1 if started else 0
                self._idle.put(handle)
        if not keep:
            handle.stop()
        return keep

    def _spawn_in_background(self) -> None:
        threading.Thread(target=self._spawn_counted, name="afgld-query-spawn", daemon=True).start()

    def _spawn_counted(self) -> None:
        try:
            self._spawn()
        except WorkerCrashed:
            with self._lock:
                self._count -= 1

    def _grow_if_all_busy(self) -> None:
        if self._closed:
            return
        with self._lock:
            # one more only if none is starting (the first ones, or a replacement, may be)
            if self._count >= max(self.most, self.size) or self._live < self._count:
                return
            self._count += 1
        self._spawn_in_background()

    def _replace(self, handle: _Process) -> None:
        with self._lock:
            self._live -= 1
        handle.stop()
        if not self._closed:
            self._spawn_in_background()

    def run(self, job: Job, timeout_s: float) -> Answer:
        """Answer ``job`` within ``timeout_s`` seconds, or raise a PoolError."""
        if self._pid != os.getpid():
            self.start()
        try:
            handle = self._idle.get(timeout=min(GROW_AFTER_S, self.wait_s))
        except queue.Empty:
            handle = None
        try:
            if handle is None:
                self._grow_if_all_busy()
                handle = self._idle.get(timeout=max(0.0, self.wait_s - GROW_AFTER_S))
        except queue.Empty:
            raise PoolBusy(
                f"All {max(self.size, self._count)} query processes stayed busy for "
                f"{self.wait_s:g} s (QUERY_WORKERS, QUERY_WAIT_S). Try again shortly."
            ) from None
        try:
            handle.requests.send(job_to_wire(job))
            if not handle.answered_within(timeout_s):
                self._replace(handle)
                raise QueryTimedOut(timeout_s)
            answer = Answer(*handle.answers.recv())
        except (EOFError, OSError, BrokenPipeError):
            self._replace(handle)
            raise WorkerCrashed(
                "The query engine stopped while running this query; nothing was returned."
            ) from None
        self._keep(handle)
        return answer

    def processes(self) -> list[subprocess.Popen[bytes]]:
        """The idle query processes (for tests and monitoring)."""
        with self._idle.mutex:
            return [handle.process for handle in self._idle.queue]

    def state(self) -> dict[str, int | bool]:
        """For /healthz: started in this process, configured size, ready (idle or busy), idle."""
        started = self._pid == os.getpid() and not self._closed
        return {
            "started": started,
            "configured": self.size,
            "live": self._live if started else 0,
            "idle": self._idle.qsize() if started else 0,
        }

    def pids(self) -> set[int]:
        return {process.pid for process in self.processes()}

    def wait_until_ready(self, timeout_s: float = 30.0) -> None:
        """Block until all ``size`` processes are idle (after start or a replacement)."""
        deadline = time.monotonic() + timeout_s
        while self._idle.qsize() < self.size:
            if time.monotonic() > deadline:
                raise PoolBusy(f"{self._idle.qsize()} of {self.size} query processes ready")
            with self._ready:
                self._ready.wait(timeout=0.05)

    def close(self) -> None:
        """Stop every idle process; busy ones are stopped as they come back."""
        with self._lock:
            self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
