"""The JSON-LD writer (``afgld.web.rdfout.jsonld_document``): what rdflib's JSON-LD parser reads
back from it is exactly the quads it was given (each named graph's triples in the default graph
too), on the pages of the real data and on generated quads."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from afgld.rdfterms import Quad
from afgld.web import rdfout
from afgld.web.routes import pages, resources
from tests.test_web_pages import Page

BASE = "http://127.0.0.1:8080/"
PREFIXES = {
    "afg": BASE + "ontology#",
    "person": BASE + "id/person/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "ex": "urn:example:",
}


def graphs_of(dataset: Dataset) -> dict[str, Graph]:
    """Each graph of ``dataset`` by name ("" for the default graph), empty graphs left out."""
    found: dict[str, Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = "" if g is None or g == DATASET_DEFAULT_GRAPH_ID else str(g)
        found.setdefault(name, Graph()).add((s, p, o))
    return found


def assert_reads_back(document: object, quads: list[Quad]) -> None:
    expected = graphs_of(rdfout.to_dataset(rdfout.with_default_graph(quads)))
    got = graphs_of(Dataset().parse(data=json.dumps(document), format="json-ld"))
    assert set(got) == set(expected)
    for name, graph in expected.items():
        assert isomorphic(got[name], graph), name


@pytest.fixture()
def written(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[tuple[list[Quad], object]]]:
    """Every (quads, document) the pages ask the writer for while the test runs (the page
    cache of the shared app set aside, so that every page is written anew)."""
    calls: list[tuple[list[Quad], object]] = []
    monkeypatch.setattr(client.application.extensions["afgld.page_cache"], "max_bytes", 0)

    def recording(quads: list[Quad], prefixes: dict[str, str]) -> dict[str, object]:
        document = rdfout.jsonld_document(quads, prefixes)
        calls.append((quads, document))
        return document

    monkeypatch.setattr(pages, "jsonld_document", recording)
    monkeypatch.setattr(resources, "jsonld_document", recording)
    yield calls


REAL_PAGES = (
    "/",
    "/statements",
    "/claims?speaker=person%2Fahmad-massoud",
    "/events?sort=date",
    "/people",
    "/doc/person/ahmad-massoud",
    "/doc/article/002",
    "/doc/statement/000-0-76-1",
)


@pytest.mark.parametrize("path", REAL_PAGES)
def test_pages_embed_what_they_were_given(
    client: FlaskClient, written: list[tuple[list[Quad], object]], path: str
) -> None:
    html = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert len(written) == 1, path
    quads, document = written[0]
    assert quads, path
    assert_reads_back(document, quads)
    embedded = Page(html).jsonld
    assert len(embedded) == 1
    assert_reads_back(json.loads(embedded[0]), quads)  # @included, as a page embeds it


# -- generated quads ------------------------------------------------------------------------
iris = st.one_of(
    st.sampled_from(
        [
            URIRef(BASE + "id/person/a"),
            URIRef(BASE + "id/person/b-1"),
            URIRef(BASE + "ontology#Person"),
            URIRef(BASE + "ontology#knows"),
            URIRef(BASE + "id/person/"),  # a prefix's own IRI
            URIRef(BASE + "doc/article/002#s-3"),  # a namespace no prefix names
            URIRef("urn:example:x"),
            URIRef("urn:example:x:y"),
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            RDF.type,
        ]
    ),
    st.from_regex(r"\Ahttp://example\.org/[a-z]{1,3}(#[a-z]{0,3})?\Z").map(URIRef),
)
literals = st.one_of(
    st.text(max_size=8).map(Literal),
    st.tuples(st.text(max_size=5), st.sampled_from(["en", "fa", "ps-af"])).map(
        lambda t: Literal(t[0], lang=t[1])
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(Literal),
    st.booleans().map(Literal),
    st.floats(allow_nan=False, allow_infinity=False).map(Literal),
    st.sampled_from(
        [
            Literal("2021-11-23", datatype=XSD.date),
            Literal("1.50", datatype=XSD.decimal),
            Literal("many", datatype=XSD.integer),  # ill-typed: kept as written
            Literal("x", datatype=URIRef("http://example.org/dt")),
        ]
    ),
)
blanks = st.sampled_from([BNode("b0"), BNode("b1"), BNode("b2")])
graph_names = st.one_of(
    st.none(), st.sampled_from([URIRef(BASE + "graph/facts"), URIRef(BASE + "id/person/a")])
)
quad_lists = st.lists(
    st.tuples(
        st.one_of(iris, blanks),
        iris,
        st.one_of(iris, blanks, literals),
        graph_names,
    ),
    max_size=12,
)


@given(quad_lists)
def test_generated_quads_read_back(quads: list[Quad]) -> None:
    assert_reads_back(rdfout.jsonld_document(quads, PREFIXES), quads)
    document = rdfout.embeddable(rdfout.jsonld_document(quads, PREFIXES))
    assert_reads_back(document, quads)


def test_a_list_keeps_its_order_and_the_same_quads_give_the_same_bytes() -> None:
    head, middle = BNode("l0"), BNode("l1")
    subject = URIRef(BASE + "id/person/a")
    quads: list[Quad] = [
        (subject, URIRef(BASE + "ontology#steps"), head, None),
        (head, RDF.first, Literal("second"), None),
        (head, RDF.rest, middle, None),
        (middle, RDF.first, Literal("first"), None),
        (middle, RDF.rest, RDF.nil, None),
    ]
    document = rdfout.jsonld_document(quads, PREFIXES)
    assert document["@id"] == "person:a"
    assert document["afg:steps"] == {"@list": ["second", "first"]}
    assert_reads_back(document, quads)
    again = rdfout.jsonld_bytes(list(reversed(quads)), PREFIXES)
    assert again == rdfout.jsonld_bytes(quads, PREFIXES)
