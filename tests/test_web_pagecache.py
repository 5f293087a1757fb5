"""The page cache answers a repeated request with the same bytes and headers as the first, keeps
no SPARQL answer, stays within its bytes, and is off at 0."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import BASE, store_of

PAGE = "/doc/person/ali-maisam-nazary"


def cached_app(build: Path, max_bytes: int) -> Flask:
    from afgld.web.app import create_app

    return create_app({"BUILD_DIR": str(build), "BASE_IRI": BASE, "PAGE_CACHE_BYTES": max_bytes})


@pytest.fixture(scope="module")
def app_with_cache(mini_build: Path) -> Iterator[Flask]:
    app = cached_app(mini_build, 5_000_000)
    yield app
    store_of(app).close()  # a SPARQL query below started its processes


def test_a_repeated_request_gets_the_same_answer_from_the_cache(app_with_cache: Flask) -> None:
    cache = app_with_cache.extensions["afgld.page_cache"]
    client = app_with_cache.test_client()
    for accept in ("text/html", "text/turtle", "application/ld+json"):
        for encoding in ("", "gzip"):
            headers = {"Accept": accept, "Accept-Encoding": encoding}
            first = client.get(PAGE, headers=headers)
            hits = cache.hits
            second = client.get(PAGE, headers=headers)
            assert cache.hits == hits + 1
            assert second.get_data() == first.get_data()
            assert sorted(second.headers.items()) == sorted(first.headers.items())
            again = client.get(PAGE, headers={**headers, "If-None-Match": first.headers["ETag"]})
            assert again.status_code == 304
            head = client.head(PAGE, headers=headers)
            assert head.get_data() == b"" and head.headers["ETag"] == first.headers["ETag"]


def test_sparql_dumps_errors_and_ranges_are_never_kept(app_with_cache: Flask) -> None:
    cache = app_with_cache.extensions["afgld.page_cache"]
    client = app_with_cache.test_client()
    before = len(cache.entries)
    client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    client.get("/dumps/afgld.nq")
    client.get("/doc/person/nobody")
    client.get(PAGE, headers={"Range": "bytes=0-10"})
    client.get("/healthz")
    assert len(cache.entries) == before


def test_the_cache_stays_within_its_bytes(mini_build: Path) -> None:
    app = cached_app(mini_build, 200_000)
    cache = app.extensions["afgld.page_cache"]
    client = app.test_client()
    for number in range(60):  # as many distinct Accept headers: one entry each
        client.get(PAGE, headers={"Accept": f"text/html;q=0.{number % 9 + 1}, x/y{number}"})
        assert cache.size <= 200_000
    assert 0 < len(cache.entries) < 60


def test_zero_bytes_switches_it_off(mini_build: Path) -> None:
    app = cached_app(mini_build, 0)
    client = app.test_client()
    client.get(PAGE)
    client.get(PAGE)
    assert app.extensions["afgld.page_cache"].hits == 0
