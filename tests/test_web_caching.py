"""What a cache in front of afgld (a reverse proxy, a CDN) is told, as the README's table says:
pages and documents briefly, dumps for an hour, pinned dumps for good, errors briefly or never,
and how to revalidate. In both store modes."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import WITHOUT_VIRTUOSO

# Caching headers do not depend on the store: Virtuoso would add nothing.
pytestmark = WITHOUT_VIRTUOSO

PAGE = "public, max-age=300"


def test_pages_documents_and_redirects_are_cacheable_and_revalidate(client: FlaskClient) -> None:
    for path, accept in [
        ("/", "text/html"),
        ("/doc/person/ahmad-massoud", "text/html"),
        ("/doc/person/ahmad-massoud.ttl", "*/*"),
        ("/people", "text/html"),
        ("/ontology", "text/turtle"),
        ("/.well-known/void", "text/turtle"),
    ]:
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == PAGE, path
        etag = response.headers["ETag"]
        again = client.get(path, headers={"Accept": accept, "If-None-Match": etag})
        assert again.status_code == 304, path
    redirect = client.get("/id/person/ahmad-massoud", headers={"Accept": "text/turtle"})
    assert redirect.status_code == 303 and redirect.headers["Cache-Control"] == PAGE
    assert "Accept" in redirect.headers["Vary"]


def test_dumps_are_cacheable_and_pinned_dumps_immutable(client: FlaskClient) -> None:
    listing = client.get("/dumps/afgld.nq")
    assert listing.headers["Cache-Control"] == "public, max-age=3600"
    digest = listing.headers["ETag"].strip('"')
    pinned = client.get(f"/dumps/afgld.nq?sha256={digest}")
    assert pinned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (
        client.get("/dumps/afgld.nq", headers={"If-None-Match": f'"{digest}"'}).status_code == 304
    )


def test_errors_are_cached_briefly_or_never(client: FlaskClient) -> None:
    assert client.get("/doc/person/nobody").headers["Cache-Control"] == "public, max-age=60"
    refused = client.get("/sparql?query=SELECT", headers={"Accept": "*/*"})
    assert refused.status_code == 400 and refused.headers["Cache-Control"] == "public, max-age=60"


def test_sparql_answers_by_get_are_cacheable_by_post_not(client: FlaskClient) -> None:
    query = {"query": "ASK { ?s ?p ?o }"}
    got = client.get("/sparql", query_string=query)
    assert got.headers["Cache-Control"] == PAGE and "Accept" in got.headers["Vary"]
    posted = client.post("/sparql", data=query)
    assert "Cache-Control" not in posted.headers


def test_health_and_version_are_never_cached(client: FlaskClient) -> None:
    for path in ("/healthz", "/version"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
