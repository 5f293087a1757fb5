"""A synthetic news graph shaped like afgld's, at any size, for the benchmarks.

Per article (one ``graph/source-N`` each): the article and its text, quotes with position and
quote selectors, fact statements and reported claims with their propositions (``rdf:subject``,
``rdf:predicate``, ``rdf:object``), speakers, speech acts and ``schema:about`` links. Shared
graphs: ``entities`` (types and labels of persons, organisations, places, events),
``facts`` (memberships, event attendance, ``org:memberOf``) and ``curation`` (a rank per
statement). Mentions follow a Zipf-like law, as news does: a few actors appear everywhere.

    python bench/synthetic.py --triples 100000 --out bench/data/synthetic-100k
    python bench/synthetic.py --triples 1000000 --out bench/data/synthetic-1m --full-build

Without ``--full-build`` only ``afgld.nq`` and ``manifest.json`` are written (all the server
reads); with it, everything ``afgld build`` writes after validation is written by the project's
own code, and the time of each stage and the peak memory are printed.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV

from afgld.namespaces import OA, SEM, Space

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
WORDS = (
    "resistance council front talks delegation ministry province governor commander envoy "
    "meeting conference agreement ceasefire border refugees officials spokesperson movement "
    "alliance opposition leadership exile statement interview accusation denial"
).split()
FIRST = "Ahmad Ali Abdul Mohammad Amrullah Atta Ismail Zia Yunus Abdullah Rahim Karim".split()
LAST = "Massoud Nazary Saleh Noor Khan Takal Qanooni Qarluq Dostum Mohaqiq Hekmatyar".split()


class Zipf:
    """Draws indexes 0..n-1 with probability proportional to 1/(rank+1)."""

    def __init__(self, n: int, rng: random.Random) -> None:
        self.rng = rng
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(n)))

    def draw(self) -> int:
        return bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])


class Generator:
    def __init__(self, space: Space, articles: int, seed: int = 1) -> None:
        self.space = space
        self.rng = random.Random(seed)
        self.articles = articles
        self.people = max(20, articles * 10)
        self.orgs = max(8, articles * 3)
        self.places = max(5, articles * 2)
        self.pick_person = Zipf(self.people, self.rng)
        self.pick_org = Zipf(self.orgs, self.rng)
        self.pick_place = Zipf(self.places, self.rng)
        self.afg = space.base + "ontology#"
        self.concept = space.base + "concept/"

    def iri(self, kind: str, key: object) -> ox.NamedNode:
        return ox.NamedNode(f"{self.space.base}id/{kind}/{key}")

    def person(self) -> ox.NamedNode:
        return self.iri("person", f"p{self.pick_person.draw()}")

    def org(self) -> ox.NamedNode:
        return self.iri("org", f"o{self.pick_org.draw()}")

    def sentence(self, words: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    def quads(self) -> Iterator[ox.Quad]:
        yield from self.entities()
        for number in range(self.articles):
            yield from self.article(number)

    def entities(self) -> Iterator[ox.Quad]:
        graph = ox.NamedNode(self.space.base + "graph/entities")
        facts = ox.NamedNode(self.space.base + "graph/facts")
        typ, label = ox.NamedNode(RDF + "type"), ox.NamedNode(SKOS + "prefLabel")
        for i in range(self.people):
            node = self.iri("person", f"p{i}")
            name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"
            yield ox.Quad(node, typ, ox.NamedNode(SCHEMA + "Person"), graph)
            yield ox.Quad(node, label, ox.Literal(name, language="en"), graph)
            yield ox.Quad(node, ox.NamedNode(RDFS_LABEL), ox.Literal(name, language="en"), graph)
        for i in range(self.orgs):
            node = self.iri("org", f"o{i}")
            yield ox.Quad(node, typ, ox.NamedNode(SCHEMA + "Organization"), graph)
            yield ox.Quad(
                node, label, ox.Literal(f"{self.sentence(2)[:-1]} {i}", language="en"), graph
            )
        for i in range(self.places):
            node = self.iri("place", f"l{i}")
            yield ox.Quad(node, typ, ox.NamedNode(SCHEMA + "Place"), graph)
            yield ox.Quad(node, label, ox.Literal(f"Place {i}", language="en"), graph)
        for i in range(self.people):  # memberships, with a truthy org:memberOf
            for _ in range(1 + self.rng.randrange(2)):
                org, membership = (
                    self.org(),
                    self.iri("membership", f"p{i}-{self.rng.randrange(10**9)}"),
                )
                person = self.iri("person", f"p{i}")
                yield ox.Quad(membership, typ, ox.NamedNode(ORG + "Membership"), facts)
                yield ox.Quad(membership, ox.NamedNode(ORG + "member"), person, facts)
                yield ox.Quad(membership, ox.NamedNode(ORG + "organization"), org, facts)
                role = ox.NamedNode(f"{self.concept}role/{self.rng.choice(WORDS)}")
                yield ox.Quad(membership, ox.NamedNode(ORG + "role"), role, facts)
                yield ox.Quad(person, ox.NamedNode(ORG + "memberOf"), org, facts)

    def article(self, number: int) -> Iterator[ox.Quad]:
        graph = ox.NamedNode(f"{self.space.base}graph/source-{number:03d}")
        facts = ox.NamedNode(self.space.base + "graph/facts")
        entities = ox.NamedNode(self.space.base + "graph/entities")
        curation = ox.NamedNode(self.space.base + "graph/curation")
        typ, afg = ox.NamedNode(RDF + "type"), self.afg
        article, text = self.iri("article", f"{number:03d}"), self.iri("text", f"{number:03d}")
        yield ox.Quad(article, typ, ox.NamedNode(SCHEMA + "NewsArticle"), graph)
        yield ox.Quad(
            article, ox.NamedNode(SCHEMA + "headline"), ox.Literal(self.sentence(8)), graph
        )
        day = f"2023-{1 + number % 12:02d}-{1 + number % 28:02d}"
        yield ox.Quad(
            article,
            ox.NamedNode(SCHEMA + "datePublished"),
            ox.Literal(day, datatype=ox.NamedNode(XSD + "date")),
            graph,
        )
        yield ox.Quad(article, ox.NamedNode(afg + "hasText"), text, graph)
        events = []
        for e in range(2):  # events with attendees, in the facts graph
            event = self.iri("event", f"{number:03d}-{e}")
            events.append(event)
            yield ox.Quad(event, typ, ox.NamedNode(str(SEM) + "Event"), entities)
            yield ox.Quad(
                event,
                ox.NamedNode(SKOS + "prefLabel"),
                ox.Literal(f"meeting {number}-{e}", language="en"),
                entities,
            )
            yield ox.Quad(
                event,
                ox.NamedNode(afg + "eventType"),
                ox.NamedNode(self.concept + "event-type/meeting"),
                entities,
            )
            yield ox.Quad(
                event,
                ox.NamedNode(SCHEMA + "location"),
                self.iri("place", f"l{self.pick_place.draw()}"),
                facts,
            )
            for _ in range(3 + self.rng.randrange(5)):
                yield ox.Quad(event, ox.NamedNode(SCHEMA + "attendee"), self.person(), facts)
        for q in range(25):
            start = q * 120
            quote = self.iri("quote", f"{number:03d}-{start}-{start + 110}")
            exact, position = (
                ox.NamedNode(quote.value + "#exact"),
                ox.NamedNode(quote.value + "#position"),
            )
            yield ox.Quad(quote, typ, ox.NamedNode(afg + "Quote"), graph)
            yield ox.Quad(quote, ox.NamedNode(str(PROV) + "wasQuotedFrom"), article, graph)
            yield ox.Quad(quote, ox.NamedNode(str(OA) + "hasSource"), text, graph)
            yield ox.Quad(quote, ox.NamedNode(str(OA) + "hasSelector"), exact, graph)
            yield ox.Quad(quote, ox.NamedNode(str(OA) + "hasSelector"), position, graph)
            yield ox.Quad(exact, typ, ox.NamedNode(str(OA) + "TextQuoteSelector"), graph)
            yield ox.Quad(
                exact, ox.NamedNode(str(OA) + "exact"), ox.Literal(self.sentence(18)), graph
            )
            yield ox.Quad(position, typ, ox.NamedNode(str(OA) + "TextPositionSelector"), graph)
            yield ox.Quad(
                position,
                ox.NamedNode(str(OA) + "start"),
                ox.Literal(str(start), datatype=ox.NamedNode(XSD + "integer")),
                graph,
            )
            yield ox.Quad(
                position,
                ox.NamedNode(str(OA) + "end"),
                ox.Literal(str(start + 110), datatype=ox.NamedNode(XSD + "integer")),
                graph,
            )
            for s in range(4):  # three facts and one reported claim per quote, roughly
                yield from self.statement(number, quote, s, graph, curation, events)

    def statement(
        self,
        number: int,
        quote: ox.NamedNode,
        s: int,
        graph: ox.NamedNode,
        curation: ox.NamedNode,
        events: list[ox.NamedNode],
    ) -> Iterator[ox.Quad]:
        typ, afg = ox.NamedNode(RDF + "type"), self.afg
        key = f"{quote.value.rsplit('/', 1)[1]}-{s}"
        statement, proposition = self.iri("statement", key), self.iri("proposition", key)
        claim = self.rng.random() < 0.25
        kind = "ReportedClaim" if claim else "FactStatement"
        yield ox.Quad(statement, typ, ox.NamedNode(afg + kind), graph)
        yield ox.Quad(statement, typ, ox.NamedNode(afg + "Statement"), graph)
        voice = "reported-speech" if claim else "article-voice"
        yield ox.Quad(
            statement,
            ox.NamedNode(afg + "voice"),
            ox.NamedNode(f"{self.concept}voice/{voice}"),
            graph,
        )
        yield ox.Quad(statement, ox.NamedNode(afg + "evidence"), quote, graph)
        yield ox.Quad(statement, ox.NamedNode(afg + "proposition"), proposition, graph)
        yield ox.Quad(
            statement,
            ox.NamedNode(SCHEMA + "text"),
            ox.Literal(self.sentence(10), language="en"),
            graph,
        )
        subject, obj = (
            self.person(),
            (self.org() if self.rng.random() < 0.6 else self.rng.choice(events)),
        )
        predicate = (
            ox.NamedNode(ORG + "memberOf")
            if obj.value.find("/org/") > 0
            else ox.NamedNode(SCHEMA + "attendee")
        )
        if predicate.value.endswith("attendee"):
            subject, obj = obj, subject
        for term in (subject, obj):
            yield ox.Quad(statement, ox.NamedNode(SCHEMA + "about"), term, graph)
        yield ox.Quad(proposition, typ, ox.NamedNode(afg + "Proposition"), graph)
        yield ox.Quad(proposition, ox.NamedNode(RDF + "subject"), subject, graph)
        yield ox.Quad(proposition, ox.NamedNode(RDF + "predicate"), predicate, graph)
        yield ox.Quad(proposition, ox.NamedNode(RDF + "object"), obj, graph)
        yield ox.Quad(
            statement,
            ox.NamedNode(afg + "rank"),
            ox.NamedNode(self.concept + "rank/normal"),
            curation,
        )
        if claim:
            act = self.rng.choice(("assertion", "accusation", "denial", "promise"))
            yield ox.Quad(statement, ox.NamedNode(afg + "speaker"), self.person(), graph)
            yield ox.Quad(
                statement,
                ox.NamedNode(afg + "speechAct"),
                ox.NamedNode(f"{self.concept}speech-act/{act}"),
                graph,
            )
            yield ox.Quad(statement, ox.NamedNode(afg + "target"), self.org(), graph)


QUADS_PER_ARTICLE = 1_762  # measured: quads per article, its share of entities included
SIZES = {"100k": 100_000, "1m": 1_000_000}
SEARCH_INDEX = "search.sqlite"  # afgld.search.SEARCH_INDEX: every build has one


def ensure(name: str) -> Path:
    """``bench/data/synthetic-<name>`` (``100k``, ``1m``), made when missing or made before
    builds had a search index; in a process of its own, which frees its memory when done."""
    out = Path(__file__).resolve().parent / "data" / f"synthetic-{name}"
    manifest = out / "manifest.json"
    if not manifest.is_file() or SEARCH_INDEX not in json.loads(manifest.read_text())["files"]:
        command = [sys.executable, str(Path(__file__).resolve()), "--triples", str(SIZES[name])]
        subprocess.run([*command, "--out", str(out)], check=True)
    return out


def write_minimal_build(quads: list[ox.Quad], out: Path, base: str) -> None:
    """afgld.nq, the search index, the query index, the list tables and a manifest, as the
    build writes them: all a server needs."""
    from afgld.build.artefacts import write_manifest
    from afgld.build.lists import write_lists
    from afgld.search.index import write_index as write_search_index
    from afgld.store.index import INDEX, write_index
    from afgld.store.lists import LISTS_FILE
    from afgld.store.manifest import sha256_of

    out.mkdir(parents=True, exist_ok=True)
    ox.serialize(quads, str(out / "afgld.nq"), ox.RdfFormat.N_QUADS)
    write_search_index(out / "afgld.nq", out / SEARCH_INDEX, base)
    graphs: dict[str, int] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode):  # every quad is, in a named graph
            graphs[quad.graph_name.value] = graphs.get(quad.graph_name.value, 0) + 1
    meta = {
        "base_iri": base,
        "release": "synthetic",
        "ontology_version": "synthetic",
        "inputs_sha256": "0" * 64,
        "quads": len(quads),
        "triples": len({q.triple for q in quads}),
        "graphs": graphs,
    }
    write_index(out / "afgld.nq", out / INDEX, sha256_of(out / "afgld.nq"))
    write_lists(out / INDEX, out / LISTS_FILE, Space(base))
    write_manifest(out, meta, {"afgld.nq": "Synthetic dataset (N-Quads)"})


def generate(triples: int, base: str, seed: int = 1) -> list[ox.Quad]:
    articles = max(1, triples // QUADS_PER_ARTICLE)
    return list(dict.fromkeys(Generator(Space(base), articles, seed).quads()))


def model_dataset(quads: list[ox.Quad], how: str) -> Dataset:
    """The rdflib Dataset the pipeline's model would hand to the build, made from ``quads``.

    ``add``: graph by graph, term by term, as ``afgld.model`` adds them (its cost is the
    model's). ``parse``: rdflib parses the N-Quads text, the stand-in used before 0.2.0 (its
    text parser costs three times the adds, which no real build pays).
    """
    from afgld.rdfterms import to_rdflib

    dataset = Dataset()
    if how == "parse":
        text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert text is not None
        dataset.parse(data=text.decode(), format="nquads")
        return dataset
    graphs: dict[str, Graph] = {}
    for quad in quads:
        name = quad.graph_name
        assert isinstance(name, ox.NamedNode)
        graph = graphs.get(name.value)
        if graph is None:
            graph = graphs[name.value] = dataset.graph(URIRef(name.value))
        subject, obj = quad.subject, quad.object
        assert not isinstance(subject, ox.Triple) and not isinstance(obj, ox.Triple)
        graph.add((to_rdflib(subject), to_rdflib(quad.predicate), to_rdflib(obj)))
    return dataset


def full_build(quads: list[ox.Quad], out: Path, base: str, how: str) -> dict[str, float]:
    """Model stand-in, then every artefact ``afgld build`` writes after validation (see
    :func:`build_after_model`). Returns the seconds of each stage."""
    started = time.perf_counter()
    dataset = model_dataset(quads, how)
    modelled = time.perf_counter()
    build_after_model(dataset, out, base)
    written = time.perf_counter()
    return {"model_s": round(modelled - started, 2), "write_s": round(written - modelled, 2)}


def build_after_model(dataset: Dataset, out: Path, base: str) -> None:
    """What ``afgld build`` does once the model has made its dataset: the quads taken out in
    N-Quads order (as validation does), then dumps in every format and gzipped, per-graph
    Turtle, the release's archive and index, VoID/DCAT (dates, coverage, versions), checksums
    and manifest, for a one-release history."""
    from afgld.build import write_build
    from afgld.build.pipeline import describer
    from afgld.config import DEFAULTS
    from afgld.curate.releases import History, Release
    from afgld.model.quads import sorted_quads
    from afgld.validate.history import Releases

    space = Space(base)
    ordered = sorted_quads(dataset)
    release = Release("0.0.1", dt.date(2026, 12, 6), "A synthetic release.", 0)
    history = History("afgld bench", (release,), Path("releases.yaml"))
    meta: dict[str, object] = {
        "base_iri": base,
        "release": release.version,
        "ontology_version": "synthetic",
        "inputs_sha256": "0" * 64,
    }
    describe = describer(
        space,
        Releases(history),
        ordered,
        ontology="synthetic",
        license_iri=DEFAULTS["DATA_LICENSE"],
        examples=[],
        creator=None,
        extra={},
    )
    write_build(ordered, out, prefixes=space.prefixes(), meta=meta, describe=describe)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--base", default="http://127.0.0.1:8080/")
    parser.add_argument(
        "--full-build", action="store_true", help="write everything `afgld build` writes"
    )
    parser.add_argument(
        "--model",
        choices=("add", "parse"),
        default="add",
        help="how the stand-in for the model makes its rdflib Dataset (see model_dataset)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    quads = generate(args.triples, args.base)
    generated = time.perf_counter()
    figures: dict[str, object] = {"quads": len(quads), "generate_s": round(generated - started, 2)}
    if args.full_build:
        stages = full_build(quads, args.out, args.base, args.model)
        figures.update(stages, model=args.model, build_s=round(sum(stages.values()), 2))
    else:
        write_minimal_build(quads, args.out, args.base)
        figures["write_s"] = round(time.perf_counter() - generated, 2)
    figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
