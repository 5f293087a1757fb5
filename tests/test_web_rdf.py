"""Every RDF response parses and agrees with the dataset: nothing invented, nothing left out.

A document holds what its resource says, what points to it, and its hash-IRI parts, plus four
triples about the document itself (type, primary topic, licence, dataset).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import FOAF

from afgld.formats import BY_SUFFIX, FORMATS
from tests.conftest import BASE


@pytest.fixture(scope="module")
def dataset(real_build: Path) -> Dataset:
    data = Dataset()
    data.parse(real_build / "afgld.nq", format="nquads")
    return data


@pytest.fixture(scope="module")
def union(dataset: Dataset) -> set:
    return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}


def sample(dataset: Dataset) -> list[str]:
    """One resource of each kind (the first, in IRI order)."""
    chosen: dict[str, str] = {}
    for s, _, _, _ in dataset.quads((None, None, None, None)):
        text = str(s)
        if not text.startswith(BASE) or "#" in text:
            continue
        local = text[len(BASE) :]
        parts = local.split("/")
        kind = parts[1] if parts[0] == "id" else parts[0]
        if parts[0] in ("id", "concept") and (kind not in chosen or text < chosen[kind]):
            chosen[kind] = text
    return sorted(chosen.values())


def fetch(client: FlaskClient, iri: str, media: str):
    return client.get(
        iri[len(BASE) - 1 :], headers={"Accept": media}, follow_redirects=True, base_url=BASE
    )


def test_sample_covers_the_kinds(dataset: Dataset) -> None:
    kinds = {iri[len(BASE) :].split("/")[1] for iri in sample(dataset) if "/id/" in iri}
    assert {"article", "quote", "statement", "proposition", "person", "org", "text"} <= kinds


# Over Virtuoso in one format, N-Quads (named graphs kept): the quads come from the store the
# same way for every format, and each format costs a minute of round trips there.
@pytest.mark.parametrize(
    ("app", "fmt"),
    [(store, f) for store in ("embedded", "remote") for f in FORMATS]
    + [("virtuoso", BY_SUFFIX["nq"])],
    indirect=["app"],
    ids=lambda v: getattr(v, "suffix", v),
    scope="session",
)
def test_every_kind_in_every_format_matches_the_graph(
    client: FlaskClient, dataset: Dataset, union: set, fmt
) -> None:
    for iri in sample(dataset):
        response = fetch(client, iri, fmt.media_type)
        assert response.status_code == 200, iri
        assert response.mimetype == fmt.media_type
        got = Dataset()
        got.parse(data=response.data, format=fmt.rdflib_name)
        triples = {(s, p, o) for s, p, o, _ in got.quads((None, None, None, None))}
        doc = {
            t
            for t in triples
            if t[0] != URIRef(iri) and (t[0], FOAF.primaryTopic, URIRef(iri)) in triples
        }
        data = triples - doc
        assert data <= union, f"{iri} as {fmt.suffix} has triples the dataset lacks"
        expected = {(s, p, o) for s, p, o in union if s == URIRef(iri) or o == URIRef(iri)}
        assert expected <= data, f"{iri} as {fmt.suffix} leaves out triples"
        assert len(doc) == 4


def test_quad_formats_keep_named_graphs(client: FlaskClient) -> None:
    for suffix, name in (("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")):
        response = client.get(f"/doc/person/ahmad-massoud.{suffix}")
        got = Dataset()
        got.parse(data=response.data, format=name)
        graphs = {str(g) for _, _, _, g in got.quads((None, None, None, None)) if g is not None}
        assert BASE + "graph/entities" in graphs, suffix
        assert any(g.startswith(BASE + "graph/source-") for g in graphs), suffix


def test_jsonld_embeds_our_context_and_parses_offline(client: FlaskClient) -> None:
    """The context is inline (the one /context.jsonld serves): parsing fetches nothing."""
    response = client.get("/doc/person/ahmad-massoud.jsonld")
    document = json.loads(response.data)
    context = client.get("/context.jsonld")
    assert context.mimetype == "application/ld+json"
    assert document["@context"] == context.get_json()["@context"]
    assert isinstance(document["@context"], dict)
    assert len(Dataset().parse(data=response.data, format="json-ld")) > 0


def test_ontology_in_every_format(client: FlaskClient, dataset: Dataset) -> None:
    ontology = {
        (s, p, o)
        for s, p, o, _ in dataset.quads((None, None, None, URIRef(BASE + "graph/ontology")))
    }
    for fmt in FORMATS:
        response = client.get("/ontology", headers={"Accept": fmt.media_type})
        assert response.status_code == 200
        got = Dataset().parse(data=response.data, format=fmt.rdflib_name)
        triples = {(s, p, o) for s, p, o, _ in got.quads((None, None, None, None))}
        assert triples == ontology, fmt.suffix
    version = client.get("/ontology/1.0.0", headers={"Accept": "text/turtle"})
    assert version.status_code == 200
    assert client.get("/ontology/0.0.1").status_code == 404


def test_named_graph_iri_serves_the_graph(client: FlaskClient, dataset: Dataset) -> None:
    facts = {
        (s, p, o) for s, p, o, _ in dataset.quads((None, None, None, URIRef(BASE + "graph/facts")))
    }
    response = client.get("/graph/facts", headers={"Accept": "text/turtle"})
    assert {t for t in Graph().parse(data=response.data, format="turtle")} == facts
    assert client.get("/graph/facts.nt").mimetype == "application/n-triples"
