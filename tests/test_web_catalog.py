"""Dataset description (VoID, DCAT) and downloads: media types, checksums, lengths, caching."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, VOID

from afgld.formats import BY_SUFFIX, FORMATS
from afgld.search import SEARCH_INDEX
from tests.conftest import BASE, WITHOUT_VIRTUOSO

# The catalogue's answers come from the build's files: Virtuoso would add nothing.
pytestmark = WITHOUT_VIRTUOSO


@pytest.fixture(scope="module")
def manifest(real_build: Path) -> dict:
    return json.loads((real_build / "manifest.json").read_text(encoding="utf-8"))


def test_void_names_endpoint_uri_space_dumps_counts_licence_version(client: FlaskClient) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.data, format="turtle")
    dataset = URIRef(BASE + "dataset")
    assert (dataset, VOID.sparqlEndpoint, URIRef(BASE + "sparql")) in graph
    assert (dataset, VOID.uriSpace, Literal(BASE + "id/")) in graph
    assert len(list(graph.objects(dataset, VOID.dataDump))) == len(FORMATS)
    assert int(graph.value(dataset, VOID.triples)) > 0
    assert graph.value(dataset, URIRef("http://purl.org/dc/terms/license")) is not None
    assert graph.value(dataset, URIRef(str(DCAT) + "version")) is not None
    for dump in graph.objects(dataset, VOID.dataDump):
        path = str(dump)[len(BASE) - 1 :]
        assert client.head(path).status_code == 200, path


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.suffix)
def test_void_in_every_format(client: FlaskClient, fmt) -> None:
    response = client.get("/.well-known/void", headers={"Accept": fmt.media_type})
    assert response.mimetype == fmt.media_type
    assert len(Graph().parse(data=response.data, format=fmt.rdflib_name)) > 0
    assert client.get(f"/.well-known/void.{fmt.suffix}").mimetype == fmt.media_type


def test_dataset_and_catalog_iris_see_other_to_the_description(client: FlaskClient) -> None:
    for path in ("/dataset", "/catalog"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["Location"] == BASE + ".well-known/void"


def test_every_file_is_served_with_its_type_length_and_checksum(
    client: FlaskClient, manifest: dict
) -> None:
    for name, entry in manifest["files"].items():
        if name.startswith("texts/") or name == SEARCH_INDEX:
            # the publishers' texts; the search index, an index of the data, not data
            assert client.get(f"/dumps/{name}").status_code == 404
            assert name not in client.get("/dumps/").get_data(as_text=True)
            assert name not in client.get("/.well-known/void.ttl").get_data(as_text=True)
            continue
        response = client.get(f"/dumps/{name}")
        assert response.status_code == 200, name
        body = response.data
        assert len(body) == entry["bytes"] == int(response.headers["Content-Length"])
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert response.headers["ETag"] == f'"{entry["sha256"]}"'
        digest = base64.b64encode(bytes.fromhex(entry["sha256"])).decode()
        assert response.headers["Repr-Digest"] == f"sha-256=:{digest}:"
        suffix = name.rsplit(".", 1)[-1]
        if suffix in BY_SUFFIX:
            assert response.mimetype == BY_SUFFIX[suffix].media_type, name
        assert "max-age" in response.headers["Cache-Control"]


def test_pinned_download_is_immutable_and_a_wrong_pin_is_404(
    client: FlaskClient, manifest: dict
) -> None:
    entry = manifest["files"]["afgld.ttl"]
    pinned = client.get(f"/dumps/afgld.ttl?sha256={entry['sha256']}")
    assert "immutable" in pinned.headers["Cache-Control"]
    assert client.get("/dumps/afgld.ttl?sha256=" + "0" * 64).status_code == 404
    assert client.get("/dumps/nothing.ttl").status_code == 404


def test_dump_gzip_range_and_304(client: FlaskClient, manifest: dict) -> None:
    plain = client.get("/dumps/afgld.nq")
    zipped = client.get("/dumps/afgld.nq", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 3
    part = client.get("/dumps/afgld.nq", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.data == plain.data[:100]
    again = client.get("/dumps/afgld.nq", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304


def test_dumps_parse(client: FlaskClient) -> None:
    for fmt in FORMATS:
        response = client.get(f"/dumps/afgld.{fmt.suffix}")
        from rdflib import Dataset

        assert len(Dataset().parse(data=response.data, format=fmt.rdflib_name)) >= 0


def test_validation_report(client: FlaskClient) -> None:
    response = client.get("/dataset/validation", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.data, format="turtle")
    assert (None, URIRef("http://www.w3.org/ns/shacl#conforms"), Literal(True)) in graph
    assert client.get("/dataset/validation").mimetype == "text/html"


def test_context_is_served_by_the_app(client: FlaskClient) -> None:
    response = client.get("/context.jsonld")
    assert response.mimetype == "application/ld+json"
    context = response.get_json()["@context"]
    assert context["afg"] == BASE + "ontology#"
    assert context["schema"] == "https://schema.org/"
