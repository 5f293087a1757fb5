"""Load and faults against `afgld serve`, on 127.0.0.1, bounded in count and time.

    python bench/load_bench.py [--clients 50] [--seconds 10]

Starts `afgld serve` (granian, WEB_WORKERS web workers, each with QUERY_WORKERS query
processes) over the real build, then:

1. burst: ``--clients`` concurrent keep-alive clients for ``--seconds`` of mixed page, dump and
   SPARQL requests; errors (connection failures and 5xx), p50/p95/p99, requests per second;
2. slow clients: 8 connections trickling headers and 8 trickling bodies (headers sent, then the
   body one byte every 50 ms),
   while 4 clients send the mix: nobody starves;
3. an expensive query (and then two) running while 4 clients send cheap ASK queries;
4. a web worker killed (SIGKILL) during a burst: what its clients saw, and recovery;
5. a query process killed during a burst of SPARQL requests;
6. a partial or corrupt build at start-up: refused, with the message and exit code.

Writes bench/results/load-<time>.json and prints a Markdown summary. Every request loop stops
by itself (count and deadline); nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from loadkit import (
    Outcome,
    Request,
    SlowClients,
    build_release,
    burst,
    children_by_command,
    direct_children,
    free_port,
    save_results,
    summary,
    wait_until_up,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
PERSON = "id/person/ahmad-massoud"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
EXPENSIVE = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
)


def sparql(query: str, label: str, accept: str = "application/sparql-results+json") -> Request:
    body = urllib.parse.urlencode({"query": query}).encode()
    return Request("POST", "/sparql", body, {**FORM, "Accept": accept}, label)


def mix(base: str) -> list[Request]:
    person = base + PERSON
    html = {"Accept": "text/html"}
    pages = [
        Request("GET", "/", headers=html, label="home page"),
        Request("GET", "/doc/person/ahmad-massoud", headers=html, label="entity page"),
        Request("GET", "/doc/person/ahmad-massoud.ttl", label="entity Turtle"),
        Request("GET", "/people", headers=html, label="index page"),
        Request("GET", "/doc/article/002", headers=html, label="article page"),
        Request("GET", "/dumps/SHA256SUMS", label="dump"),
        Request("GET", "/.well-known/void", headers={"Accept": "text/turtle"}, label="VoID"),
    ]
    queries = [
        sparql(f"SELECT ?p ?o WHERE {{ <{person}> ?p ?o }}", "SPARQL entity description"),
        sparql(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            "SPARQL per-graph count",
        ),
        sparql(f"ASK {{ <{person}> ?p ?o }}", "SPARQL cheap ASK"),
        sparql(f"DESCRIBE <{person}>", "SPARQL DESCRIBE", "text/turtle"),
    ]
    return pages + queries


def by_label(outcomes: list[Outcome]) -> dict[str, dict[str, object]]:
    labels = sorted({o.label for o in outcomes})
    return {label: summary([o for o in outcomes if o.label == label], 1.0) for label in labels}


def start_server(
    build: Path, port: int, log: Path, extra: dict[str, str]
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFGLD_")}
    env.update({"AFGLD_BUILD_DIR": str(build), "AFGLD_ACCESS_LOG": "off", **extra})
    command = [str(BIN / "afgld"), "--project", str(ROOT), "serve", "--port", str(port)]
    with log.open("ab") as stream:
        return subprocess.Popen(
            command, env=env, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def phase_burst(port: int, base: str, clients: int, seconds: float) -> dict[str, object]:
    burst(port, mix(base), clients=4, seconds=2)  # warm: query processes, caches
    outcomes = burst(port, mix(base), clients=clients, seconds=seconds)
    return {"total": summary(outcomes, seconds), "by_request": by_label(outcomes)}


def phase_slow(port: int, base: str, seconds: float) -> dict[str, object]:
    baseline = burst(port, mix(base), clients=4, seconds=seconds)
    heads = SlowClients(port, 8, 0.05, seconds + 2)
    bodies = SlowClients(port, 8, 0.05, seconds + 2, slow_body=True)
    heads.start()
    bodies.start()
    time.sleep(0.5)
    attacked = burst(port, mix(base), clients=4, seconds=seconds)
    heads.join()
    bodies.join()
    return {
        "without_slow_clients": summary(baseline, seconds),
        "with_16_slow_clients": summary(attacked, seconds),
        "slow_bytes_sent": sum(heads.bytes_sent) + sum(bodies.bytes_sent),
        "slow_connections_closed_by_server": sum(heads.closed_by_server)
        + sum(bodies.closed_by_server),
    }


def phase_expensive(port: int, base: str, seconds: float, runaways: int) -> dict[str, object]:
    cheap = [sparql(f"ASK {{ <{base + PERSON}> ?p ?o }}", "cheap ASK")]
    results: list[Outcome] = []
    threads = [
        threading.Thread(
            target=lambda: results.extend(
                burst(port, [sparql(EXPENSIVE, "expensive")], clients=1, seconds=0.1)
            )
        )
        for _ in range(runaways)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    during = burst(port, cheap, clients=4, seconds=seconds)
    for thread in threads:
        thread.join(timeout=120)
    return {
        "cheap_while_expensive_runs": summary(during, seconds),
        "expensive": [{"status": o.status, "seconds": round(o.seconds, 2)} for o in results],
    }


def phase_kill(
    port: int, base: str, server: subprocess.Popen[bytes], needle: str, requests: list[Request]
) -> dict[str, object]:
    def find() -> list[int]:
        if needle == "web worker":  # granian's workers: the server's own children
            return direct_children(server.pid)
        return children_by_command(server.pid, needle)

    victims = find()
    if not victims:
        return {"error": f"no process matching {needle!r}"}
    victim = victims[-1]
    killed_at: list[float] = []

    def kill_soon(remaining: float) -> None:
        if not killed_at and remaining < 3.0:
            os.kill(victim, signal.SIGKILL)
            killed_at.append(time.perf_counter())

    outcomes = burst(port, requests, clients=8, seconds=6, on_tick=kill_soon)
    recovered_s = None
    start = time.perf_counter()
    while time.perf_counter() - start < 60:
        alive = [p for p in find() if p != victim]
        if len(alive) >= len(victims):
            recovered_s = round(time.perf_counter() - killed_at[0], 2)
            break
        time.sleep(0.05)
    after = burst(port, requests, clients=4, seconds=2)
    failures = [o for o in outcomes if o.status == 0 or o.status >= 500]
    return {
        "killed_pid": victim,
        "during": summary(outcomes, 6),
        "failures_seen_by_clients": sorted({f"{o.status} {o.error[:80]}" for o in failures}),
        "retried_after_a_reset": sum(1 for o in outcomes if o.retried),
        "replaced_after_s": recovered_s,
        "after": summary(after, 2),
    }


def phase_refusal(build: Path, scratch: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    cases: dict[str, Callable[[Path], None]] = {
        "corrupt (one byte changed)": lambda b: _flip(b / "afgld.ttl"),
        "partial (file truncated)": lambda b: _truncate(b / "afgld.nq"),
        "missing file": lambda b: (b / "void.ttl").unlink(),
        "no manifest": lambda b: (b / "manifest.json").unlink(),
    }
    for name, damage in cases.items():
        copy = scratch / f"damaged-{len(found)}"
        shutil.copytree(build, copy)
        damage(copy)
        port = int(
            json.loads((build / "manifest.json").read_text())["base_iri"].rsplit(":", 1)[1][:-1]
        )
        log = scratch / f"refusal-{len(found)}.log"
        started = time.perf_counter()
        process = start_server(copy, port, log, {})
        code = process.wait(timeout=300)
        message = [line for line in log.read_text().splitlines() if line.startswith("error:")]
        found[name] = {
            "exit_code": code,
            "seconds": round(time.perf_counter() - started, 2),
            "message": message[0][:200] if message else log.read_text()[-300:],
        }
    return found


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument(
        "--page-cache-bytes",
        type=int,
        default=None,
        help="PAGE_CACHE_BYTES for the server (default: the setting's default; 0: no cache)",
    )
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="afgld-load-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    build = build_release(scratch / "build", base, ROOT)
    log = scratch / "serve.log"
    extra = {"AFGLD_WEB_WORKERS": str(args.web_workers), "AFGLD_QUERY_TIMEOUT_S": "5"}
    if args.page_cache_bytes is not None:
        extra["AFGLD_PAGE_CACHE_BYTES"] = str(args.page_cache_bytes)
    server = start_server(build, port, log, extra)
    result: dict[str, object] = {"args": vars(args)}
    try:
        wait_until_up(port, server, "/healthz", 120)
        burst_result = phase_burst(port, base, args.clients, args.seconds)
        result["burst"] = burst_result
        print("burst", json.dumps(burst_result["total"]), flush=True)
        result["slow_clients"] = phase_slow(port, base, 5)
        print("slow", json.dumps(result["slow_clients"]), flush=True)
        for runaways in (1, 2):
            result[f"expensive_{runaways}"] = phase_expensive(port, base, 4, runaways)
            print("expensive", runaways, json.dumps(result[f"expensive_{runaways}"]), flush=True)
        result["kill_web_worker"] = phase_kill(port, base, server, "web worker", mix(base))
        print("kill web worker", json.dumps(result["kill_web_worker"]), flush=True)
        queries = [r for r in mix(base) if r.path == "/sparql"]
        result["kill_query_process"] = phase_kill(port, base, server, "afgld.store.worker", queries)
        print("kill query process", json.dumps(result["kill_query_process"]), flush=True)
    finally:
        stop_group(server)
    result["refusal"] = phase_refusal(build, scratch)
    print("refusal", json.dumps(result["refusal"]), flush=True)
    out = save_results(HERE, "load-", result)
    shutil.rmtree(scratch, ignore_errors=True)
    print(out)


if __name__ == "__main__":
    main()
