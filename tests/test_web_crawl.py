"""A crawler starting at the home page reaches every resource by links alone, and gets RDF for
each by dereferencing its IRI (303 to the Turtle document)."""

from __future__ import annotations

import html
import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, URIRef

from afgld.formats import BY_SUFFIX
from tests.conftest import BASE

SUFFIXES = {*BY_SUFFIX, "html", "jsonld"}


HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def crawl(client: FlaskClient) -> set[str]:
    """Every local page reachable from / by following <a href> links (HTML pages only)."""
    seen = {"/"}
    queue = deque(["/"])
    while queue:
        path = queue.popleft()
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 200, path
        if response.mimetype != "text/html":
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            href = html.unescape(href)
            target = urldefrag(href)[0]
            if target.startswith(BASE):
                target = "/" + target[len(BASE) :]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not target.startswith("/"):
                continue  # another site
            if parts.query or target.startswith(("/dumps/", "/sparql", "/static/")):
                continue  # downloads and the query service are not pages to crawl
            if target.rsplit("/", 1)[-1].rpartition(".")[2] in SUFFIXES:
                continue  # the same document in another format
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


# Embedded only: over the remote store the same crawl takes 3× as long (every page is several
# HTTP round trips), and the page tests already run in both modes.
@pytest.mark.parametrize("app", ["embedded"], indirect=True)
def test_every_resource_is_reachable_by_links_and_dereferences_to_rdf(
    client: FlaskClient, real_build: Path
) -> None:
    dataset = Dataset()
    dataset.parse(real_build / "afgld.nq", format="nquads")
    resources = {
        str(s).split("#", 1)[0]
        for s, _, _, _ in dataset.quads((None, None, None, None))
        if str(s).startswith((BASE + "id/", BASE + "concept/"))
    }
    pages = crawl(client)
    reached = set()
    for path in pages:
        if path.startswith("/doc/concept/"):
            reached.add(BASE + path[len("/doc/") :])
        elif path.startswith("/doc/"):
            reached.add(BASE + "id/" + path[len("/doc/") :])
    missing = sorted(resources - reached)
    assert not missing, f"{len(missing)} resources no link reaches, e.g. {missing[:5]}"
    for iri in sorted(resources):
        response = client.get(
            iri[len(BASE) - 1 :], headers={"Accept": "text/turtle"}, base_url=BASE
        )
        assert response.status_code == 303, iri
        location = response.headers["Location"]
        document = client.get(location[len(BASE) - 1 :])
        assert document.mimetype == "text/turtle", iri
        graph = Graph().parse(data=document.data, format="turtle")
        assert (URIRef(iri), None, None) in graph or (None, None, URIRef(iri)) in graph, iri
