"""Releases served: the /releases/ page in HTML and RDF, each release's files (only those its
index lists, immutable once archived), and retired IRIs answering 301 or 410 Gone."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, XSD

from afgld.formats import FORMATS
from afgld.namespaces import DCAT3
from tests.conftest import BASE, WITHOUT_VIRTUOSO, make_app, store_of

IMMUTABLE = "public, max-age=31536000, immutable"
REPLACED_BY = f'rel="{DCTERMS.isReplacedBy}"'


@pytest.fixture(scope="module")
def two_app(two_releases_build: Path) -> Iterator[Flask]:
    """The app over the second of two releases (tests/data/two-releases)."""
    application = make_app(two_releases_build)
    yield application
    store_of(application).close()


@pytest.fixture()
def two(two_app: Flask) -> FlaskClient:
    return two_app.test_client()


@pytest.fixture(scope="module")
def index(two_releases_build: Path) -> dict:
    return json.loads((two_releases_build / "releases" / "index.json").read_text("utf-8"))


# ------------------------------------------------------------------------- /releases/


def test_the_page_lists_every_release_with_its_files_and_changes(
    two: FlaskClient, index: dict
) -> None:
    response = two.get("/releases/", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Location"] == "/releases.html"
    assert "Accept" in response.vary
    text = response.get_data(as_text=True)
    first, second = index["releases"]
    assert text.index('id="v0.2.0"') < text.index('id="v0.1.0"')  # newest first
    for release in (first, second):
        assert str(escape(release["summary"])) in text
        assert f'<time datetime="{release["issued"]}">' in text
        for name, entry in release["files"].items():
            assert f'href="/releases/{release["version"]}/{name}"' in text
            assert entry["sha256"] in text and f"{entry['bytes']:,}" in text
            assert f"<code>{entry['media_type']}</code>" in text
    assert 'Previous release</dt><dd><a href="#v0.1.0">0.1.0</a>' in text
    assert 'href="/releases/0.2.0/changes/changes.md"' in text
    entities = second["changes"]["entities"]  # one added (muttaqi), one removed
    assert (
        f'<td>Entities</td><td class="num">{entities["added"]}</td>'
        f'<td class="num">{entities["removed"]}</td>'
    ) in text


def test_the_releases_page_is_linked_from_home_downloads_and_every_footer(
    two: FlaskClient,
) -> None:
    for path in ("/", "/dumps/", "/people", "/doc/person/muttaqi"):
        text = two.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
        assert 'href="/releases/"' in text, path


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.suffix)
def test_the_page_as_rdf_is_the_releases_part_of_the_description(two: FlaskClient, fmt) -> None:
    response = two.get("/releases/", headers={"Accept": fmt.media_type})
    assert response.mimetype == fmt.media_type
    assert response.headers["Content-Location"] == f"/releases.{fmt.suffix}"
    graph = Graph().parse(data=response.data, format=fmt.rdflib_name)
    dataset, first, second = (
        URIRef(BASE + p) for p in ("dataset", "releases/0.1.0", "releases/0.2.0")
    )
    assert {first, second} <= set(graph.objects(dataset, DCAT3.hasVersion))
    assert graph.value(second, DCAT3.previousVersion) == first
    assert graph.value(first, DCTERMS.issued) == Literal("2026-11-30", datatype=XSD.date)
    assert (
        second,
        URIRef("http://rdfs.org/ns/void#dataDump"),
        URIRef(BASE + "releases/0.2.0/afgld.nq.gz"),
    ) in graph
    assert not any(str(s).startswith(BASE + "dumps/") for s in graph.subjects())  # releases only
    assert two.get(f"/releases.{fmt.suffix}").data == response.data


def test_a_release_iri_sees_other_to_the_page_and_an_unknown_one_is_404(
    two: FlaskClient,
) -> None:
    response = two.get("/releases/0.1.0")
    assert response.status_code == 303 and response.headers["Location"] == BASE + "releases/"
    assert two.get("/releases/9.9.9").status_code == 404


# ------------------------------------------------------------------ a release's files


def test_every_listed_file_is_served_pinned_by_its_sha256(two: FlaskClient, index: dict) -> None:
    for release in index["releases"]:
        archived = release["archive_sha256"] is not None
        assert archived == (release["version"] == "0.1.0")
        for name, entry in release["files"].items():
            response = two.get(f"/releases/{release['version']}/{name}")
            assert response.status_code == 200, name
            assert hashlib.sha256(response.data).hexdigest() == entry["sha256"]
            assert int(response.headers["Content-Length"]) == entry["bytes"]
            assert response.headers["ETag"] == f'"{entry["sha256"]}"'  # strong
            assert response.mimetype == entry["media_type"]
            cache = response.headers["Cache-Control"]
            assert (cache == IMMUTABLE) if archived else ("immutable" not in cache), name


def test_an_archived_release_is_the_archive_rebased(
    two: FlaskClient, two_releases_build: Path
) -> None:
    served = gzip.decompress(two.get("/releases/0.1.0/afgld.nq.gz").data).decode("utf-8")
    assert (
        "https://afgld.invalid/" not in served and f"<{BASE}id/person/amir-khan-muttaqi>" in served
    )
    current = two.get("/releases/0.2.0/afgld.nq.gz").data
    assert current == (two_releases_build / "afgld.nq.gz").read_bytes()


def test_head_range_and_304_behave_as_for_the_dumps(two: FlaskClient) -> None:
    path = "/releases/0.1.0/afgld.nq.gz"
    whole = two.get(path)
    head = two.head(path)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == whole.headers["ETag"]
    assert head.headers["Content-Length"] == whole.headers["Content-Length"]
    part = two.get(path, headers={"Range": "bytes=10-29"})
    assert part.status_code == 206 and part.data == whole.data[10:30]
    assert part.headers["Content-Range"] == f"bytes 10-29/{len(whole.data)}"
    again = two.get(path, headers={"If-None-Match": whole.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Cache-Control"] == IMMUTABLE
    summary = two.get("/releases/0.2.0/changes/changes.md", headers={"Accept-Encoding": "gzip"})
    assert summary.headers["Content-Encoding"] == "gzip"
    assert summary.headers["ETag"].endswith('-gz"')


@pytest.mark.parametrize(
    "path",
    [
        "/releases/0.1.0/changes/changes.md",  # the first release has no changes
        "/releases/0.1.0/manifest.json",
        "/releases/0.1.0/../manifest.json",
        "/releases/0.1.0/%2e%2e/manifest.json",
        "/releases.json",
        "/releases/9.9.9/afgld.nq.gz",
        "/releases/0.2.0/afgld.ttl",
    ],
)
def test_only_the_files_the_index_lists_are_served(two: FlaskClient, path: str) -> None:
    response = two.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404, path
    assert response.mimetype == "text/turtle"  # in the negotiated format, like other 404s
    Graph().parse(data=response.data, format="turtle")


# ------------------------------------------------------------------------ retired IRIs


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/id/person/amir-khan-muttaqi", "id/person/muttaqi"),
        ("/doc/person/amir-khan-muttaqi", "doc/person/muttaqi"),
        ("/doc/person/amir-khan-muttaqi.ttl", "doc/person/muttaqi.ttl"),
        ("/doc/person/amir-khan-muttaqi.html", "doc/person/muttaqi.html"),
        (  # a derived IRI follows its key
            "/id/membership/amir-khan-muttaqi_foreign-minister_taliban",
            "id/membership/muttaqi_foreign-minister_taliban",
        ),
    ],
)
def test_a_moved_iri_answers_301_to_its_successor(two: FlaskClient, old: str, new: str) -> None:
    response = two.get(old, headers={"Accept": "text/turtle"})
    assert response.status_code == 301, old
    assert response.headers["Location"] == BASE + new
    followed = two.get("/" + new, headers={"Accept": "text/turtle"})
    assert followed.status_code in (200, 303)  # the document, or the thing's 303 to it


def test_a_gone_iri_answers_410_in_every_format(two: FlaskClient) -> None:
    old = "/id/statement/002-480-723-2"
    for accept, kind in (
        ("text/html", "text/html"),
        ("application/json", "application/json"),
        ("", "text/plain"),
    ):
        response = two.get(old, headers={"Accept": accept})
        assert response.status_code == 410 and response.mimetype == kind, accept
        assert "The claim was withdrawn on review." in response.get_data(as_text=True)
        assert "Link" not in response.headers  # no successor
    for fmt in FORMATS:
        response = two.get(
            f"/doc/statement/002-480-723-2.{fmt.suffix}", headers={"Accept": fmt.media_type}
        )
        assert response.status_code == 410 and response.mimetype == fmt.media_type
        graph = Graph().parse(data=response.data, format=fmt.rdflib_name)
        assert (
            str(graph.value(URIRef(BASE + old[1:]), RDFS.comment))
            == "The claim was withdrawn on review."
        )
        assert graph.value(URIRef(BASE + old[1:]), DCTERMS.isReplacedBy) is None


def test_an_iri_never_published_is_still_404(two: FlaskClient) -> None:
    for path in (
        "/id/person/nobody",
        "/doc/person/nobody.ttl",
        "/graph/nothing",
        "/concept/role/none",
    ):
        assert two.get(path).status_code == 404, path


@WITHOUT_VIRTUOSO
def test_a_gone_iri_with_a_successor_names_it(client: FlaskClient) -> None:
    """mappings/retired.yaml: two propositions of 0.1.0 replaced in 0.2.0."""
    old, new = BASE + "id/proposition/002-84-264-2-2", BASE + "id/proposition/002-84-264-4-2"
    response = client.get("/id/proposition/002-84-264-2-2", headers={"Accept": "text/turtle"})
    assert response.status_code == 410
    assert response.headers["Link"] == f"<{new}>; {REPLACED_BY}"
    graph = Graph().parse(data=response.data, format="turtle")
    assert (URIRef(old), DCTERMS.isReplacedBy, URIRef(new)) in graph
    assert client.get(new[len(BASE) - 1 :]).status_code == 303  # the successor resolves
    page = client.get("/doc/proposition/002-84-264-2-2", headers={"Accept": "text/html"})
    assert page.status_code == 410
    doc = BASE + "doc/proposition/002-84-264-4-2"
    assert page.headers["Link"] == f"<{doc}>; {REPLACED_BY}"
    assert f'href="{doc}" rel="{DCTERMS.isReplacedBy}"' in page.get_data(as_text=True)
    moved = client.get("/id/agent/nrf-delegation-002")
    assert (
        moved.status_code == 301 and moved.headers["Location"] == BASE + "id/org/nrf-delegation-002"
    )
    rdf = Graph().parse(data=client.get("/releases.ttl").data, format="turtle")
    assert (URIRef(BASE + "dataset"), DCAT3.hasVersion, URIRef(BASE + "releases/0.1.0")) in rdf
    assert (URIRef(old), OWL.sameAs, None) not in graph


def test_a_gone_concept_answers_410_too(two: FlaskClient) -> None:
    for path in (
        "/concept/characterisation/last-bastion",
        "/doc/concept/characterisation/last-bastion.nt",
    ):
        response = two.get(path, headers={"Accept": "application/n-triples"})
        assert response.status_code == 410, path
        assert "Only the withdrawn claim called the NRF so." in response.get_data(as_text=True)
