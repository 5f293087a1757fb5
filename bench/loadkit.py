"""Loopback load tools shared by the benchmarks: keep-alive clients, slow clients, percentiles.

Every function here talks to 127.0.0.1 only and stops by itself: loops are bounded by a count
and by a deadline.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def build_release(out: Path, base: str, root: Path) -> Path:
    """``afgld build`` of the project at ``root`` into ``out``, minted under ``base``."""
    afgld = Path(sys.executable).parent / "afgld"
    subprocess.run(
        [str(afgld), "build", "--out", str(out), "--base", base],
        check=True,
        cwd=root,
        capture_output=True,
    )
    return out


def save_results(folder: Path, stem: str, payload: dict[str, object]) -> Path:
    """Write ``payload`` as ``folder/results/<stem>-<timestamp>.json``; return the path."""
    out = folder / "results" / time.strftime(f"{stem}%Y%m%dT%H%M%S.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(payload, indent=1))
    return out


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    label: str = ""


@dataclass
class Outcome:
    label: str
    status: int  # 0: the connection failed
    seconds: float
    error: str = ""
    retried: bool = False


class Client:
    """One keep-alive connection; a request that meets a closed connection is retried once."""

    def __init__(self, port: int, timeout: float = 60.0) -> None:
        self.port = port
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> Outcome:
        start = time.perf_counter()
        error = ""
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    LOOPBACK, self.port, timeout=self.timeout
                )
            try:
                self.connection.request(
                    request.method, request.path, body=request.body, headers=request.headers
                )
                response = self.connection.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return Outcome(
                    request.label,
                    response.status,
                    time.perf_counter() - start,
                    error,
                    retried=attempt == 2,
                )
            except (http.client.HTTPException, OSError) as failure:
                error = f"{type(failure).__name__}: {failure}"
                self.close()
        return Outcome(request.label, 0, time.perf_counter() - start, error, retried=True)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def burst(
    port: int,
    requests: Sequence[Request],
    *,
    clients: int,
    seconds: float,
    max_requests: int = 1_000_000,
    on_tick: Callable[[float], None] | None = None,
) -> list[Outcome]:
    """``clients`` threads cycle through ``requests`` until ``seconds`` pass (or the count)."""
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    sent = [0]
    stop = time.perf_counter() + seconds

    def run(index: int) -> None:
        client = Client(port)
        position = index
        mine: list[Outcome] = []
        while time.perf_counter() < stop:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
            mine.append(client.send(requests[position % len(requests)]))
            position += 1
        client.close()
        with lock:
            outcomes.extend(mine)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    while on_tick is not None and any(t.is_alive() for t in threads):
        on_tick(stop - time.perf_counter())
        time.sleep(0.1)
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return outcomes


def summary(outcomes: Sequence[Outcome], seconds: float) -> dict[str, object]:
    times = [o.seconds for o in outcomes if o.status]
    statuses: dict[str, int] = {}
    for outcome in outcomes:
        statuses[str(outcome.status)] = statuses.get(str(outcome.status), 0) + 1
    return {
        "requests": len(outcomes),
        "rps": round(len(outcomes) / seconds, 1),
        "statuses": statuses,
        "errors": sum(1 for o in outcomes if o.status == 0 or o.status >= 500),
        "retried": sum(1 for o in outcomes if o.retried),
        "p50_ms": round(statistics.median(times) * 1000, 2) if times else None,
        "p95_ms": round(percentile(times, 0.95) * 1000, 2) if times else None,
        "p99_ms": round(percentile(times, 0.99) * 1000, 2) if times else None,
        "max_ms": round(max(times) * 1000, 2) if times else None,
    }


class SlowClients:
    """``count`` connections that send ``prefix`` at once, then ``trickle`` one byte every
    ``interval`` seconds: slow headers (no prefix) or a slow body (the headers as the prefix).

    They never finish within ``seconds``; they stop by themselves then.
    """

    HEADERS = (
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client\r\nX-Pad: " + b"a" * 400
    )
    BODY_HEADERS = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 4000\r\n\r\n"
    )

    def __init__(
        self,
        port: int,
        count: int,
        interval: float,
        seconds: float,
        *,
        slow_body: bool = False,
    ) -> None:
        self.port, self.count, self.interval, self.seconds = port, count, interval, seconds
        self.prefix = self.BODY_HEADERS if slow_body else b""
        self.trickle = b"#" * 4000 if slow_body else self.HEADERS
        self.threads: list[threading.Thread] = []
        self.bytes_sent = [0] * count
        self.closed_by_server = [False] * count

    def start(self) -> SlowClients:
        for index in range(self.count):
            thread = threading.Thread(target=self._run, args=(index,), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def _run(self, index: int) -> None:
        stop = time.monotonic() + self.seconds
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=5) as sock:
                sock.sendall(self.prefix)
                self.bytes_sent[index] += len(self.prefix)
                for byte in self.trickle:
                    if time.monotonic() > stop:
                        return
                    sock.sendall(bytes([byte]))
                    self.bytes_sent[index] += 1
                    time.sleep(self.interval)
        except OSError:
            self.closed_by_server[index] = True

    def join(self) -> None:
        for thread in self.threads:
            thread.join(timeout=self.seconds + 10)


def direct_children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def children_by_command(pid: int, needle: str) -> list[int]:
    """Descendants of ``pid`` whose command line contains ``needle``."""
    found = []
    for child in process_tree(pid)[1:]:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        except FileNotFoundError:
            continue
        if needle.encode() in command:
            found.append(child)
    return found


def wait_until_up(port: int, process: subprocess.Popen[bytes], path: str, deadline: float) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection(LOOPBACK, port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not answer within {deadline} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9) if process.pid else None
            process.wait()
