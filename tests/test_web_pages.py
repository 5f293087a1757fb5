"""The HTML pages: labels not IRIs, names with where they occur, every statement beside its
evidence, claims as claims, conflicts flagged, events with dates as stated, the article text
with its quotes marked, index pages, the home page, the ontology; all local, no script."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from afgld.namespaces import AFG_TERMS
from tests.conftest import BASE, WITHOUT_VIRTUOSO
from tests.hostile import HOSTILE


class Page(HTMLParser):
    """What a test needs from a page: links, sources, landmarks, JSON-LD, visible text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.jsonld: list[str] = []
        self.text: list[str] = []
        self._script: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag in ("script", "img", "link", "iframe", "source") and (
            values.get("src") or (tag == "link" and values.get("rel") == "stylesheet")
        ):
            self.sources.append(values.get("src") or values.get("href") or "")
        if tag == "script":
            self._script = values.get("type") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script == "application/ld+json":
            self.jsonld.append(data)
        elif self._script is None:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


def page(client: FlaskClient, path: str) -> Page:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


def test_home_explains_and_links_everything(client: FlaskClient) -> None:
    home = page(client, "/")
    for target in (
        "/sparql",
        "/dumps/",
        "/ontology",
        "/.well-known/void",
        "/people",
        "/organisations",
        "/events",
        "/places",
        "/articles",
        "/claims",
    ):
        assert target in home.links, target
    assert "creativecommons.org/licenses/by/4.0" in " ".join(home.links)
    assert "Cite as" in home.visible
    assert "A claim is not a fact" in home.visible
    data = json.loads(home.jsonld[0])
    assert "@context" in data


def test_pages_are_accessible_landmarks(client: FlaskClient) -> None:
    for path in ("/", "/people", "/doc/person/ahmad-massoud", "/doc/article/002", "/ontology"):
        html = client.get(path).get_data(as_text=True)
        assert html.startswith('<!doctype html>\n<html lang="en">')
        parsed = Page(html)
        for landmark in ("header", "nav", "main", "footer", "h1"):
            assert landmark in parsed.tags, (path, landmark)
        assert parsed.tags.count("h1") == 1, path


def test_pages_load_nothing_from_elsewhere_and_run_no_script(client: FlaskClient) -> None:
    for path in ("/", "/doc/person/ahmad-massoud", "/doc/article/002", "/claims", "/dumps/"):
        parsed = Page(client.get(path).get_data(as_text=True))
        assert parsed.sources and all(s.startswith("/static/") for s in parsed.sources), path
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " onclick=" not in html


def test_person_page_shows_names_facts_and_evidence(client: FlaskClient) -> None:
    person = page(client, "/doc/person/ahmad-massoud")
    text = person.visible
    assert "Ahmad Massoud" in text
    assert "Names" in text and "preferred" in text
    assert "National Resistance Front" in text  # a linked label, not an IRI
    assert "/doc/org/nrf" in person.links
    assert "What the sources say" in text and "Referenced by" in text
    assert "characters" in text  # offsets beside each quote
    assert BASE + "id/org/nrf" not in text  # labels, not raw IRIs


def test_claims_are_shown_as_claims(client: FlaskClient) -> None:
    claims = client.get("/claims").get_data(as_text=True)
    assert 'class="badge badge-claim"' in claims
    assert "relayed by" in claims
    assert 'class="act"' in claims
    assert "article’s voice" not in Page(claims).visible


def test_every_statement_row_links_to_its_page_and_its_sentence(client: FlaskClient) -> None:
    html = client.get("/statements").get_data(as_text=True)
    rows = html.count('<a class="says-link" href="/doc/statement/')
    assert rows > 0
    assert html.count('class="sentence-link" href="/doc/article/') == rows


@WITHOUT_VIRTUOSO  # every event page: minutes over Virtuoso, for what the others show
def test_event_page_shows_participants_place_and_dates_as_stated(client: FlaskClient) -> None:
    events = page(client, "/events")
    event_links = sorted({link for link in events.links if link.startswith("/doc/event/")})
    assert event_links
    seen_time = False
    for link in event_links:
        text = page(client, link).visible
        seen_time = seen_time or "precision:" in text
    assert seen_time


def test_article_page_marks_every_quote_and_links_it(client: FlaskClient) -> None:
    response = client.get("/doc/article/002")
    html = response.get_data(as_text=True)
    parsed = Page(html)
    quote_ids = {i for i in parsed.ids if i.startswith("q-002-")}
    assert quote_ids
    for anchor in quote_ids:
        assert f'href="#{anchor}"' in html
    assert "The text, with its evidence marked" in parsed.visible
    assert "Sentence by sentence" in parsed.visible
    assert "in the facts graph" in parsed.visible or "not asserted" in parsed.visible


def test_article_text_is_complete_and_verbatim(client: FlaskClient, real_build: Path) -> None:
    seed = next((real_build / "texts").glob("002_*"))
    html = client.get("/doc/article/002").get_data(as_text=True)
    start = html.index('<div class="article-text" lang="en">') + len(
        '<div class="article-text" lang="en">'
    )
    body = html[start : html.index("</div>", start)]
    import html as htmllib

    text = htmllib.unescape(re.sub(r"<[^>]+>", "", body))
    assert text == seed.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "slug",
    [
        "people",
        "organisations",
        "events",
        "places",
        "works",
        "posts",
        "agents",
        "articles",
        "claims",
        "statements",
    ],
)
def test_index_pages(client: FlaskClient, slug: str) -> None:
    parsed = page(client, f"/{slug}")
    assert parsed.tags.count("h1") == 1
    turtle = client.get(f"/{slug}", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.mimetype == "text/turtle"


def test_ontology_page_has_an_anchor_for_every_term(client: FlaskClient) -> None:
    parsed = page(client, "/ontology")
    assert set(AFG_TERMS) <= parsed.ids
    assert "Concept schemes" in parsed.visible


def test_term_links_point_at_their_anchor(client: FlaskClient) -> None:
    html = client.get("/doc/statement/002-265-479-2").get_data(as_text=True)
    assert 'href="/ontology#' in html or "/doc/concept/" in html


def test_dumps_and_void_pages(client: FlaskClient) -> None:
    dumps = page(client, "/dumps/")
    assert any(link.startswith("/dumps/afgld.trig?sha256=") for link in dumps.links)
    void = page(client, "/.well-known/void")
    assert "/sparql" in void.links


def test_every_page_embeds_its_jsonld(client: FlaskClient) -> None:
    from rdflib import Dataset

    for path in ("/doc/person/ahmad-massoud", "/doc/article/002", "/people", "/"):
        parsed = page(client, path)
        assert len(parsed.jsonld) == 1, path
        assert len(Dataset().parse(data=parsed.jsonld[0], format="json-ld")) > 0


# -- hostile strings and a curators' conflict ---------------------------------------------
HOSTILE_PAGES = (
    "/doc/person/ali-maisam-nazary",
    "/doc/event/iran-meeting-002",
    "/doc/org/nrf",
    "/doc/article/002",
    "/claims",
    "/statements",
    "/events",
    "/",
)


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_templates_escape_everything(hostile_pages: FlaskClient, path: str) -> None:
    html = hostile_pages.get(path).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "</script> &" not in html
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39;"
    jsonld_escaped = "\\u003cscript\\u003ealert"
    if path != "/":
        assert escaped in html or jsonld_escaped in html, path
        assert HOSTILE in Page(html).visible or jsonld_escaped in html, path


def test_conflicts_and_disputes_are_flagged(hostile_pages: FlaskClient) -> None:
    html = hostile_pages.get("/doc/org/nrf").get_data(as_text=True)
    text = Page(html).visible
    assert "Conflicts with" in text
    assert "Curators" in text and "Judged in conflict" in text
    assert "badge-disputed" in html
