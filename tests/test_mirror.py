"""The static mirror (``afgld export-static``) under Debian's nginx: the same choices, headers
and bodies as the app, and the limits of negotiation in nginx's configuration, as documented
in docs/decisions/20261206-negotiation-in-nginx.md.

The Linked Data tests themselves (303, q-values, 406, 404 formats, ETag and 304, CORS, gzip)
run against nginx too: tests/test_web_negotiation.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afgld.formats import FORMATS, HTML
from afgld.mirror.nginx import Listen, _map, nginx_conf
from tests.conftest import free_port
from tests.nginx_mirror import HttpClient, nginx

PERSON = "/id/person/ahmad-massoud"
DOC = "/doc/person/ahmad-massoud"
NOBODY = "/id/person/nobody-at-all"
SAME_HEADERS = (
    "Content-Type",
    "ETag",
    "Cache-Control",
    "Vary",
    "Link",
    "Content-Location",
    "Content-Encoding",
    "Content-Disposition",
    "Repr-Digest",
    "Location",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)
ANY = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture()
def app_client(mini_app) -> FlaskClient:  # type: ignore[no-untyped-def]
    return mini_app.test_client()


# -- the same answers ----------------------------------------------------------------
PATHS = (
    "/",
    "/people",
    "/people.ttl",
    DOC,
    f"{DOC}.nq",
    f"{DOC}.html",
    "/id/org/nrf",
    "/doc/concept/role/commander",
    "/ontology",
    "/ontology.ttl",
    "/.well-known/void",
    "/dataset/validation.jsonld",
    "/graph/facts",
    "/context.jsonld",
    "/dumps/",
    "/dumps/afgld.nq",
    "/dumps/SHA256SUMS",
    "/static/css/afgld.css",
    "/dataset",
    NOBODY,
    "/doc/person/nobody",
    "/no/such/page",
)
HEADER_SETS = (
    {},
    {"Accept": "text/turtle"},
    {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Encoding": "gzip, br"},
    {"Accept": "application/ld+json;q=0.9, application/n-quads;q=0.95", "Accept-Encoding": "gzip"},
    {"Accept": "image/png"},
    {"Accept": "application/json"},
    {"Accept": "text/csv"},
)


@pytest.mark.parametrize("path", PATHS)
def test_nginx_answers_as_the_app_does(
    mirror: HttpClient, app_client: FlaskClient, path: str
) -> None:
    for headers in HEADER_SETS:
        app = app_client.get(path, headers=headers, buffered=True)
        mirrored = mirror.get(path, headers=headers)
        where = f"{path} {headers}"
        assert mirrored.status_code == app.status_code, where
        for name in SAME_HEADERS:
            if name == "Content-Type" and app.status_code == 303:
                continue  # the body of a 303 is nginx's own, a short HTML page
            assert mirrored.headers.get(name) == app.headers.get(name), f"{where}: {name}"
        if app.status_code == 200:
            assert mirrored.data == app.data, where
        if "ETag" in app.headers:
            again = mirror.get(path, headers={**headers, "If-None-Match": app.headers["ETag"]})
            assert again.status_code == 304, where
            assert again.headers["ETag"] == app.headers["ETag"]


def test_pinned_dumps_are_immutable_and_a_wrong_pin_is_404(
    mirror: HttpClient, app_client: FlaskClient
) -> None:
    listed = app_client.get("/dumps/").get_data(as_text=True)
    pinned = listed.split('href="/dumps/afgld.nq?sha256=', 1)[1].split('"', 1)[0]
    for query in (f"?sha256={pinned}", "?sha256=" + "0" * 64):
        app = app_client.get("/dumps/afgld.nq" + query)
        mirrored = mirror.get("/dumps/afgld.nq" + query)
        assert mirrored.status_code == app.status_code
        assert mirrored.headers.get("Cache-Control") == app.headers.get("Cache-Control")


def test_ranges_of_dumps(mirror: HttpClient, app_client: FlaskClient) -> None:
    app = app_client.get("/dumps/afgld.nq", headers={"Range": "bytes=0-99"})
    mirrored = mirror.get("/dumps/afgld.nq", headers={"Range": "bytes=0-99"})
    assert (mirrored.status_code, mirrored.data) == (app.status_code, app.data) == (206, app.data)


def test_head_and_other_methods(mirror: HttpClient, app_client: FlaskClient) -> None:
    assert (
        mirror.head(f"{DOC}.ttl").headers["ETag"] == app_client.head(f"{DOC}.ttl").headers["ETag"]
    )
    for path in ("/people", DOC):
        app = app_client.post(path, headers={"Accept": "text/turtle"})
        mirrored = mirror.post(path, headers={"Accept": "text/turtle"})
        assert (
            (mirrored.status_code, mirrored.mimetype)
            == (app.status_code, app.mimetype)
            == (405, app.mimetype)
        )


# -- the same choices, for any Accept header of the mirror's grammar ---------------------
MEDIA_RANGES = (
    HTML,
    *(f.media_type for f in FORMATS),
    "text/*",
    "application/*",
    "*/*",
    "image/png",
    "application/json",
    "text/plain",
    "application/xhtml+xml",
    "application/xml",
    "TEXT/Turtle;Q=0.5",
)


def qvalue() -> st.SearchStrategy[str]:
    """RFC 9110 qvalues, written every way the grammar allows: 0, 0.5, 0.50, 1, 1.000…"""

    def write(thousandths: int, width: int) -> str:
        if thousandths in (0, 1000):
            whole = str(thousandths // 1000)
            return whole + ("." + "0" * width if width else "")
        digits = f"{thousandths:03d}".rstrip("0")
        return "0." + digits.ljust(max(width, len(digits)), "0")

    return st.builds(
        write, st.sampled_from([0, 1, 5, 100, 250, 500, 501, 900, 999, 1000]), st.integers(0, 3)
    )


@st.composite
def accept_headers(draw: st.DrawFn) -> str:
    ranges = draw(
        st.lists(
            st.sampled_from(MEDIA_RANGES), max_size=6, unique_by=lambda r: r.split(";")[0].lower()
        )
    )
    items = []
    for media_range in ranges:
        if ";" not in media_range and draw(st.booleans()):
            media_range += draw(st.sampled_from([";q=", "; q=", ";Q=", " ;q="])) + draw(qvalue())
        items.append(media_range)
    return draw(st.sampled_from([",", ", ", " ,\t"])).join(items)


@ANY
@given(accept=accept_headers())
def test_nginx_picks_what_werkzeug_picks(
    mirror: HttpClient, app_client: FlaskClient, accept: str
) -> None:
    for path in (PERSON, NOBODY):
        app = app_client.get(path, headers={"Accept": accept})
        mirrored = mirror.get(path, headers={"Accept": accept})
        assert mirrored.status_code == app.status_code, accept
        assert mirrored.headers.get("Location") == app.headers.get("Location"), accept
        assert mirrored.mimetype == app.mimetype or app.status_code == 303, accept


@ANY
@given(
    codings=st.lists(
        st.tuples(
            st.sampled_from(["gzip", "GZIP", "*", "deflate", "br", "identity"]),
            st.sampled_from(["", ";q=0", ";q=0.0", ";q=0.001", ";q=1", "; q=0.5"]),
        ),
        max_size=4,
        unique_by=lambda c: c[0].lower(),
    )
)
def test_nginx_compresses_when_werkzeug_does(
    mirror: HttpClient, app_client: FlaskClient, codings: list[tuple[str, str]]
) -> None:
    header = ", ".join(c + q for c, q in codings)
    app = app_client.get(f"{DOC}.ttl", headers={"Accept-Encoding": header})
    mirrored = mirror.get(f"{DOC}.ttl", headers={"Accept-Encoding": header})
    assert mirrored.headers.get("Content-Encoding") == app.headers.get("Content-Encoding"), header
    assert mirrored.headers["ETag"] == app.headers["ETag"]


def test_a_repeated_media_range_counts_once_in_nginx(
    mirror: HttpClient, app_client: FlaskClient
) -> None:
    """The documented limit: nginx takes a repeated range's first quality, werkzeug its best."""
    accept = "text/turtle;q=0, text/turtle"
    assert app_client.get(PERSON, headers={"Accept": accept}).status_code == 303
    assert mirror.get(PERSON, headers={"Accept": accept}).status_code == 406


# -- the query services ------------------------------------------------------------------
def test_sparql_is_proxied_to_the_live_server(mirror: HttpClient, app_client: FlaskClient) -> None:
    query = "/sparql?query=ASK%20%7B%7D"
    headers = {"Accept": "application/sparql-results+json"}
    app = app_client.get(query, headers=headers)
    mirrored = mirror.get(query, headers=headers)
    assert (mirrored.status_code, mirrored.data) == (200, app.data)
    assert mirrored.headers["Content-Security-Policy"] == app.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/people?sort=-statements",  # a list's view with a query string
        "/claims.csv?page=2",
        "/timeline",
        "/timeline.json",
        "/network?article=000",
        "/search.json?q=massoud",
    ],
)
def test_views_made_per_request_are_the_live_servers(
    mirror: HttpClient, app_client: FlaskClient, path: str
) -> None:
    """Filters, sorting, paging and the computed views travel in the query string or are
    drawn from the whole dataset per request: nginx hands them over, never a static file
    that would ignore the query."""
    for headers in ({}, {"Accept": "application/json"}):
        app = app_client.get(path, headers=headers)
        mirrored = mirror.get(path, headers=headers)
        assert (mirrored.status_code, mirrored.headers.get("Content-Type")) == (
            app.status_code,
            app.headers.get("Content-Type"),
        ), path
        if app.status_code == 200:
            assert mirrored.data == app.data, path


def test_without_an_upstream_sparql_is_a_clear_503(mirror_export, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same files, configured without --upstream."""
    for folder in ("site", "site-gz", "conf"):
        (tmp_path / folder).symlink_to(mirror_export.out / folder)
    for folder in ("logs", "run", "tmp"):
        (tmp_path / folder).mkdir()
    listen = Listen("127.0.0.1", free_port())
    (tmp_path / "nginx.conf").write_text(nginx_conf(mirror_export.snapshot, listen, None))
    with nginx(tmp_path, listen.port) as port:
        answer = HttpClient(port).get("/sparql?query=ASK%7B%7D")
    assert answer.status_code == 503
    assert b"static mirror" in answer.data and b"/dumps/" in answer.data


def test_the_configuration_stays_inside_its_folder(mirror_export) -> None:  # type: ignore[no-untyped-def]
    """Runnable as ``nginx -p DIR -c DIR/nginx.conf`` by any user: every path is relative."""
    text = "\n".join(
        p.read_text()
        for p in (mirror_export.config, *sorted((mirror_export.out / "conf").iterdir()))
    )
    assert str(mirror_export.out) not in text
    for directive in (
        "pid run/",
        "error_log logs/",
        "access_log logs/",
        "client_body_temp_path tmp/",
    ):
        assert directive in text
    assert os.access(mirror_export.out / "site" / "doc" / "person" / "ahmad-massoud.ttl", os.R_OK)


def test_paths_differing_only_in_case_stay_apart() -> None:
    """nginx hashes a map's exact keys without regard to case (the real release has
    propositions whose keys differ so): such keys become case-sensitive regexes."""
    lines = _map("$afgld_path", "$x", [("/doc/a-B", "1"), ("/doc/a-b", "2"), ("/doc/c", "3")])
    assert "    '~^/doc/a\\-B$' '1';" in lines
    assert "    '~^/doc/a\\-b$' '2';" in lines
    assert "    '/doc/c' '3';" in lines
