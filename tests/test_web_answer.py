"""One way to answer: every negotiated document sends the same headers, whichever route made it
(resources, index pages, home, catalogue, ontology, graphs), and SPARQL answers, the service
description and errors go through the same negotiation."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from afgld.formats import FORMATS

DOCUMENTS = [
    "/doc/person/ahmad-massoud",
    "/doc/concept/speech-act/accusation",
    "/people",
    "/claims",
    "/",
    "/.well-known/void",
    "/dataset/validation",
    "/ontology",
    "/graph/facts",
]
ACCEPTS = {"text/html": "html", "text/turtle": "ttl", "application/ld+json": "jsonld"}


@pytest.mark.parametrize("path", DOCUMENTS)
@pytest.mark.parametrize("accept", sorted(ACCEPTS))
def test_every_negotiated_document_says_what_it_is_and_where_the_others_are(
    client: FlaskClient, path: str, accept: str
) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    assert "Accept" in response.vary
    etag = response.headers["ETag"]
    base = "/index" if path == "/" else path
    location = response.headers["Content-Location"]
    assert location == f"{base}.{ACCEPTS[accept]}"
    links = response.headers["Link"]
    for fmt in FORMATS:
        assert f'<{base}.{fmt.suffix}>; rel="alternate"; type="{fmt.media_type}"' in links
    assert f'<{base}.html>; rel="alternate"; type="text/html"' in links
    # the variant named by Content-Location is the same representation, and not negotiated
    same = client.get(location)
    assert same.status_code == 200 and same.data == response.data
    assert same.headers["ETag"] == etag and "Content-Location" not in same.headers
    assert client.get(path, headers={"Accept": accept, "If-None-Match": etag}).status_code == 304


def test_a_resource_document_links_the_thing_it_describes(client: FlaskClient) -> None:
    response = client.get("/doc/person/ahmad-massoud.ttl")
    assert (
        '<http://127.0.0.1:8080/id/person/ahmad-massoud>; rel="describes"'
        in (response.headers["Link"])
    )


def test_the_home_page_still_points_to_the_dataset_and_the_endpoint(client: FlaskClient) -> None:
    links = client.get("/", headers={"Accept": "text/html"}).headers["Link"]
    assert '</.well-known/void>; rel="describedby"' in links
    assert "sparql-service-description#endpoint" in links


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/sparql?query=ASK%7B%7D", "application/sparql-results+json"),
        ("/sparql?query=ASK%7B%7D", "application/json"),
        ("/sparql", "text/turtle"),
        ("/sparql", "text/html"),
        ("/no/such/page", "text/turtle"),
        ("/doc/person/nobody", "application/json"),
    ],
)
def test_sparql_answers_and_errors_are_negotiated_too(
    client: FlaskClient, path: str, accept: str
) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert "Accept" in response.vary
    expected = "application/sparql-results+json" if accept == "application/json" else accept
    if response.status_code == 200:
        assert response.mimetype == expected
    else:
        assert response.status_code == 404 and response.mimetype == accept


def test_nothing_acceptable_is_406_listing_the_variants(client: FlaskClient) -> None:
    for path in ("/people", "/sparql?query=ASK%7B%7D", "/sparql"):
        response = client.get(path, headers={"Accept": "image/png"})
        assert response.status_code == 406, path
