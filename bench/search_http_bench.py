"""Search, suggest, reconciliation and list pages over HTTP, against a cheap SPARQL ``ASK``
through the same server, in one run (issue 9, item 8).

    python bench/search_http_bench.py                  # 1M synthetic quads (and the real data)
    python bench/search_http_bench.py --datasets 1m --repeat 40

afgld is started as in production (granian over RSGI with the bridge, 2 web workers, as
``sparql_bench.py`` starts it, the page cache off so that every answer is worked out) over the
build of each dataset; one keep-alive client then sends, in rounds taking turns request by
request, the workload of ``search_bench.py`` over HTTP:

- ``search.json``: ``GET /search.json?q=…`` (names and passages, 10 hits a kind);
- ``search page``: ``GET /search?q=…`` as HTML (the same search, rendered);
- ``suggest``: ``GET /reconcile/suggest/entity?prefix=…``;
- ``reconcile batch of 10``: ``POST /reconcile`` with ``queries=…`` (form), as OpenRefine sends;
- the list pages of :data:`LISTS` as HTML: ``/statements`` (first, middle and last page, and
  sorted by text), ``/claims?speaker=…`` (the speakers with most, fewer and fewest claims),
  ``/events?sort=date`` (and reversed); and the same claims as a CSV download,
  ``/claims.csv?speaker=…`` (every row of the view);
- the peer, ``ASK {}`` by ``GET /sparql``: a request the same server answers through a query
  process with no work to do, so the ratio says what search costs beyond a round trip.

Reported: median and 95th percentile in ms of each, and the ratio of medians to the peer.
Results: bench/results/search-http-<time>.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import synthetic
from loadkit import build_release, percentile, save_results
from search_bench import WORKLOADS
from sparql_bench import BASE, ROOT, Server, start_afgld

HERE = Path(__file__).resolve().parent
FORM = "application/x-www-form-urlencoded"
PEER = "ASK {} (the peer)"
BATCHES_PER_ROUND = 5
# The list pages of each dataset, by operation: the largest list from its first page to its last
# (SQLite's OFFSET), a facet's most and least frequent values, a sort by date both ways, and a
# download of a whole filtered view. The 1M graph's speakers are p0 (the most, 1,553 claims),
# p3 (395) and p1000 (1); its events state no dates, so the date sort is one group.
LISTS: dict[str, dict[str, list[str]]] = {
    "real": {
        "/statements": ["/statements", "/statements?page=5", "/statements?page=10&sort=text"],
        "/claims?speaker=…": [
            "/claims?speaker=person%2Fali-maisam-nazary",
            "/claims?speaker=person%2Famir-khan-muttaqi",
            "/claims?speaker=person%2Frahmatullah-nabil",
        ],
        "/events?sort=date": ["/events?sort=date", "/events?sort=-date"],
        "/claims.csv?speaker=…": [
            "/claims.csv?speaker=person%2Fali-maisam-nazary",
            "/claims.csv?speaker=person%2Famir-khan-muttaqi",
            "/claims.csv?speaker=person%2Frahmatullah-nabil",
        ],
    },
    "1m": {
        "/statements": ["/statements", "/statements?page=567", "/statements?page=1134&sort=text"],
        "/claims?speaker=…": [
            "/claims?speaker=person%2Fp0",
            "/claims?speaker=person%2Fp3",
            "/claims?speaker=person%2Fp1000",
        ],
        "/events?sort=date": ["/events?sort=date", "/events?sort=-date&page=2"],
        "/claims.csv?speaker=…": [
            "/claims.csv?speaker=person%2Fp0",
            "/claims.csv?speaker=person%2Fp3",
            "/claims.csv?speaker=person%2Fp1000",
        ],
    },
}


class Client:
    """One kept-alive connection to the server."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def send(self, method: str, path: str, body: str | None = None, accept: str = "*/*") -> int:
        headers = {"Accept": accept}
        if body is not None:
            headers["Content-Type"] = FORM
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        return response.status


def workload(name: str) -> dict[str, list[Callable[[Client], int]]]:
    searches, prefixes, batch = WORKLOADS[name]

    def get(path: str, accept: str = "*/*") -> Callable[[Client], int]:
        return lambda client: client.send("GET", path, accept=accept)

    def quoted(text: str) -> str:
        return urllib.parse.quote(text, safe="")

    form = urllib.parse.urlencode({"queries": json.dumps(batch)})

    def reconcile(client: Client) -> int:
        return client.send("POST", "/reconcile", form)

    lists = {
        op: [get(path, "text/csv" if ".csv" in path else "text/html") for path in paths]
        for op, paths in LISTS[name].items()
    }
    return {
        "search.json": [get(f"/search.json?q={quoted(q)}") for q in searches],
        "search page": [get(f"/search?q={quoted(q)}", "text/html") for q in searches],
        "suggest": [get(f"/reconcile/suggest/entity?prefix={quoted(p)}") for p in prefixes],
        "reconcile batch of 10": [reconcile] * BATCHES_PER_ROUND,
        **lists,
        PEER: [get("/sparql?query=" + quoted("ASK {}"), "application/sparql-results+json")]
        * len(searches),
    }


def measure(server: Server, name: str, repeat: int) -> dict[str, dict[str, float]]:
    """Every request of the workload ``repeat`` times, interleaved across operations: the
    i-th request of each operation in turn, so that noise falls on all of them alike."""
    client = Client(server.port)
    work = workload(name)
    times: dict[str, list[float]] = {op: [] for op in work}
    longest = max(len(calls) for calls in work.values())
    for round_number in range(repeat + 2):  # two warm-up rounds
        ops = list(work) if round_number % 2 else list(reversed(work))
        for index in range(longest):
            for op in ops:
                calls = work[op]
                if index >= len(calls):
                    continue
                started = time.perf_counter()
                status = calls[index](client)
                elapsed = time.perf_counter() - started
                assert status == 200, (op, index, status)
                if round_number >= 2:
                    times[op].append(elapsed)
    peer = statistics.median(times[PEER])
    return {
        op: {
            "median_ms": round(statistics.median(seconds) * 1000, 2),
            "p95_ms": round(percentile(seconds, 0.95) * 1000, 2),
            "requests": len(seconds),
            "ratio_to_peer": round(statistics.median(seconds) / peer, 2),
        }
        for op, seconds in times.items()
    }


def run_dataset(name: str, args: argparse.Namespace) -> dict[str, object]:
    scratch = Path(tempfile.mkdtemp(prefix=f"afgld-search-http-{name}-"))
    try:
        if name == "real":
            build = build_release(scratch / "real", BASE, ROOT)
        else:
            build = synthetic.ensure(name)
        server = start_afgld(build, args.web_workers)
        try:
            quads = json.loads((build / "manifest.json").read_text()).get("quads")
            result: dict[str, object] = {"dataset": name, "quads": quads}
            result["start_s"] = server.started_s
            result["latency"] = measure(server, name, args.repeat)
            print(name, json.dumps(result), flush=True)
            return result
        finally:
            server.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def table(results: list[dict[str, object]]) -> str:
    """The figures as the Markdown table of docs/benchmarks.md."""
    lines = []
    for result in results:
        latency = result["latency"]
        assert isinstance(latency, dict)
        lines += [
            f"#### {result['dataset']} ({result['quads']:,} quads)",
            "",
            "| over HTTP | median ms | p95 ms | median / peer's |",
            "|---|---:|---:|---:|",
        ]
        for op, figures in latency.items():
            lines.append(
                f"| {op} | {figures['median_ms']:.2f} | {figures['p95_ms']:.2f} "
                f"| {figures['ratio_to_peer']:.2f}× |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="real,1m")
    parser.add_argument("--repeat", type=int, default=30, help="rounds over the workload")
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()
    results = [run_dataset(name, args) for name in args.datasets.split(",")]
    print(table(results))
    print(save_results(HERE, "search-http-", {"args": vars(args), "results": results}))


if __name__ == "__main__":
    main()
