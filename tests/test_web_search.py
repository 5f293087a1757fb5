"""``/search`` and ``/search.json`` through the app (issue 9, item 1): what a researcher finds,
where each hit leads, how answers are cached, and what hostile input gets."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import BASE
from tests.test_web_hostile import XSS, assert_safe

PERSON = BASE + "id/person/"


@pytest.fixture()
def hostile_client(public_app: Flask) -> FlaskClient:
    """The app as the public meets it: a crash would be the 500 page, not an exception."""
    return public_app.test_client()


def found(client: FlaskClient, query: str, **extra: str) -> dict[str, Any]:
    response = client.get("/search.json", query_string={"q": query, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)
    answer: dict[str, Any] = response.get_json()
    return answer


def iris(answer: dict[str, Any], kind: str | None = None) -> list[str]:
    return [h["iri"] for g in answer["groups"] if kind in (None, g["kind"]) for h in g["hits"]]


# ---------------------------------------------------------------- what is found


def test_massoud_finds_both_massouds(client: FlaskClient) -> None:
    people = iris(found(client, "massoud"), "person")
    assert PERSON + "ahmad-massoud" in people
    assert PERSON + "ahmad-shah-massoud" in people
    page = client.get("/search?q=massoud", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/doc/person/ahmad-massoud"' in page
    assert 'href="/doc/person/ahmad-shah-massoud"' in page


def test_a_spelling_of_the_article_finds_the_entity_it_names(client: FlaskClient) -> None:
    """Article 004 spells him "Ata Mohammad Noor"; the entity is labelled Atta Mohammad Noor."""
    answer = found(client, "Ata Mohammad Noor")
    first = answer["groups"][0]
    assert first["kind"] == "person"
    hit = first["hits"][0]
    assert hit["iri"] == PERSON + "atta-mohammad-noor"
    assert hit["label"] == "Atta Mohammad Noor"
    assert hit["matched"] == "Ata Mohammad Noor" and hit["field"] == "spelling"
    assert hit["exact"] is True
    assert hit["article"] == BASE + "id/article/004" and hit["article_label"]
    assert hit["page"] == BASE + "doc/person/atta-mohammad-noor"


def test_kinds_with_an_exact_name_come_first(client: FlaskClient) -> None:
    answer = found(client, "Nazary")
    assert answer["groups"][0]["kind"] == "person"
    assert answer["groups"][0]["hits"][0]["exact"] is True
    kinds = [g["kind"] for g in answer["groups"]]
    assert len(kinds) == len(set(kinds)) > 2  # grouped: each kind once


def test_every_hit_leads_to_a_page_that_exists(client: FlaskClient) -> None:
    answer = found(client, "massoud")
    assert {g["kind"] for g in answer["groups"]} >= {"person", "claim", "quote"}
    for group in answer["groups"]:
        for hit in group["hits"][:2]:
            page = hit["page"]
            assert page.startswith(BASE)
            path, _, anchor = page[len(BASE) - 1 :].partition("#")
            response = client.get(path, headers={"Accept": "text/html"})
            assert response.status_code == 200, page
            if anchor:
                assert f'id="{anchor}"' in response.get_data(as_text=True), page


def test_a_quoted_sentence_leads_to_itself_in_its_article(client: FlaskClient) -> None:
    answer = found(client, "going in and out of Afghanistan", kind="quote")
    hit = answer["groups"][0]["hits"][0]
    number = hit["iri"].rsplit("/", 1)[-1]
    assert hit["page"] == f"{BASE}doc/article/{number[:3]}#q-{number}"
    page = client.get(f"/doc/article/{number[:3]}").get_data(as_text=True)
    assert f'id="q-{number}"' in page
    assert hit["matched"] in page.replace("&#34;", '"').replace("&#39;", "'")


def test_the_kind_filter_keeps_the_kinds_asked_for(client: FlaskClient) -> None:
    assert {g["kind"] for g in found(client, "massoud", kind="quote")["groups"]} == {"quote"}
    answer = client.get("/search.json?q=massoud&kind=person&kind=article").get_json()
    assert {g["kind"] for g in answer["groups"]} == {"person", "article"}
    assert answer["kinds"] == ["person", "article"]
    same = client.get("/search.json?q=massoud&kind=person,article").get_json()
    assert same["groups"] == answer["groups"]
    assert len(found(client, "massoud", limit="1")["groups"][0]["hits"]) == 1


def test_the_results_page_shows_kind_matched_text_and_article(client: FlaskClient) -> None:
    html = client.get("/search?q=Ata+Mohammad+Noor", headers={"Accept": "text/html"})
    page = html.get_data(as_text=True)
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert "Results for “Ata Mohammad Noor”" in page
    section = page.split('id="kind-person"', 1)[1].split("</section>", 1)[0]
    assert ">Atta Mohammad Noor</a>" in section and "Person" in section
    assert "“Ata Mohammad Noor”" in section and 'href="/doc/article/004"' in section
    assert 'href="/search.json?q=Ata+Mohammad+Noor"' in page


def test_without_words_the_page_is_the_form(client: FlaskClient) -> None:
    response = client.get("/search", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert re.search(
        r'<form class="search-form" role="search" method="get" action="/search">',
        response.get_data(as_text=True),
    )
    assert client.get("/search.json").status_code == 400


def test_every_page_has_the_search_box(client: FlaskClient) -> None:
    for path in ("/", "/doc/person/ahmad-massoud", "/people", "/sparql", "/nowhere", "/search"):
        page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
        box = page.split(
            '<form class="site-search" role="search" method="get" action="/search">', 1
        )
        assert len(box) == 2, path
        form = box[1].split("</form>", 1)[0]
        assert '<label class="visually-hidden" for="site-search-q">' in form
        assert 'id="site-search-q" type="search" name="q"' in form
        assert '<button type="submit">' in form


# ---------------------------------------------------------------- one answer path


def test_answers_are_cached_like_pages(client: FlaskClient) -> None:
    for path, accept in (("/search?q=massoud", "text/html"), ("/search.json?q=massoud", "*/*")):
        first = client.get(path, headers={"Accept": accept})
        assert first.headers["Cache-Control"] == "public, max-age=300"
        etag = first.headers["ETag"]
        again = client.get(path, headers={"Accept": accept, "If-None-Match": etag})
        assert again.status_code == 304
    assert "Accept" in client.get("/search?q=massoud").vary
    assert "Accept" not in client.get("/search.json?q=massoud").vary


def test_search_negotiates_json(client: FlaskClient) -> None:
    response = client.get("/search?q=massoud", headers={"Accept": "application/json"})
    assert response.mimetype == "application/json"
    assert response.headers["Content-Location"] == "/search.json?q=massoud"
    assert response.get_json() == client.get("/search.json?q=massoud").get_json()
    html = client.get("/search?q=massoud", headers={"Accept": "text/html"})
    assert (
        '</search.json?q=massoud>; rel="alternate"; type="application/json"' in html.headers["Link"]
    )
    assert client.get("/search?q=massoud", headers={"Accept": "image/png"}).status_code == 406


# ---------------------------------------------------------------- hostile input

HOSTILE_QUERIES = [
    ("huge", "q=" + "massoud%20" * 100, "characters"),
    ("many words", "q=" + "+".join(["a"] * 20), "words"),
    ("nul", "q=massoud%00", "U+0000"),
    ("escape", "q=%1b%5b31m", "U+001B"),
    ("invalid utf-8", "q=%ff%fe", "not UTF-8"),
    ("overlong utf-8", "q=%c0%ae", "not UTF-8"),
    ("lone surrogate", "q=%ed%a0%80", "not UTF-8"),
    ("unknown kind", "q=massoud&kind=weapon", "unknown kind"),
    ("twice", "q=a&q=b", "given 2 times"),
    ("bad limit", "q=a&limit=-1", "whole number"),
]


@pytest.mark.parametrize(
    ("name", "query", "why"), HOSTILE_QUERIES, ids=[q[0] for q in HOSTILE_QUERIES]
)
def test_hostile_queries_get_a_clear_400_in_the_clients_format(
    hostile_client: FlaskClient, name: str, query: str, why: str
) -> None:
    as_json = hostile_client.get("/search.json?" + query)
    assert as_json.status_code == 400 and as_json.mimetype == "application/json", name
    assert why.lower() in as_json.get_json()["message"].lower()
    page = hostile_client.get("/search?" + query, headers={"Accept": "text/html"})
    assert page.status_code == 400 and page.mimetype == "text/html"
    assert why.lower() in page.get_data(as_text=True).lower()
    text = hostile_client.get("/search?" + query)  # no Accept header: plain text
    assert text.status_code == 400 and text.mimetype == "text/plain"
    for response in (as_json, page, text):
        assert_safe(response, payload="")


@pytest.mark.parametrize(
    "query",
    [
        '"massoud" OR NEAR(a b)',
        "massoud*",
        "NOT massoud",
        "name : massoud",
        "massoud^",
        "(",
        '"',
        "AND",
        "*",
    ],
)
def test_full_text_syntax_is_searched_as_words(client: FlaskClient, query: str) -> None:
    """FTS5's operators reach the index only as quoted words: never an error, never a query."""
    response = client.get("/search.json", query_string={"q": query})
    assert response.status_code == 200, response.get_data(as_text=True)
    if query in ("massoud*", "massoud^"):
        assert PERSON + "ahmad-massoud" in iris(response.get_json())


def test_reflected_query_is_escaped(hostile_client: FlaskClient) -> None:
    for path in ("/search?q=", "/search.json?q="):
        for accept in ("text/html", "application/json", "*/*"):
            response = hostile_client.get(path + quote(XSS, safe=""), headers={"Accept": accept})
            assert_safe(response)
            assert response.status_code in (200, 400)


@given(st.text(max_size=80))
def test_any_query_is_answered_never_500(public_app: Flask, text: str) -> None:
    response = public_app.test_client().get("/search.json?q=" + quote(text, safe=""))
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    assert_safe(response, payload="")
    assert json.loads(response.get_data())
