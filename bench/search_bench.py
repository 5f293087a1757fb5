"""Search, look-up and reconciliation against their peers, in one run (issue 9).

    python bench/search_bench.py                       # real data and 1M synthetic quads
    python bench/search_bench.py --datasets 1m --repeat 20

For each dataset the release's search index (SQLite FTS5, as ``afgld build`` writes it) is
measured in-process against two peers over the same data, query by query, taking turns:

- **store**: the same look-ups as SPARQL on Oxigraph (``CONTAINS`` on lower-cased labels and
  texts), over an on-disk store such as the server's query processes open;
- **tantivy**: the same names and passages in a tantivy index, each word a fuzzy prefix query
  (one edit), the words required together.

Reported: the time to write each index, its size, whether two writes are byte-identical; the
median and 95th percentile of a search (names and passages), a suggest (names by prefix) and a
batch of 10 reconciliation queries; and which engine finds the names issue 9 asks for. No
HTTP here: ``search_http_bench.py`` measures the routes. Results:
bench/results/search-<time>.json.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
import synthetic
import tantivy
from loadkit import build_release, percentile, save_results
from synthetic import FIRST, LAST

from afgld.namespaces import Space
from afgld.search import SEARCH_INDEX
from afgld.search.index import Collected, collect, write_collected
from afgld.search.reconcile import Reconciler
from afgld.search.searcher import Searcher
from afgld.search.text import fold

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASE = "http://127.0.0.1:8080/"
ID = BASE + "id/"
NAME_PROPERTIES = "skos:prefLabel|skos:altLabel|rdfs:label"
BATCHES_PER_ROUND = 5  # a round runs 10 searches and 10 suggests, and the batch 5 times


def person(i: int) -> str:
    """The label synthetic.py gives person ``i``."""
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"


# dataset → (searches, suggest prefixes, reconciliation batch of 10)
WORKLOADS: dict[str, tuple[list[str], list[str], dict[str, dict[str, Any]]]] = {
    "real": (
        [
            "massoud",
            "Ata Mohammad Noor",
            "Nazari",
            "Panjsher",
            "taliban",
            "ahmad shah massoud",
            "nrf",
            "democratic force",
            "iran talks",
            "pakistan",
        ],
        ["a", "ah", "ahm", "ahmad s", "naz", "panj", "tal", "nrf", "ism", "q"],
        {
            "q0": {"query": "Massoud"},
            "q1": {"query": "Ahmad Shah Massoud", "type": "person"},
            "q2": {"query": "Ata Mohammad Noor", "type": "person"},
            "q3": {"query": "Nazari"},
            "q4": {"query": "Panjsher", "type": "place"},
            "q5": {"query": "Taliban", "type": "organisation"},
            "q6": {"query": "Ismail Khan"},
            "q7": {"query": "Massoud", "properties": [{"pid": "org:memberOf", "v": "NRF"}]},
            "q8": {"query": "Muttaqi", "properties": [{"pid": "article", "v": "article/003"}]},
            "q9": {"query": "Moscow meeting", "type": "event"},
        },
    ),
    "1m": (
        [
            "massoud",
            "ahmad massoud",
            "Nazari",
            "ceasfire",
            "delegation talks",
            "qanooni",
            "mohaq",
            "Amrulah Saleh",
            "border refugees",
            "envoy",
        ],
        ["a", "ah", "ahm", "ahmad m", "naz", "zia", "qar", "kar", "place 1", "meeting 4"],
        {
            "q0": {"query": person(12), "type": "person"},
            "q1": {"query": person(1500)},
            "q2": {"query": "Nazari", "type": "person"},
            "q3": {"query": "massoud"},
            "q4": {"query": person(4711), "type": "person"},
            "q5": {"query": "Place 17", "type": "place"},
            "q6": {"query": "meeting 40-1", "type": "event"},
            "q7": {"query": "Ahmad", "properties": [{"pid": "org:memberOf", "v": "org/o1"}]},
            "q8": {"query": "Zia Takal"},
            "q9": {"query": person(333).upper()},
        },
    ),
}
# The names issue 9 asks for, on the real data: query → the IRI it must find.
MUST_FIND = {
    "massoud": [ID + "person/ahmad-massoud", ID + "person/ahmad-shah-massoud"],
    "Ata Mohammad Noor": [ID + "person/atta-mohammad-noor"],
    "Nazari": [ID + "person/ali-maisam-nazary"],
    "Panjsher": [ID + "place/panjshir-valley"],
}


class Ours:
    name = "fts5"

    def __init__(self, path: Path) -> None:
        self.searcher = Searcher.open(path)
        self.reconciler = Reconciler(self.searcher)

    def search(self, query: str) -> list[str]:
        return [h.iri for h in self.searcher.search(query, limit=10).hits]

    def suggest(self, prefix: str) -> list[str]:
        return [h.iri for h in self.searcher.lookup(prefix, limit=10)]

    def batch(self, batch: dict[str, dict[str, Any]]) -> list[str]:
        answer = self.reconciler.answer(json.dumps(batch))
        results = cast(dict[str, dict[str, list[dict[str, str]]]], answer)
        return [c["id"] for result in results.values() for c in result["result"]]


class Store:
    """The same look-ups as SPARQL on Oxigraph: words as lower-case substrings."""

    name = "store"

    def __init__(self, nquads: Path, location: Path) -> None:
        self.store = ox.Store(str(location))
        self.store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        self.store.optimize()
        self.prefixes = Space(BASE).prefixes()
        self.types = {
            "person": "schema:Person",
            "organisation": "schema:Organization",
            "place": "schema:Place",
            "event": "sem:Event",
        }

    def select(self, query: str, words: Sequence[str], **terms: ox.NamedNode) -> list[str]:
        """Run ``query`` with ``?w0`` … bound to ``words`` (Oxigraph substitutes only variables
        the query projects, so they are projected too) and ``terms``."""
        bound = " ".join([*(f"?w{n}" for n in range(len(words))), *(f"?{k}" for k in terms)])
        query = query.replace("SELECT DISTINCT ?s ", f"SELECT DISTINCT ?s {bound} ", 1)
        substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] = {
            ox.Variable(f"w{n}"): ox.Literal(w) for n, w in enumerate(words)
        }
        substitutions.update({ox.Variable(k): v for k, v in terms.items()})
        solutions = self.store.query(
            query,
            prefixes=self.prefixes,
            use_default_graph_as_union=True,
            substitutions=substitutions,  # type: ignore[arg-type]
        )
        assert isinstance(solutions, ox.QuerySolutions)
        return [str(s[0].value) for s in solutions if s[0] is not None]

    @staticmethod
    def contains(variable: str, count: int, start: bool = False) -> str:
        test = "STRSTARTS" if start else "CONTAINS"
        tests = [f"{test}(LCASE(STR(?{variable})), ?w{n})" for n in range(count)]
        return " && ".join(tests) or "true"

    def search(self, query: str) -> list[str]:
        words = query.lower().split()
        names = (
            f"SELECT DISTINCT ?s WHERE {{ ?s {NAME_PROPERTIES} ?label "
            f"FILTER ({self.contains('label', len(words))}) }} LIMIT 50"
        )
        texts = (
            "SELECT DISTINCT ?s WHERE { { ?s schema:text ?text } UNION "
            "{ ?s oa:hasSelector/oa:exact ?text } "
            f"FILTER ({self.contains('text', len(words))}) }} LIMIT 30"
        )
        return self.select(names, words) + self.select(texts, words)

    def suggest(self, prefix: str) -> list[str]:
        words = prefix.lower().split()
        query = (
            f"SELECT DISTINCT ?s WHERE {{ ?s {NAME_PROPERTIES} ?label "
            f"FILTER ({self.contains('label', len(words[:1]), start=True)} && "
            f"{self.contains('label', len(words))}) }} LIMIT 10"
        )
        return self.select(query, words)

    def batch(self, batch: dict[str, dict[str, Any]]) -> list[str]:
        found: list[str] = []
        for item in batch.values():
            words = str(item.get("query", "")).lower().split()
            kind = self.types.get(str(item.get("type", "")))
            typed = "?s a ?type ." if kind else ""
            query = (
                f"SELECT DISTINCT ?s WHERE {{ {typed} ?s {NAME_PROPERTIES} ?label "
                f"FILTER ({self.contains('label', len(words))}) }} LIMIT 5"
            )
            terms = {}
            if kind:
                prefix, local = kind.split(":")
                terms["type"] = ox.NamedNode(self.prefixes[prefix] + local)
            found += self.select(query, words, **terms)
        return found


class Tantivy:
    """The index's names and passages in tantivy; words as fuzzy prefixes, one edit."""

    name = "tantivy"

    def __init__(self, location: Path) -> None:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("iri", stored=True, tokenizer_name="raw")
        builder.add_text_field("kind", stored=True, tokenizer_name="raw")
        builder.add_text_field("table", tokenizer_name="raw")
        builder.add_text_field("norm", stored=False)
        self.schema = builder.build()
        self.location = location
        self.index: Any = None

    def write(self, data: Collected) -> None:
        self.location.mkdir(parents=True)
        index = tantivy.Index(self.schema, path=str(self.location))
        writer = index.writer(heap_size=100_000_000, num_threads=1)
        for text in sorted(data.texts, key=lambda t: (t.iri, t.field, t.text, t.article or "")):
            if text.iri not in data.kinds:
                continue
            table = "passage" if text.field in ("text", "quote") else "name"
            writer.add_document(
                tantivy.Document(
                    iri=text.iri, kind=data.kinds[text.iri], table=table, norm=fold(text.text)
                )
            )
        writer.commit()
        writer.wait_merging_threads()

    def open(self) -> None:
        self.index = tantivy.Index.open(str(self.location))
        self.index.reload()

    def run(
        self, words: Sequence[str], table: str, limit: int, kind: str | None = None
    ) -> list[str]:
        must = tantivy.Occur.Must
        clauses = [(must, tantivy.Query.term_query(self.schema, "table", table))]
        if kind:
            clauses.append((must, tantivy.Query.term_query(self.schema, "kind", kind)))
        for word in words:
            fuzzy = tantivy.Query.fuzzy_term_query(
                self.schema, "norm", word, distance=1 if len(word) >= 4 else 0, prefix=True
            )
            clauses.append((tantivy.Occur.Must, fuzzy))
        searcher = self.index.searcher()
        hits = searcher.search(tantivy.Query.boolean_query(clauses), limit).hits
        return [searcher.doc(address)["iri"][0] for _, address in hits]

    def search(self, query: str) -> list[str]:
        words = fold(query).split()
        return self.run(words, "name", 50) + self.run(words, "passage", 30)

    def suggest(self, prefix: str) -> list[str]:
        return self.run(fold(prefix).split(), "name", 10)

    def batch(self, batch: dict[str, dict[str, Any]]) -> list[str]:
        found: list[str] = []
        for item in batch.values():
            kind = item.get("type")
            found += self.run(fold(str(item.get("query", ""))).split(), "name", 5, kind)
        return found


def timed(call: Callable[..., object], *arguments: Any) -> float:
    start = time.perf_counter()
    call(*arguments)
    return time.perf_counter() - start


def summary(seconds: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(seconds) * 1000, 3),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 3),
        "n": len(seconds),
    }


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def identical(one: Path, two: Path) -> bool:
    def contents(path: Path) -> dict[str, bytes]:
        if path.is_file():
            return {"": path.read_bytes()}
        files = (p for p in path.rglob("*") if p.is_file())
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in files}

    return contents(one) == contents(two)


def dataset(name: str, scratch: Path) -> Path:
    if name == "real":
        return build_release(scratch / "real", BASE, ROOT)
    return synthetic.ensure(name)


def build_indexes(build: Path, scratch: Path) -> tuple[dict[str, object], list[Any]]:
    """Write each index twice (time, size, same bytes?) and open the engines."""
    figures: dict[str, object] = {}
    started = time.perf_counter()
    graph = ox.Store()
    graph.bulk_load(path=str(build / "afgld.nq"), format=ox.RdfFormat.N_QUADS)
    data = collect(graph, Space(BASE))
    del graph
    figures["collect_s"] = round(time.perf_counter() - started, 2)
    for copy in ("a", "b"):
        seconds = timed(write_collected, data, scratch / f"fts5-{copy}.sqlite", BASE)
        figures[f"fts5_write_s_{copy}"] = round(seconds, 2)
    figures["fts5_bytes"] = (scratch / "fts5-a.sqlite").stat().st_size
    figures["fts5_identical"] = identical(scratch / "fts5-a.sqlite", scratch / "fts5-b.sqlite")
    engines: list[Any] = []
    for copy in ("a", "b"):
        peer = Tantivy(scratch / f"tantivy-{copy}")
        figures[f"tantivy_write_s_{copy}"] = round(timed(peer.write, data), 2)
    figures["tantivy_bytes"] = folder_bytes(scratch / "tantivy-a")
    figures["tantivy_identical"] = identical(scratch / "tantivy-a", scratch / "tantivy-b")
    started = time.perf_counter()
    store = Store(build / "afgld.nq", scratch / "oxigraph")
    figures["store_load_s"] = round(time.perf_counter() - started, 2)
    figures["store_bytes"] = folder_bytes(scratch / "oxigraph")
    figures["nquads_bytes"] = (build / "afgld.nq").stat().st_size
    peer.open()
    engines += [Ours(scratch / "fts5-a.sqlite"), store, peer]
    return figures, engines


def _search(engine: Any, query: str) -> object:
    return engine.search(query)


def _suggest(engine: Any, prefix: str) -> object:
    return engine.suggest(prefix)


def measure(engines: list[Any], name: str, repeat: int) -> dict[str, object]:
    searches, prefixes, batch = WORKLOADS[name]
    work: dict[str, list[Callable[[Any], object]]] = {
        "search": [functools.partial(_search, query=q) for q in searches],
        "suggest": [functools.partial(_suggest, prefix=p) for p in prefixes],
        "reconcile batch of 10": [lambda e: e.batch(batch)] * BATCHES_PER_ROUND,
    }
    times: dict[str, dict[str, list[float]]] = {op: {e.name: [] for e in engines} for op in work}
    for round_number in range(repeat + 2):
        order = engines if round_number % 2 else engines[::-1]
        for op, calls in work.items():
            for call in calls:
                for engine in order:
                    seconds = timed(call, engine)
                    if round_number >= 2:  # two warm-up rounds
                        times[op][engine.name].append(seconds)
    result: dict[str, object] = {}
    for op, by_engine in times.items():
        figures = {engine: summary(seconds) for engine, seconds in by_engine.items()}
        ours = figures["fts5"]["median_ms"]
        for engine in figures:
            figures[engine]["ratio_to_fts5"] = round(figures[engine]["median_ms"] / ours, 2)
        result[op] = figures
        print(name, op, json.dumps(figures), flush=True)
    return result


def recall(engines: list[Any]) -> dict[str, dict[str, bool]]:
    """Which engine finds each name issue 9 asks for (real data)."""
    found: dict[str, dict[str, bool]] = {}
    for query, wanted in MUST_FIND.items():
        found[query] = {}
        for engine in engines:
            hits = engine.search(query)
            found[query][engine.name] = all(iri in hits for iri in wanted)
    return found


def run_dataset(name: str, repeat: int) -> dict[str, object]:
    scratch = Path(tempfile.mkdtemp(prefix=f"afgld-search-bench-{name}-"))
    try:
        build = dataset(name, scratch)
        manifest = json.loads((build / "manifest.json").read_text())
        result: dict[str, object] = {"dataset": name, "quads": manifest.get("quads")}
        result["index"], engines = build_indexes(build, scratch)
        print(name, "index", json.dumps(result["index"]), flush=True)
        if name == "real":
            same = (build / SEARCH_INDEX).read_bytes() == (scratch / "fts5-a.sqlite").read_bytes()
            result["release_index_is_the_same_file"] = same
            result["recall"] = recall(engines)
            print(name, "recall", json.dumps(result["recall"]), flush=True)
        result["latency"] = measure(engines, name, repeat)
        for engine in engines:
            if isinstance(engine, Ours):
                engine.searcher.close()
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="real,1m")
    parser.add_argument("--repeat", type=int, default=20, help="rounds over each workload")
    args = parser.parse_args()
    results = [run_dataset(name, args.repeat) for name in args.datasets.split(",")]
    print(save_results(HERE, "search-", {"args": vars(args), "results": results}))


if __name__ == "__main__":
    main()
