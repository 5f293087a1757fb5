"""The service description, the query editor and the cookbook, as clients see them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from afgld.cookbook import recipes, with_prefixes
from afgld.formats import GRAPH_FORMATS, SOLUTION_FORMATS
from afgld.namespaces import SD, Space
from tests.conftest import BASE, make_app, store_of

SPACE = Space(BASE)


def service_description(sparql_client: FlaskClient, accept: str = "text/turtle") -> Graph:
    response = sparql_client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    assert "Accept" in response.vary
    return Graph().parse(data=response.data, format=accept)


@pytest.mark.parametrize("accept", [f.media_type for f in GRAPH_FORMATS])
def test_the_service_description_tells_the_truth(sparql_client: FlaskClient, accept: str) -> None:
    graph = service_description(sparql_client, accept)
    service = URIRef(BASE + "sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (None, SD.feature, SD.BasicFederatedQuery) not in graph
    formats = {str(o) for o in graph.objects(service, SD.resultFormat)}
    assert formats == {f.sd_iri for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS)}
    comments = " ".join(str(o) for o in graph.objects(service, None) if hasattr(o, "language"))
    for name in ("QUERY_TIMEOUT_S", "MAX_RESULT_ROWS", "MAX_RESULT_BYTES", "MAX_BODY_BYTES"):
        assert name in comments
    named = set(graph.objects(None, SD.name))
    assert URIRef(SPACE.graph["facts"]) in named


def test_curl_gets_turtle_and_a_browser_gets_the_editor(sparql_client: FlaskClient) -> None:
    assert sparql_client.get("/sparql", headers={"Accept": "*/*"}).mimetype == "text/turtle"
    assert sparql_client.get("/sparql").mimetype == "text/turtle"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert sparql_client.get("/sparql", headers={"Accept": browser}).mimetype == "text/html"


def editor(sparql_client: FlaskClient, **params: str) -> str:
    response = sparql_client.get("/sparql", query_string=params, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    return response.data.decode()


class _Assets(HTMLParser):
    """Every URL the browser loads by itself: src attributes and <link href>."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("src"):
            self.urls.append(str(values["src"]))
        if tag == "link" and values.get("href"):
            self.urls.append(str(values["href"]))


def test_the_editor_uses_only_local_assets(sparql_client: FlaskClient) -> None:
    assets = _Assets()
    assets.feed(editor(sparql_client))
    assert any("yasgui.min.js" in url for url in assets.urls)
    root = Path(__file__).resolve().parent.parent / "src" / "afgld" / "web"
    for url in assets.urls:
        assert not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", url), url  # no scheme, no host
        if url.startswith("/static/"):
            assert (root / url.lstrip("/")).is_file(), url


def test_the_editor_declares_the_prefixes_and_offers_the_cookbook(
    sparql_client: FlaskClient,
) -> None:
    page = editor(sparql_client)
    for name, iri in SPACE.prefixes().items():
        assert f"{name}:" in page and iri in page
    for recipe in recipes():
        assert recipe.title.replace("'", "&#39;") in page


def test_a_shared_link_opens_the_editor_with_the_query(sparql_client: FlaskClient) -> None:
    page = editor(sparql_client, query="SELECT ?x WHERE { BIND('<script>\"&' AS ?x) }")
    assert '<script>"&' not in page  # escaped in the fallback form and the JSON block
    assert "&lt;script&gt;" in page


def test_every_cookbook_example_declares_what_it_uses_and_runs(
    real_build: Path,
) -> None:
    """The cookbook's queries run on the endpoint over the real build, prefixes declared."""
    app = make_app(real_build, MAX_RESULT_ROWS=10_000)
    sparql_client = app.test_client()
    try:
        assert recipes()
        for recipe in recipes():
            query = with_prefixes(recipe.text, SPACE.prefixes())
            response = sparql_client.post(
                "/sparql", data=query, content_type="application/sparql-query"
            )
            assert response.status_code == 200, (recipe.name, response.data)
    finally:
        store_of(app).close()
