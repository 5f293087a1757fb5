"""``afgld serve`` on a real socket, attacked with raw bytes: what Flask's test client cannot send.

One server (granian, one web worker with two threads, so that a starved thread shows) over a
copy of the mini project, with small limits; requests go to 127.0.0.1 only, each bounded in
time. Also: the access log, /healthz and /version on the wire, a killed web worker replaced, a
graceful stop, and the refusal to start on a partial or corrupt build.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from afgld.build.pipeline import build_project
from tests.conftest import DATA, copy_project, free_port

pytestmark = pytest.mark.socket
STARTUP_S = 120.0
LIMITS = {
    "AFGLD_WEB_WORKERS": "1",
    "AFGLD_WEB_THREADS": "2",
    "AFGLD_HEADER_TIMEOUT_S": "2",
    "AFGLD_BODY_TIMEOUT_S": "1",
    "AFGLD_MAX_BODY_BYTES": "20000",
    "AFGLD_MAX_HEADER_BYTES": "8192",
    "AFGLD_MAX_URL_BYTES": "4096",
    "AFGLD_QUERY_TIMEOUT_S": "2",
    "AFGLD_GRACEFUL_TIMEOUT_S": "10",
    "AFGLD_ACCESS_LOG": "json",
}
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . "
    "?p ?q ?r . ?t ?u ?v . ?w ?x ?y }"
)


@dataclass
class Served:
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    root: Path

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def raw(self, data: bytes, *, timeout: float = 10.0) -> bytes:
        """Send bytes as they are; return what comes back until the server closes or goes quiet."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(data)
            return read_until_quiet(sock)

    def children(self) -> list[int]:
        return children_of(self.process.pid)


def read_until_quiet(sock: socket.socket, quiet_s: float = 0.3) -> bytes:
    received = b""
    sock.settimeout(quiet_s)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            if received:
                break
            continue
        except ConnectionResetError:
            break
        if not chunk:
            break
        received += chunk
    return received


def status_of(answer: bytes) -> int:
    assert answer.startswith((b"HTTP/1.1 ", b"HTTP/1.0 ")), answer[:200]
    return int(answer[9:12])


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return found


def query_processes_of(root: Path) -> list[str]:
    """Command lines of the query processes reading ``root``'s build, anywhere on the machine."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "afgld/store/worker.py" in command and str(root) in command:
                found.append(command)
    return found


def start(root: Path, port: int, log: Path, extra: dict[str, str]) -> subprocess.Popen[bytes]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("AFGLD_")}
    environ.update(extra)
    command = [sys.executable, "-m", "afgld.cli", "--project", str(root), "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with log.open("ab") as stream:
        return subprocess.Popen(
            command, stdout=stream, stderr=subprocess.STDOUT, env=environ, start_new_session=True
        )


def wait_until_healthy(served: Served, deadline_s: float = STARTUP_S) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        assert served.process.poll() is None, served.log.read_text()[-3000:]
        try:
            if served.get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)  # the next poll; the deadline bounds the wait
    raise AssertionError(f"no answer within {deadline_s} s:\n{served.log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait(timeout=10)


def fresh_server(folder: Path) -> Served:
    """A server of its own over a copy of the mini project, for a test that stops it."""
    project = copy_project(DATA / "mini", folder / "project")
    port = free_port()
    log = folder / "log"
    return Served(port, start(project.root, port, log, LIMITS), log, project.root)


@contextmanager
def mini_server(folder: Path, settings: dict[str, str]) -> Iterator[Served]:
    """``afgld serve`` with ``settings`` over a copy of the mini project, until the block ends."""
    project = copy_project(DATA / "mini", folder / "project")
    port = free_port()
    log = project.root / "serve.log"
    server = Served(port, start(project.root, port, log, settings), log, project.root)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        stop(server.process)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with mini_server(tmp_path_factory.mktemp("server"), LIMITS) as server:
        yield server


# -- hostile bytes on the wire -----------------------------------------------------------


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /\r\nX-Injected: 1 HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET /%0d%0aX-Injected:%201 HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET /doc/person/x HTTP/1.1\r\nHost: a\r\nX-A: b\rX-Injected: 1\r\n\r\n",
        b"GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nX-A: a\x00b\r\n\r\n",
        b"GET /doc/\xff\xfe HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET /doc/%ff%fe HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\nAccept: \xff\r\n\r\n",
        b"GET /../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET /static/..%2f..%2f..%2fetc/passwd HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET http://evil.example/doc/person/x HTTP/1.1\r\nHost: a\r\n\r\n",
        b"FOO / HTTP/1.1\r\nHost: a\r\n\r\n",
        b"TRACE / HTTP/1.1\r\nHost: a\r\n\r\n",
        b"DELETE /dumps/afgld.nq HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET / HTTP/1.0\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: a\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nAccept: " + b";q=," * 1000 + b"\r\n\r\n",
    ],
)
def test_raw_hostile_requests_get_a_clean_answer(served: Served, request_bytes: bytes) -> None:
    answer = served.raw(request_bytes)
    head, _, body = answer.partition(b"\r\n\r\n")
    if answer:  # the server may also just close a connection that speaks no HTTP/1
        assert status_of(answer) < 500, answer[:300]
        assert b"x-injected" not in head.lower()
        assert b"Traceback" not in body and str(served.root).encode() not in body
        assert b"root:x:0:0" not in body
    assert served.get("/healthz")[0] == 200


def test_oversized_headers_and_urls_are_refused(served: Served) -> None:
    big_header = b"GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n"
    assert status_of(served.raw(big_header)) == 431
    many = b"".join(b"X-%d: a\r\n" % i for i in range(300))
    assert status_of(served.raw(b"GET / HTTP/1.1\r\nHost: a\r\n" + many + b"\r\n")) == 431
    long_url = b"GET /sparql?query=" + b"a" * 5000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"
    answer = served.raw(long_url)
    assert status_of(answer) == 414 and b"MAX_URL_BYTES" in answer
    huge_url = b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"
    assert status_of(served.raw(huge_url)) in (414, 431)


def test_oversized_bodies_are_refused_before_they_are_read(served: Served) -> None:
    declared = (
        b"POST /sparql HTTP/1.1\r\nHost: a\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 10000000\r\n\r\n"
    )
    assert status_of(served.raw(declared)) == 413
    chunked = (
        b"POST /sparql HTTP/1.1\r\nHost: a\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
        + b"".join(b"%x\r\n%s\r\n" % (5000, b"a" * 5000) for _ in range(6))
        + b"0\r\n\r\n"
    )
    assert status_of(served.raw(chunked)) == 413


def test_a_body_that_never_arrives_is_408(served: Served) -> None:
    started = time.monotonic()
    answer = served.raw(
        b"POST /sparql HTTP/1.1\r\nHost: a\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100\r\n\r\nASK",
        timeout=10,
    )
    assert status_of(answer) == 408 and b"BODY_TIMEOUT_S" in answer
    assert time.monotonic() - started < 5


def test_headers_that_never_end_are_dropped(served: Served) -> None:
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n")
        answer = read_until_quiet(sock, quiet_s=8)
    assert answer == b"" or status_of(answer) in (400, 408)
    assert time.monotonic() - started < 8


def test_a_request_sent_byte_by_byte_is_answered(served: Served) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        for byte in request:
            sock.sendall(bytes([byte]))
            time.sleep(0.005)
        assert status_of(read_until_quiet(sock)) == 200


def _trickle(port: int, prefix: bytes, slow: bytes, stop_at: float) -> None:
    """Send ``prefix`` at once, then ``slow`` one byte every 50 ms until ``stop_at``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(prefix)
            for byte in slow:
                if time.monotonic() > stop_at:
                    return
                sock.sendall(bytes([byte]))
                time.sleep(0.05)
    except OSError:
        return


def test_slow_clients_starve_no_one(served: Served) -> None:
    """Eight clients trickling headers and eight trickling bodies, against two threads.

    BODY_TIMEOUT_S is 1 s here, so the body tricklers are cut off with a 408 after a second;
    the requests below run within that second and after it."""
    stop_at = time.monotonic() + 6
    slow_head = (b"", b"GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + b"a" * 200)
    slow_body = (
        b"POST /sparql HTTP/1.1\r\nHost: a\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 5000\r\n\r\n",
        b"#" * 5000,
    )
    slow = [
        threading.Thread(target=_trickle, args=(served.port, *parts, stop_at), daemon=True)
        for parts in [slow_head] * 8 + [slow_body] * 8
    ]
    for thread in slow:
        thread.start()
    time.sleep(0.5)  # let them connect and start trickling
    for _ in range(20):
        started = time.monotonic()
        status, _ = served.get("/sparql?query=ASK%7B%7D", {"Accept": "application/json"})
        assert status == 200 and time.monotonic() - started < 2
    for thread in slow:
        thread.join(timeout=10)


# -- what the server says about itself ----------------------------------------------------


def test_a_worker_takes_requests_only_once_its_query_processes_are_ready(
    tmp_path: Path,
) -> None:
    """The first healthy answer of a fresh server already has every query process ready: a
    query sent then never waits for processes that are still starting (and a signal to the
    server's process group cannot catch one of them half-started)."""
    server = fresh_server(tmp_path)
    try:
        wait_until_healthy(server)
        status, body = server.get("/healthz")
        processes = json.loads(body)["query_processes"]
        assert status == 200 and processes["live"] == processes["configured"] == 2
        for pid in (pid for worker in server.children() for pid in children_of(worker)):
            assert os.getsid(pid) != os.getsid(server.process.pid)  # a session of their own
    finally:
        stop(server.process)


def test_healthz_and_version_on_the_wire(served: Served) -> None:
    status, body = served.get("/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    status, body = served.get("/version")
    version = json.loads(body)
    manifest = json.loads((served.root / "build" / "manifest.json").read_text())
    assert version["release"] == manifest["release"]
    assert version["ontology_version"] == manifest["ontology_version"]


def test_settings_reach_the_workers_without_the_environment(served: Served) -> None:
    """The base IRI follows the address served and the build folder was found from the project:
    the worker serves both, though neither was ever written into any process's environment
    (the query processes, started with exec, would show it)."""
    version = json.loads(served.get("/version")[1])
    assert version["base_iri"] == f"http://127.0.0.1:{served.port}/"
    workers = served.children()
    query_processes = [pid for worker in workers for pid in children_of(worker)]
    assert query_processes
    for pid in [served.process.pid, *workers, *query_processes]:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        names = {entry.partition(b"=")[0] for entry in environ}
        assert b"AFGLD_BASE_IRI" not in names and b"AFGLD_BUILD_DIR" not in names


def test_the_server_is_a_fresh_interpreter_handed_its_settings_in_a_pipe(served: Served) -> None:
    """`afgld serve` checked the build, then became `python -m afgld.serving.server` (same
    process): the build's imports are not copied into the web workers, and the settings are on
    no command line either."""
    for pid in [served.process.pid, *served.children()]:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert command[1:3] == [b"-m", b"afgld.serving.server"], command
        assert not any(b"127.0.0.1:" in part or b"BASE_IRI" in part for part in command)


def test_the_access_log_is_one_json_object_a_request_with_the_querys_hash(
    served: Served,
) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    served.get("/sparql?" + urllib.parse.urlencode({"query": query}))
    served.raw(b"GET /log%0d%0a%7B%22forged%22:1%7D HTTP/1.1\r\nHost: a\r\n\r\n")
    time.sleep(0.2)  # the log line is written after the answer is sent
    entries = []
    for line in served.log.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            entries.append(json.loads(line))
    assert not any("forged" in entry for entry in entries)
    for entry in entries:
        assert {"time", "method", "path", "status", "bytes", "duration_ms", "pid"} <= set(entry)
    hashed = [e for e in entries if e["path"] == "/sparql" and "query_sha256" in e]
    assert hashlib.sha256(query.encode()).hexdigest()[:16] in {e["query_sha256"] for e in hashed}
    assert any(e["path"].startswith("/log") and e["status"] == 404 for e in entries)


# -- faults ---------------------------------------------------------------------------------


def test_a_killed_web_worker_is_replaced(served: Served) -> None:
    (worker,) = served.children()
    os.kill(worker, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        alive = [pid for pid in served.children() if pid != worker]
        if alive:
            try:
                if served.get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
        time.sleep(0.1)  # the next poll; the deadline bounds the wait
    else:
        raise AssertionError("no new web worker answered")
    assert served.get("/doc/person/ahmad-massoud")[0] == 200


def test_sigterm_lets_a_request_under_way_finish_then_exits_cleanly(
    tmp_path: Path,
) -> None:
    server = fresh_server(tmp_path)
    try:
        wait_until_healthy(server)
        outcome: list[tuple[int, bytes]] = []

        def runaway() -> None:
            outcome.append(server.get("/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})))

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.5)  # the query is running in its query process
        os.killpg(server.process.pid, signal.SIGTERM)
        thread.join(timeout=20)
        # the query ran on to QUERY_TIMEOUT_S and was answered, not cut off by the signal
        ((status, body),) = outcome
        assert status == 503 and b"QUERY_TIMEOUT_S" in body
        assert server.process.wait(timeout=30) == 0
        deadline = time.monotonic() + 10
        while query_processes_of(server.root):
            assert time.monotonic() < deadline, "a query process outlived the server"
            time.sleep(0.1)
    finally:
        stop(server.process)


# -- refusing a build that is not whole ------------------------------------------------------


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    project = copy_project(DATA / "mini", tmp_path / "project")
    port = free_port()
    build_project(project, project.root / "build", f"http://127.0.0.1:{port}/")
    (project.root / "port").write_text(str(port))
    return project.root


def _serve_and_fail(root: Path) -> tuple[int, str]:
    port = int((root / "port").read_text())
    log = root / "refusal.log"
    process = start(root, port, log, {"AFGLD_WEB_WORKERS": "1"})
    code = process.wait(timeout=120)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    return code, log.read_text(encoding="utf-8")


def test_a_corrupt_build_is_refused_at_start(built: Path) -> None:
    dump = built / "build" / "afgld.ttl"
    data = bytearray(dump.read_bytes())
    data[100] ^= 0x01
    dump.write_bytes(bytes(data))
    code, log = _serve_and_fail(built)
    assert code == 2 and "does not match its SHA-256" in log and "afgld.ttl" in log


def test_a_truncated_build_is_refused_at_start(built: Path) -> None:
    dump = built / "build" / "afgld.nq"
    dump.write_bytes(dump.read_bytes()[:1000])
    code, log = _serve_and_fail(built)
    assert code == 2 and "partial or altered" in log and "afgld.nq" in log


def test_a_missing_file_is_refused_at_start(built: Path) -> None:
    (built / "build" / "void.ttl").unlink()
    code, log = _serve_and_fail(built)
    assert code == 2 and "void.ttl is missing" in log


def test_a_build_without_its_manifest_is_refused_not_rebuilt(built: Path) -> None:
    (built / "build" / "manifest.json").unlink()
    code, log = _serve_and_fail(built)
    assert code == 2 and "partial build" in log
    assert not (built / "build" / "manifest.json").exists()


def test_a_corrupt_manifest_is_refused_not_rebuilt(built: Path) -> None:
    (built / "build" / "manifest.json").write_text("{ not json", encoding="utf-8")
    code, log = _serve_and_fail(built)
    assert code == 2 and "manifest.json is corrupt" in log


def test_a_port_in_use_is_a_clear_error(built: Path) -> None:
    port = int((built / "port").read_text())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        log = built / "taken.log"
        code = start(built, port, log, {"AFGLD_WEB_WORKERS": "1"}).wait(timeout=120)
    text = log.read_text(encoding="utf-8")
    assert code == 2 and "cannot listen on 127.0.0.1" in text and "Traceback" not in text
