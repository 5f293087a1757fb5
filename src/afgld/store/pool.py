"""A pool of query processes with a hard wall-clock limit per query.

Oxigraph cannot cancel a running query (pyoxigraph 0.5.13 offers no timeout or cancellation in
its Python API), so a query past its deadline is stopped by killing the process that runs it; a
fresh process takes its place in the background while the others keep answering. Each is a new
interpreter running ``afgld/store/worker.py`` as a script, never a fork of a threaded web server
process, talking over two pipes. The pool starts in the process that first uses it, so a web
server that forks after building the app gets one pool per worker.

A query is run from an event loop (:meth:`QueryPool.run_async`: the serving layer's loop writes
the job and is called back when the answer is readable, so no thread is woken for it) or from
any thread (:meth:`QueryPool.run`, the same coroutine on a loop of its own). The idle process
used last takes the next query: under light load one process stays warm, and the others'
caches stay cold and small.
"""

from __future__ import annotations

import asyncio
import collections
import fcntl
import os
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from afgld.store import PoolBusy, QueryTimedOut, WorkerCrashed, worker
from afgld.store.jobs import Answer, Job
from afgld.store.worker import READY, FrameReader, job_to_wire, write_frame

# A request that finds no idle process for this long starts one more (up to ``most``): long
# enough that quick queries finishing do not make the pool grow, short beside a slow query.
GROW_AFTER_S = 0.1
START_TIMEOUT_S = 60.0
PIPE_BYTES = 1 << 20  # fewer wake-ups for a large answer (Linux caps what a user may ask)
WORKER_SCRIPT = str(Path(worker.__file__).resolve())


@dataclass(eq=False)
class _Process:
    process: subprocess.Popen[bytes]
    requests: int  # where jobs are written (blocking)
    answers: int  # where answers are read (non-blocking)
    reader: FrameReader = field(default_factory=FrameReader)
    stopped: bool = False

    def read_within(self, seconds: float) -> object:
        """The next message, waiting at most ``seconds`` (TimeoutError), for a thread."""
        deadline = time.monotonic() + seconds
        poller = select.poll()
        poller.register(self.answers, select.POLLIN)
        while True:
            done, value = self.reader.feed(self.answers)
            if done:
                return value
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            poller.poll(left * 1000)

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.requests)
        os.close(self.answers)


@dataclass(eq=False)
class _Waiter:
    """A query waiting for a process: the process is handed over under the pool's lock, then
    the waiting coroutine is woken on its own loop."""

    loop: asyncio.AbstractEventLoop
    woken: asyncio.Future[None]
    handle: _Process | None = None


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _hand_over(waiter: _Waiter) -> None:
    """Wake ``waiter``: directly when on its own loop, else through that loop."""
    try:
        here: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:  # a thread with no loop: the one that started a process
        here = None
    if here is waiter.loop:
        _wake(waiter.woken)
        return
    try:
        waiter.loop.call_soon_threadsafe(_wake, waiter.woken)
    except RuntimeError:  # its loop is closed: it gave up and took the process back
        pass


def _on_readable(handle: _Process, answered: asyncio.Future[object]) -> None:
    try:
        done, value = handle.reader.feed(handle.answers)
    except (EOFError, OSError) as error:
        if not answered.done():
            answered.set_exception(error)
        return
    if done and not answered.done():
        answered.set_result(value)


def _expire(answered: asyncio.Future[object], timeout_s: float) -> None:
    if not answered.done():
        answered.set_exception(QueryTimedOut(timeout_s))


def _pipe() -> tuple[int, int]:
    read, write = os.pipe()
    try:
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (AttributeError, OSError):  # not Linux, or above /proc/sys/fs/pipe-max-size
        pass
    return read, write


@dataclass
class QueryPool:
    """``size`` processes serving the index in ``store_dir``; ``run`` and ``run_async`` may be
    called from any thread or loop at once.

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
    _idle: list[_Process] = field(init=False, repr=False, default_factory=list)
    _waiters: collections.deque[_Waiter] = field(
        init=False, repr=False, default_factory=collections.deque
    )
    _pid: int = field(init=False, repr=False, default=0)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    _closed: bool = field(init=False, repr=False, default=False)
    _ready: threading.Condition = field(init=False, repr=False, default_factory=threading.Condition)
    _watchers: int = field(init=False, repr=False, default=0)  # in wait_until_ready

    def start(self) -> QueryPool:
        """Start (or, in a forked child of the starting process, restart) the processes."""
        with self._lock:
            if self._pid == os.getpid():
                return self
            self._pid = os.getpid()
            self._idle = []
            self._waiters = collections.deque()
            self._closed = False
            self._count = self.size
            self._live = 0
        for _ in range(self.size):
            self._spawn_in_background()
        return self

    # -- running a query -------------------------------------------------------------------
    def run(self, job: Job, timeout_s: float) -> Answer:
        """Answer ``job`` within ``timeout_s`` seconds, or raise a PoolError; for a thread."""
        return asyncio.run(self.run_async(job, timeout_s))

    async def run_async(self, job: Job, timeout_s: float) -> Answer:
        """Answer ``job`` within ``timeout_s`` seconds, or raise a PoolError; on an event loop.
        Cancelled, it stops the query's process: nobody would read its answer."""
        if self._pid != os.getpid():
            self.start()
        handle = await self._acquire()
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[object] = loop.create_future()
        timer = loop.call_later(timeout_s, _expire, answered, timeout_s)
        try:
            write_frame(handle.requests, job_to_wire(job))
            loop.add_reader(handle.answers, _on_readable, handle, answered)
            try:
                value = await answered
            finally:
                loop.remove_reader(handle.answers)
        except (EOFError, OSError):
            self._replace(handle)
            raise WorkerCrashed(
                "The query engine stopped while running this query; nothing was returned."
            ) from None
        except BaseException:  # past its deadline, or nobody waits for it any more
            self._replace(handle)
            raise
        finally:
            timer.cancel()
        self._release(handle)
        assert isinstance(value, tuple)
        return Answer(*value)

    async def _acquire(self) -> _Process:
        with self._lock:
            if self._idle:
                return self._idle.pop()  # the one used last: its caches are warm
            loop = asyncio.get_running_loop()
            waiter = _Waiter(loop, loop.create_future())
            self._waiters.append(waiter)
        grow = loop.call_later(min(GROW_AFTER_S, self.wait_s), self._grow_if_all_busy)
        give_up = loop.call_later(self.wait_s, _wake, waiter.woken)
        try:
            await waiter.woken
        except BaseException:  # cancelled: a process handed over meanwhile goes back
            if (handle := self._forget(waiter)) is not None:
                self._release(handle)
            raise
        finally:
            grow.cancel()
            give_up.cancel()
        handle = self._forget(waiter)
        if handle is None:
            raise PoolBusy(
                f"All {max(self.size, self._count)} query processes stayed busy for "
                f"{self.wait_s:g} s (QUERY_WORKERS, QUERY_WAIT_S). Try again shortly."
            )
        return handle

    def _forget(self, waiter: _Waiter) -> _Process | None:
        """The process handed to ``waiter`` (woken, given up or cancelled), if one was; if
        none was, it stops waiting."""
        with self._lock:
            if waiter.handle is None:
                self._waiters.remove(waiter)
            return waiter.handle

    def _release(self, handle: _Process) -> None:
        """An idle process: to the first waiter, else back among the idle ones."""
        waiter: _Waiter | None = None
        stop = False
        with self._lock:
            if self._closed or self._pid != os.getpid():
                stop = True
            elif self._waiters:
                waiter = self._waiters.popleft()
                waiter.handle = handle
            else:
                self._idle.append(handle)
        if stop:
            handle.stop()
        elif waiter is not None:
            _hand_over(waiter)
        if self._watchers:
            with self._ready:
                self._ready.notify_all()

    # -- starting and replacing processes ----------------------------------------------------
    def _spawn(self) -> None:
        request_read, request_write = _pipe()
        answer_read, answer_write = _pipe()
        command = [sys.executable, "-P", WORKER_SCRIPT, str(self.store_dir)]
        command += [str(request_read), str(answer_write)]
        # In a session of its own: a signal sent to the server's process group (Ctrl-C, a
        # service manager stopping the server) must not kill a query process that is still
        # starting, before it could ignore the signal; it exits with its parent instead.
        process = subprocess.Popen(
            command, pass_fds=(request_read, answer_write), close_fds=True, start_new_session=True
        )
        os.close(request_read)
        os.close(answer_write)
        os.set_blocking(answer_read, False)
        handle = _Process(process, request_write, answer_read)
        try:
            write_frame(handle.requests, self.prefixes)
            ready = handle.read_within(START_TIMEOUT_S)
        except (EOFError, OSError):
            handle.stop()
            raise WorkerCrashed(f"a query process could not open {self.store_dir}") from None
        assert ready == READY
        with self._lock:
            self._live += 1
        self._release(handle)

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
        """Stop ``handle`` (killed if busy) and start another, both off the caller's thread."""
        with self._lock:
            self._live -= 1

        def stop_and_start() -> None:
            handle.stop()
            if not self._closed:
                self._spawn_counted()

        threading.Thread(target=stop_and_start, name="afgld-query-replace", daemon=True).start()

    # -- for the server's life, health and tests ----------------------------------------------
    def processes(self) -> list[subprocess.Popen[bytes]]:
        """The idle query processes (for tests and monitoring)."""
        with self._lock:
            return [handle.process for handle in self._idle]

    def state(self) -> dict[str, int | bool]:
        """For /healthz: started in this process, configured size, ready (idle or busy), idle."""
        started = self._pid == os.getpid() and not self._closed
        return {
            "started": started,
            "configured": self.size,
            "live": self._live if started else 0,
            "idle": len(self._idle) if started else 0,
        }

    def pids(self) -> set[int]:
        return {process.pid for process in self.processes()}

    def wait_until_ready(self, timeout_s: float = 30.0) -> None:
        """Block until all ``size`` processes are idle (after start or a replacement)."""
        deadline = time.monotonic() + timeout_s
        self._watchers += 1
        try:
            while len(self._idle) < self.size:
                if time.monotonic() > deadline:
                    raise PoolBusy(f"{len(self._idle)} of {self.size} query processes ready")
                with self._ready:
                    self._ready.wait(timeout=0.05)
        finally:
            self._watchers -= 1

    def close(self) -> None:
        """Stop every idle process; busy ones are stopped as they come back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for handle in idle:
            handle.stop()
