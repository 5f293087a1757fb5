"""A small dataset shaped like afgld's (per-article graphs, facts, entities), written by the
real build writer. Names are invented for the tests; none of it is curated data."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, SDO, SKOS

from afgld.build import write_build
from afgld.build.void import DumpFile
from afgld.config import DEFAULTS
from afgld.namespaces import OA, PROV, SEM, Space
from afgld.search import SEARCH_INDEX
from afgld.search.index import write_index
from afgld.store.manifest import DATASET_NQUADS

SPACE = Space(DEFAULTS["BASE_IRI"])
AFG = SPACE.afg
PERSON, ORG, EVENT = SPACE.kind("person"), SPACE.kind("org"), SPACE.kind("event")
STATEMENT, QUOTE, ARTICLE = SPACE.kind("statement"), SPACE.kind("quote"), SPACE.kind("article")
ACCUSATION = SPACE.concept_in("speech-act", "accusation")
PEOPLE = {"alpha": "Alpha Person", "beta": "Beta Person", "gamma": "Gamma Person"}


def graph_iri(name: str) -> URIRef:
    return SPACE.graph[name]


def dataset() -> Dataset:
    data = Dataset()
    entities = data.graph(graph_iri("entities"))
    for key, name in PEOPLE.items():
        entities.add((PERSON[key], RDF.type, SDO.Person))
        entities.add((PERSON[key], SKOS.prefLabel, Literal(name, lang="en")))
    entities.add((ORG["front"], RDF.type, SDO.Organization))
    entities.add((ORG["front"], SKOS.prefLabel, Literal("The Front", lang="en")))
    facts = data.graph(graph_iri("facts"))
    facts.add((EVENT["meeting"], RDF.type, SEM.Event))
    for key in ("alpha", "beta"):
        facts.add((EVENT["meeting"], SDO.attendee, PERSON[key]))
    for number, (speaker, target) in enumerate((("alpha", "beta"), ("beta", "gamma"))):
        source = data.graph(graph_iri(f"source-00{number}"))
        article, quote, claim = (
            ARTICLE[f"00{number}"],
            QUOTE[f"00{number}"],
            STATEMENT[f"c{number}"],
        )
        source.add((article, RDF.type, SDO.NewsArticle))
        source.add((quote, PROV.wasQuotedFrom, article))
        source.add((quote, OA.hasSelector, QUOTE[f"00{number}-selector"]))
        source.add((QUOTE[f"00{number}-selector"], RDF.type, OA.TextQuoteSelector))
        source.add((QUOTE[f"00{number}-selector"], OA.exact, Literal(f"{speaker} said so.")))
        source.add((claim, RDF.type, AFG.ReportedClaim))
        source.add((claim, AFG.speaker, PERSON[speaker]))
        source.add((claim, AFG.target, PERSON[target]))
        source.add((claim, AFG.speechAct, ACCUSATION))
        source.add((claim, SDO.text, Literal(f"{target} did wrong.", lang="en")))
        source.add((claim, AFG.evidence, quote))
    return data


def make_build(out: Path) -> Path:
    meta = {
        "base_iri": SPACE.base,
        "release": "test",
        "ontology_version": "0.0.0",
        "inputs_sha256": "0" * 64,
    }

    def search_index(
        scratch: Path, dumps: list[DumpFile], sizes: dict[str, int]
    ) -> dict[str, bytes]:
        """The search index every build carries (the app opens it), written as the build does."""
        write_index(scratch / DATASET_NQUADS, scratch / SEARCH_INDEX, SPACE.base)
        return {}

    return write_build(dataset(), out, prefixes=SPACE.prefixes(), meta=meta, describe=search_index)
