"""Our SPARQL endpoint against the Oxigraph server, side by side, in one run.

    python bench/sparql_bench.py                       # real data, 100k and 1M synthetic
    python bench/sparql_bench.py --datasets real --repeat 30 --rdflib-endpoint
    python bench/sparql_bench.py --datasets 100k,1m --before ../afgld-before   # memory, pages

For each dataset both servers are started on 127.0.0.1 with the same N-Quads: afgld as in
production (granian, its default WEB_WORKERS web workers, each with QUERY_WORKERS query
processes), and ``oxigraph serve-read-only --union-default-graph`` over an index made by
``oxigraph load``.
Each query of the mix is sent ``--repeat`` times to each server, interleaved (A, B, B, A…) so
that noise hits both alike; then each server gets ``--seconds`` of load from ``--clients``
concurrent clients on a cheap query, in ``--rounds`` rounds taken in turns. Results go to
bench/results/<time>.json; ratios are afgld / Oxigraph (latency: lower is better; throughput:
higher is better).

With ``--before DIR`` (a source tree of an earlier afgld, such as ``git archive`` of a commit),
that code is started too, as ``afgld-before``, over the same build: it gets the same queries,
and both get the same pages (``PAGES``, rendered on every request: the page cache is off for
both), interleaved; the resident memory of every process tree is recorded at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import synthetic
from loadkit import build_release, free_port, percentile, save_results

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
BASE = "http://127.0.0.1:8080/"
PREFIXES = """PREFIX afg: <{base}ontology#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
"""

# name → (query, Accept). {e} is a well-connected person of the dataset.
QUERIES: dict[str, tuple[str, str]] = {
    "entity description": (
        "SELECT ?p ?o WHERE {{ <{e}> ?p ?o }}",
        "application/sparql-results+json",
    ),
    "neighbourhood with labels": (
        "SELECT ?p ?n ?label WHERE {{ {{ <{e}> ?p ?n }} UNION {{ ?n ?p <{e}> }} "
        "OPTIONAL {{ ?n skos:prefLabel ?label }} }} LIMIT 500",
        "application/sparql-results+json",
    ),
    "event participants": (
        "SELECT ?event ?label ?other ?name WHERE {{ ?event schema:attendee <{e}> , ?other ; "
        "skos:prefLabel ?label . ?other skos:prefLabel ?name }} ORDER BY ?event ?name LIMIT 1000",
        "application/sparql-results+json",
    ),
    "claims per speaker": (
        "SELECT ?speaker (SAMPLE(?name) AS ?label) (COUNT(?claim) AS ?claims) WHERE {{ "
        "?claim a afg:ReportedClaim ; afg:speaker ?speaker . ?speaker skos:prefLabel ?name }} "
        "GROUP BY ?speaker ORDER BY DESC(?claims) LIMIT 20",
        "application/sparql-results+json",
    ),
    "label search": (
        "SELECT ?s ?label WHERE {{ ?s skos:prefLabel ?label "
        'FILTER(CONTAINS(LCASE(STR(?label)), "massoud")) }} LIMIT 50',
        "application/sparql-results+json",
    ),
    "membership path": (
        "SELECT DISTINCT ?colleague ?name WHERE {{ <{e}> org:memberOf/^org:memberOf ?colleague . "
        "?colleague skos:prefLabel ?name FILTER(?colleague != <{e}>) }} LIMIT 200",
        "application/sparql-results+json",
    ),
    "per-graph aggregation": (
        "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} "
        "GROUP BY ?g ORDER BY DESC(?n) LIMIT 50",
        "text/csv",
    ),
    "entity page": (
        "CONSTRUCT {{ <{e}> ?p ?o . ?o skos:prefLabel ?l . ?s ?q <{e}> }} WHERE {{ "
        "{{ <{e}> ?p ?o OPTIONAL {{ ?o skos:prefLabel ?l }} }} UNION {{ ?s ?q <{e}> }} }}",
        "text/turtle",
    ),
    "claims about, with evidence": (
        "SELECT ?claim ?text ?sentence ?article WHERE {{ "
        "?claim schema:about <{e}> ; schema:text ?text ; "
        "afg:evidence ?quote . ?quote prov:wasQuotedFrom ?article ; oa:hasSelector ?selector . "
        "?selector oa:exact ?sentence }} LIMIT 500",
        "application/sparql-results+json",
    ),
}
CHEAP = ("ASK {{ <{e}> skos:prefLabel ?label }}", "application/sparql-results+json")

# A person and an event of each kind of data, for the pages.
PAGE_SUBJECTS = {"real": ("ahmad-massoud", "moscow-meeting-000"), "synthetic": ("p200", "001-0")}
# label → (path, Accept) of the pages measured with --before; {p}: a person of the dataset.
PAGES: dict[str, tuple[str, str]] = {
    "entity page": ("/doc/person/{p}", "text/html"),
    "entity Turtle": ("/doc/person/{p}.ttl", "text/turtle"),
    "entity JSON-LD": ("/doc/person/{p}.jsonld", "application/ld+json"),
    "event page": ("/doc/event/{e}", "text/html"),
    "events index": ("/events", "text/html"),
}


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    path: str = "/sparql"
    started_s: float = 0.0
    local: threading.local = field(default_factory=threading.local)

    def request(self, query: str, accept: str) -> tuple[int, bytes]:
        """POST the query on a kept-alive connection, reconnecting once if the server closed it."""
        body = urllib.parse.urlencode({"query": query})
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        for attempt in (1, 2):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=120
                )
            try:
                connection.request("POST", self.path, body=body, headers=headers)
                response = connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                connection.close()
                self.local.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def get(self, path: str, accept: str) -> tuple[int, bytes]:
        """GET ``path`` on a kept-alive connection of its own (pages, not the endpoint)."""
        connection = getattr(self.local, "pages", None)
        if connection is None:
            connection = self.local.pages = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=120
            )
        try:
            connection.request("GET", path, headers={"Accept": accept})
            response = connection.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            connection.close()
            self.local.pages = None
            raise

    def wait(self, timeout: float = 600) -> None:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                if self.request("ASK {}", "application/sparql-results+json")[0] == 200:
                    return
            except OSError:
                self.local.connection = None
            time.sleep(0.05)
        raise TimeoutError(self.name)

    def rss_mb(self) -> float:
        """Resident memory of the server and all its descendants, in MiB (pages shared between
        processes, such as the interpreter's and the libraries', counted once per process)."""
        return self._memory_mb(Path("status"), "VmRSS:")

    def pss_mb(self) -> float:
        """Proportional memory of the same processes, in MiB: each shared page divided among the
        processes that share it, so that the sum is what the server really holds."""
        return self._memory_mb(Path("smaps_rollup"), "Pss:")

    def _memory_mb(self, name: Path, field: str) -> float:
        total, todo = 0, [self.process.pid]
        while todo:
            pid = todo.pop()
            try:
                text = (Path(f"/proc/{pid}") / name).read_text()
                total += int(
                    next(line.split()[1] for line in text.splitlines() if line.startswith(field))
                )
                for task in Path(f"/proc/{pid}/task").iterdir():
                    todo += [int(c) for c in (task / "children").read_text().split()]
            except (FileNotFoundError, StopIteration, ProcessLookupError):
                continue
        return round(total / 1024, 1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


GRANIAN = """
import sys
from granian import Granian
from afgld.config import Settings
from afgld.serving.server import granian_options, run
settings = Settings.resolve()
if len(sys.argv) > 2:  # another app under the same server (the floor)
    options = granian_options(settings, "127.0.0.1", int(sys.argv[1]))
    options.update(target=sys.argv[2], factory=True)
    Granian(**options).serve()
else:  # afgld as `afgld serve` runs it
    run("127.0.0.1", int(sys.argv[1]), settings)
"""


# An afgld from before the serving package (--before): settings through the environment.
BEFORE = """
import sys
from granian import Granian
from afgld import config
from afgld.server import granian_options
Granian(**granian_options(config.resolve(), "127.0.0.1", int(sys.argv[1]))).serve()
"""


def server_command(server: str, port: int, workers: int, target: str | None) -> list[str]:
    """afgld's production server (granian over RSGI, as `afgld serve` runs it), or gunicorn
    `gthread` 2 × 4 as before: the same app, the same workers."""
    if server == "granian":
        command = [sys.executable, "-c", GRANIAN, str(port)]
        return command + ([target] if target else [])
    command = [str(BIN / "gunicorn"), "--workers", str(workers), "--worker-class", "gthread"]
    command += ["--threads", "4", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return command + ["floor_app:app" if target else "afgld.web.app:create_app()"]


def start_afgld(
    build: Path, workers: int | None, server: str = "granian", before: Path | None = None
) -> Server:
    """afgld over ``build``, with ``workers`` web workers (None: its default); with ``before``,
    the code of that source tree instead."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AFGLD_")},
        "AFGLD_BUILD_DIR": str(build),
        "AFGLD_BASE_IRI": BASE,
        "AFGLD_QUERY_TIMEOUT_S": "120",
        "AFGLD_ACCESS_LOG": "off",
        "AFGLD_PAGE_CACHE_BYTES": "0",  # pages measured are rendered, not kept
    }
    if workers is not None:
        env["AFGLD_WEB_WORKERS"] = str(workers)
    started = time.perf_counter()
    command = server_command(server, port, workers or 2, None)
    name = "afgld"
    if before is not None:
        name = "afgld-before"
        if not (before / "src" / "afgld" / "serving" / "server.py").is_file():
            command = [sys.executable, "-c", BEFORE, str(port)]
        env["PYTHONPATH"] = str(before / "src")
    afgld = Server(name, port, subprocess.Popen(command, env=env, cwd=ROOT))
    afgld.wait()
    afgld.started_s = round(time.perf_counter() - started, 2)
    return afgld


# name → the floor app's target (bench/floor_app.py): what answering costs before any query.
FLOORS = {
    "floor": "floor_app:rsgi_floor",  # an empty Flask view behind the bridge
    "rsgi-floor": "floor_app:rsgi_bare",  # a fixed answer from an RSGI app: granian's own cost
    "hop-floor": "floor_app:rsgi_hop",  # a fixed query through a query process, nothing read
}


def start_floor(
    workers: int | None, build: Path, server: str = "granian", name: str = "floor"
) -> Server:
    """A floor app (``FLOORS``) under the same server and web workers as afgld."""
    port = free_port()
    env = {**os.environ, "AFGLD_ACCESS_LOG": "off", "AFGLD_BUILD_DIR": str(build)}
    env["AFGLD_BASE_IRI"] = BASE
    if workers is not None:
        env["AFGLD_WEB_WORKERS"] = str(workers)
    target = FLOORS[name] if server == "granian" else "floor_app:app"
    command = server_command(server, port, workers or 2, target)
    floor = Server(name, port, subprocess.Popen(command, cwd=HERE, env=env))
    floor.wait()
    return floor


def start_oxigraph(build: Path, scratch: Path) -> Server:
    location = scratch / "oxigraph"
    started = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "oxigraph"),
            "load",
            "--location",
            str(location),
            "--file",
            str(build / "afgld.nq"),
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    command = [
        str(BIN / "oxigraph"),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    server = Server(
        "oxigraph", port, subprocess.Popen(command, stderr=subprocess.DEVNULL), path="/query"
    )
    server.wait()
    server.started_s = round(time.perf_counter() - started, 2)
    return server


def start_rdflib_endpoint(build: Path) -> Server:
    port = free_port()
    code = (
        "import sys, uvicorn\n"
        "from rdflib import Dataset\n"
        "from rdflib_endpoint import SparqlEndpoint\n"
        "d = Dataset(default_union=True)\n"
        "d.parse(sys.argv[1], format='nquads')\n"
        "app = SparqlEndpoint(graph=d, path='/sparql')\n"
        "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')\n"
    )
    started = time.perf_counter()
    server = Server(
        "rdflib-endpoint",
        port,
        subprocess.Popen([sys.executable, "-c", code, str(build / "afgld.nq"), str(port)]),
    )
    server.wait()
    server.started_s = round(time.perf_counter() - started, 2)
    return server


def latencies(
    servers: list[Server], query: str, accept: str, repeat: int
) -> dict[str, dict[str, float]]:
    times: dict[str, list[float]] = {s.name: [] for s in servers}
    sizes: dict[str, int] = {}
    for server in servers:  # warm up: caches, connections, lazily started query processes
        for _ in range(2):
            status, body = server.request(query, accept)
            assert status == 200, (server.name, status, body[:300])
    for round_number in range(repeat):
        order = servers if round_number % 2 == 0 else list(reversed(servers))
        for server in order:
            start = time.perf_counter()
            status, body = server.request(query, accept)
            times[server.name].append(time.perf_counter() - start)
            sizes[server.name] = len(body)
    return {
        name: {
            "median_ms": round(statistics.median(t) * 1000, 3),
            "p95_ms": round(percentile(t, 0.95) * 1000, 3),
            "bytes": sizes[name],
        }
        for name, t in times.items()
    }


def page_latencies(
    servers: list[Server], path: str, accept: str, repeat: int
) -> dict[str, dict[str, float]]:
    """Like :func:`latencies`, for a page: each server in turn, after one warm-up each."""
    times: dict[str, list[float]] = {s.name: [] for s in servers}
    for server in servers:
        status, body = server.get(path, accept)
        assert status == 200, (server.name, path, status, body[:300])
    for round_number in range(repeat):
        order = servers if round_number % 2 == 0 else list(reversed(servers))
        for server in order:
            start = time.perf_counter()
            server.get(path, accept)
            times[server.name].append(time.perf_counter() - start)
    return {
        name: {
            "median_ms": round(statistics.median(t) * 1000, 3),
            "p95_ms": round(percentile(t, 0.95) * 1000, 3),
        }
        for name, t in times.items()
    }


def throughput(server: Server, query: str, accept: str, clients: int, seconds: float) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def client(index: int) -> None:
        while time.perf_counter() < stop:
            status, _ = server.request(query, accept)
            assert status == 200
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round(sum(done) / seconds, 1)


def interleaved_throughput(
    servers: list[Server], query: str, args: argparse.Namespace
) -> dict[str, object]:
    """Requests per second of each server in ``args.rounds`` short rounds, taking turns (the
    order reversed every other round), so that a noisy minute of this machine falls on all
    of them. Reports each server's median rate and the median of the per-round ratios to the
    Oxigraph server (steadier than the ratio of two rates measured minutes apart)."""
    rounds: list[dict[str, float]] = []
    seconds = args.seconds / args.rounds
    for number in range(args.rounds):
        order = servers if number % 2 == 0 else list(reversed(servers))
        rounds.append(
            {s.name: throughput(s, query, CHEAP[1], args.clients, seconds) for s in order}
        )
    names = [s.name for s in servers]
    return {
        "throughput_rps": {n: statistics.median(r[n] for r in rounds) for n in names},
        "throughput_ratio": {
            n: round(statistics.median(r[n] / r["oxigraph"] for r in rounds), 3) for n in names
        },
        "throughput_rounds": rounds,
    }


def dataset_build(name: str, scratch: Path) -> tuple[Path, str]:
    """The build directory and the well-connected person used by the queries."""
    if name == "real":
        out = build_release(scratch / "real", BASE, ROOT)
        return out, BASE + "id/person/ahmad-massoud"
    out = synthetic.ensure(name)
    return out, BASE + "id/person/p3"


def run_dataset(name: str, args: argparse.Namespace) -> dict[str, object]:
    scratch = Path(tempfile.mkdtemp(prefix=f"afgld-bench-{name}-"))
    build, entity = dataset_build(name, scratch)
    servers = [start_afgld(build, args.web_workers, args.server), start_oxigraph(build, scratch)]
    if args.before is not None:
        servers.append(start_afgld(build, args.web_workers, before=args.before))
    if args.rdflib_endpoint and name == "real":
        servers.append(start_rdflib_endpoint(build))
    result: dict[str, object] = {
        "dataset": name,
        "quads": json.loads((build / "manifest.json").read_text()).get("quads"),
    }
    try:
        result["start_s"] = {s.name: s.started_s for s in servers}
        # The whole mix once on every server first: a just-loaded Oxigraph index is in the page
        # cache, the build's index may have left it since the build.
        for template, accept in QUERIES.values():
            query = PREFIXES.format(base=BASE) + template.format(e=entity)
            for server in servers:
                server.request(query, accept)
        queries: dict[str, dict[str, dict[str, float]]] = {}
        for label, (template, accept) in QUERIES.items():
            query = PREFIXES.format(base=BASE) + template.format(e=entity)
            repeat = args.repeat if label else args.repeat
            measured = [s for s in servers if s.name != "rdflib-endpoint"]
            queries[label] = latencies(measured, query, accept, repeat)
            slow = [s for s in servers if s.name == "rdflib-endpoint"]
            if slow:
                queries[label].update(latencies(slow, query, accept, max(3, repeat // 10)))
            print(name, label, json.dumps(queries[label]), flush=True)
        result["queries"] = queries
        afglds = [s for s in servers if s.name.startswith("afgld")]
        if len(afglds) > 1:
            person, event = PAGE_SUBJECTS["real" if name == "real" else "synthetic"]
            pages: dict[str, dict[str, dict[str, float]]] = {}
            for label, (template, accept) in PAGES.items():
                path = template.format(p=person, e=event)
                pages[label] = page_latencies(afglds, path, accept, max(3, args.repeat // 2))
                print(name, label, json.dumps(pages[label]), flush=True)
            result["pages"] = pages
        cheap = PREFIXES.format(base=BASE) + CHEAP[0].format(e=entity)
        names = ["floor"] if args.server != "granian" else list(FLOORS)
        floors = [start_floor(args.web_workers, build, args.server, name) for name in names]
        try:
            pair = [*servers[:2], *floors]
            result["cheap_query"] = latencies(pair, cheap, CHEAP[1], args.repeat * 3)
            result.update(interleaved_throughput(pair, cheap, args))
        finally:
            for floor in floors:
                floor.stop()
        result["rss_mb"] = {s.name: s.rss_mb() for s in servers}
        result["pss_mb"] = {s.name: s.pss_mb() for s in servers}
        print(name, "throughput", result["throughput_rps"], flush=True)
        print(name, "rss", result["rss_mb"], "pss", result["pss_mb"], flush=True)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="real,100k,1m")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0, help="throughput, per server")
    parser.add_argument("--rounds", type=int, default=5, help="throughput rounds, interleaved")
    parser.add_argument(
        "--web-workers", type=int, default=None, help="default: each afgld's own WEB_WORKERS"
    )
    parser.add_argument(
        "--server",
        choices=("granian", "gunicorn"),
        default="granian",
        help="afgld's server: granian over RSGI (production) or gunicorn gthread (before)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        default=None,
        help="also run the afgld of this source tree (memory and pages, before and after)",
    )
    parser.add_argument(
        "--rdflib-endpoint",
        action="store_true",
        help="also measure rdflib-endpoint (real data only)",
    )
    args = parser.parse_args()
    results = [run_dataset(name, args) for name in args.datasets.split(",")]
    given = {
        key: str(value) if isinstance(value, Path) else value for key, value in vars(args).items()
    }
    print(save_results(HERE, "", {"args": given, "results": results}))


if __name__ == "__main__":
    main()
