"""``/robots.txt`` and the sitemap (issue 9, item 6): every document is listed, absolute under
the base IRI; past the limit of one sitemap, an index of parts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Dataset, URIRef

from afgld.web.app import create_app
from afgld.web.views.indexes import INDEXES
from tests.conftest import BASE, store_of

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client: FlaskClient, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.get_data())
    return [loc.text or "" for loc in root.iterfind(".//s:loc", NS)]


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_off_the_query_services(
    client: FlaskClient,
) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {BASE}sitemap.xml" in lines
    for path in ("/sparql", "/search", "/reconcile"):
        assert f"Disallow: {path}" in lines
    assert not [line for line in lines if line.strip() in ("Disallow: /", "Disallow: /doc")]
    assert response.headers["Cache-Control"] == "public, max-age=300" and response.headers["ETag"]


def test_the_sitemap_lists_every_document(client: FlaskClient, real_build: Path) -> None:
    root = ET.fromstring(client.get("/sitemap.xml").get_data())
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = locations(client, "/sitemap.xml")
    assert len(urls) == len(set(urls))
    assert all(url.startswith(BASE) for url in urls)
    pages = {BASE, BASE + "ontology", BASE + ".well-known/void", BASE + "dataset/validation"}
    pages |= {BASE + index.slug for index in INDEXES}
    assert pages <= set(urls)
    dataset = Dataset()
    dataset.parse(real_build / "afgld.nq", format="nquads")
    graphs = {str(g.identifier) for g in dataset.graphs()}
    graphs = {g for g in graphs if g.startswith(BASE + "graph/")}
    assert graphs and graphs <= set(urls)
    things = {
        str(s)
        for s, _, _, _ in dataset.quads()
        if isinstance(s, URIRef)
        and "#" not in s
        and str(s).startswith((BASE + "id/", BASE + "concept/"))
    }
    documents = {url for url in urls if url.startswith(BASE + "doc/")}
    expected = {BASE + "doc/" + t[len(BASE) :].removeprefix("id/") for t in things}
    assert documents == expected
    assert len(documents) > 2000


def test_the_documents_listed_answer(client: FlaskClient) -> None:
    urls = locations(client, "/sitemap.xml")
    kinds: dict[str, str] = {}
    for url in urls:
        path = "/" + url[len(BASE) :]
        kind = path.split("/")[2] if path.startswith("/doc/") else path
        kinds.setdefault(kind, path)
    assert len(kinds) > 20
    for path in kinds.values():
        assert client.get(path, headers={"Accept": "text/html"}).status_code == 200, path


@pytest.fixture(scope="module")
def split_app(mini_build: Path):  # type: ignore[no-untyped-def]
    application = create_app(
        {"TESTING": True, "BUILD_DIR": str(mini_build), "BASE_IRI": BASE, "SITEMAP_MAX_URLS": 40}
    )
    yield application
    store_of(application).close()


def test_over_the_limit_the_sitemap_is_an_index_of_parts(
    split_app: Flask, mini_client: FlaskClient
) -> None:
    whole = locations(mini_client, "/sitemap.xml")
    assert len(whole) > 80
    client = split_app.test_client()
    root = ET.fromstring(client.get("/sitemap.xml").get_data())
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    names = locations(client, "/sitemap.xml")
    assert names == [f"{BASE}sitemap-{n}.xml" for n in range(1, len(names) + 1)]
    assert len(names) == -(-len(whole) // 40)
    listed: list[str] = []
    for name in names:
        part = locations(client, "/" + name[len(BASE) :])
        assert 0 < len(part) <= 40
        listed += part
    assert listed == whole
    for missing in ("/sitemap-0.xml", f"/sitemap-{len(names) + 1}.xml"):
        assert client.get(missing).status_code == 404
    assert mini_client.get("/sitemap-1.xml").status_code == 404  # one sitemap: no parts


def test_the_sitemap_is_cached_like_a_page(client: FlaskClient) -> None:
    first = client.get("/sitemap.xml")
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get("/sitemap.xml", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
