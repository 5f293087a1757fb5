"""Dereferencing and content negotiation: 303 from things to documents, suffix URLs, q-values,
406 with the variants, Vary, ETag and 304, HEAD, CORS, gzip, 404 in the negotiated format.
https://www.w3.org/TR/cooluris/ · https://www.rfc-editor.org/rfc/rfc9110
"""

from __future__ import annotations

import gzip

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from afgld.formats import FORMATS, HTML
from tests.conftest import BASE, MIRRORED

# Every test here runs against the app over each store and against nginx serving the static
# mirror (afgld export-static), which must behave the same.
pytestmark = MIRRORED

PERSON = "/id/person/ahmad-massoud"
DOC = "/doc/person/ahmad-massoud"


@pytest.fixture()
def client(app, server: str, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if server == "nginx":
        return request.getfixturevalue("mirror")
    return app.test_client()


def test_thing_iri_answers_303_to_the_html_document_for_a_browser(client: FlaskClient) -> None:
    response = client.get(PERSON, headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 303
    assert response.headers["Location"] == BASE + DOC.lstrip("/")
    assert "Accept" in response.vary


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.suffix)
def test_thing_iri_answers_303_to_the_suffix_url_of_the_negotiated_format(
    client: FlaskClient, fmt
) -> None:
    response = client.get(PERSON, headers={"Accept": fmt.media_type})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{BASE}doc/person/ahmad-massoud.{fmt.suffix}"


def test_q_values_decide_between_formats(client: FlaskClient) -> None:
    accept = "text/html;q=0.5, application/ld+json;q=0.9, text/turtle;q=0.8"
    response = client.get(PERSON, headers={"Accept": accept})
    assert response.headers["Location"].endswith(".jsonld")


def test_no_accept_header_gets_html(client: FlaskClient) -> None:
    response = client.get(DOC)
    assert response.status_code == 200
    assert response.mimetype == HTML


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.suffix)
def test_document_negotiates_and_names_its_suffix_url(client: FlaskClient, fmt) -> None:
    response = client.get(DOC, headers={"Accept": fmt.media_type})
    assert response.status_code == 200
    assert response.mimetype == fmt.media_type
    assert response.headers["Content-Location"] == f"{DOC}.{fmt.suffix}"
    assert "Accept" in response.vary


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.suffix)
def test_suffix_url_ignores_accept(client: FlaskClient, fmt) -> None:
    response = client.get(f"{DOC}.{fmt.suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == fmt.media_type
    assert "Accept" not in response.vary


def test_html_suffix_url(client: FlaskClient) -> None:
    response = client.get(f"{DOC}.html", headers={"Accept": "text/turtle"})
    assert response.mimetype == HTML


def test_unsupported_type_is_406_listing_the_variants(client: FlaskClient) -> None:
    for path in (PERSON, DOC, "/", "/people", "/ontology", "/.well-known/void"):
        response = client.get(path, headers={"Accept": "image/png"})
        assert response.status_code == 406, path
        body = response.get_data(as_text=True)
        for media in (HTML, *(f.media_type for f in FORMATS)):
            assert media in body
        assert "Accept" in response.vary


def test_link_headers_advertise_every_format(client: FlaskClient) -> None:
    response = client.get(DOC)
    link = response.headers["Link"]
    for fmt in FORMATS:
        assert f'<{DOC}.{fmt.suffix}>; rel="alternate"; type="{fmt.media_type}"' in link
    assert f'<{BASE}id/person/ahmad-massoud>; rel="describes"' in link
    html = response.get_data(as_text=True)
    assert f'<link rel="alternate" type="text/turtle" href="{DOC}.ttl"' in html


def test_etag_and_304(client: FlaskClient) -> None:
    first = client.get(f"{DOC}.ttl")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert "max-age" in first.headers["Cache-Control"]
    again = client.get(f"{DOC}.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    other = client.get(f"{DOC}.nt")
    assert other.headers["ETag"] != etag


def test_head_has_headers_and_no_body(client: FlaskClient) -> None:
    get = client.get(f"{DOC}.ttl")
    head = client.head(f"{DOC}.ttl")
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert head.headers["ETag"] == get.headers["ETag"]


def test_cors(client: FlaskClient) -> None:
    response = client.get(DOC, headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(DOC, headers={"Origin": "https://example.org"})
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_gzip_when_accepted(client: FlaskClient) -> None:
    plain = client.get(f"{DOC}.ttl")
    zipped = client.get(f"{DOC}.ttl", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    assert "Accept-Encoding" in zipped.vary
    assert "Content-Encoding" not in plain.headers


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.suffix)
def test_unknown_iri_is_404_in_the_negotiated_format(client: FlaskClient, fmt) -> None:
    response = client.get("/id/person/nobody-at-all", headers={"Accept": fmt.media_type})
    assert response.status_code == 404
    assert response.mimetype == fmt.media_type
    assert len(Graph().parse(data=response.data, format=fmt.rdflib_name)) == 0


def test_unknown_iri_is_404_page_for_a_browser(client: FlaskClient) -> None:
    for path in ("/id/person/nobody-at-all", "/doc/person/nobody", "/doc/nothing/x", "/graph/x"):
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 404, path
        assert response.mimetype == HTML
        assert "Not Found" in response.get_data(as_text=True)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    accept=st.lists(
        st.tuples(
            st.sampled_from(
                [HTML, "text/*", "*/*", "application/*", "image/png", "application/json"]
                + [f.media_type for f in FORMATS]
            ),
            st.sampled_from(["", ";q=0", ";q=0.1", ";q=0.5", ";q=1"]),
        ),
        max_size=4,
    )
)
def test_any_accept_header_gets_a_document_a_redirect_or_406(client, accept) -> None:
    header = ", ".join(m + q for m, q in accept)
    response = client.get(PERSON, headers={"Accept": header})
    assert response.status_code in (303, 406)
