"""Entity pages that read like a Wikidata item (issue 9, item 5) and pages that show what the
text says (issue 10, item 10): a summary from facts only, contents, claims by the entity apart
from claims about it, every statement linked to its sentence in place, negative statements in
their own words, a legend of every badge, a citation for every statement, notes with their
article, labels and never keys."""

from __future__ import annotations

import json
import re

import pytest
from flask.testing import FlaskClient
from rdflib import Literal, URIRef

from afgld.store.lists import best_labels
from afgld.web.extension import services
from afgld.web.views.site import humanise
from tests.conftest import BASE
from tests.hostile import HOSTILE
from tests.test_web_pages import Page

MASSOUD = "/doc/person/ahmad-massoud"


def html_of(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def section(html: str, anchor: str) -> str:
    """The HTML of the section whose heading has the id ``anchor``."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<section", start)
    return html[start : end if end > 0 else len(html)]


def test_the_summary_describes_from_facts_only(client: FlaskClient) -> None:
    html = html_of(client, MASSOUD)
    summary = Page(section(html, "summary")).visible
    description = Page(re.search(r'<p class="description">(.*?)</p>', html, re.S)[1]).visible  # type: ignore[index]
    assert description.startswith("Person")
    assert "head of National Resistance Front" in description
    assert "commander" not in description, "a claimed role is not in a description of facts"
    assert "Ahmad Massoud, commander" in summary and "claimed" in summary.lower()
    for number in ("000", "001", "002", "003", "004"):
        assert f"Article {number}" in summary
    assert (
        "/claims?speaker=person%2Fahmad-massoud" in html
        or "/claims?speaker=person/ahmad-massoud" in html
    )


def test_contents_lead_to_every_section(client: FlaskClient) -> None:
    html = html_of(client, MASSOUD)
    page = Page(html)
    contents = re.search(r'<nav class="contents".*?</nav>', html, re.S)
    assert contents is not None
    targets = re.findall(r'href="#([^"]+)"', contents[0])
    assert {"names", "says", "claims-by", "claims-about", "facts", "legend", "data"} <= set(targets)
    assert set(targets) <= page.ids


def test_claims_by_the_entity_are_apart_from_claims_about_it(client: FlaskClient) -> None:
    html = html_of(client, MASSOUD)
    by = section(html, "claims-by")
    about = section(html, "claims-about")
    facts = section(html, "facts")
    assert by.count('<article class="statement item claim') >= 1
    for card in re.findall(r'<article class="statement item.*?</article>', by, re.S):
        assert (
            'href="/doc/person/ahmad-massoud"' in card.split('class="who"')[1].split("</span>")[0]
        )
    for card in re.findall(r'<article class="statement item.*?</article>', about, re.S):
        who = card.split('class="who"')[1][:400]
        assert 'href="/doc/person/ahmad-massoud"' not in who.split("</a>")[0]
    assert 'class="statement item claim' not in facts


def test_every_statement_links_to_its_sentence_in_place_and_back(client: FlaskClient) -> None:
    html = html_of(client, MASSOUD)
    places = set(re.findall(r'class="in-place" href="(/doc/article/\d{3}#q-[^"]+)"', html))
    assert len(places) >= 10
    articles: dict[str, Page] = {}
    for place in places:
        path, anchor = place.split("#")
        page = articles.setdefault(path, Page(html_of(client, path)))
        assert anchor in page.ids, place
    statement = html_of(client, "/doc/statement/002-265-479-2")
    assert 'href="/doc/article/002#q-002-265-479"' in statement
    article = html_of(client, "/doc/article/002")
    span = article[article.index('id="q-002-265-479"') :][:6000]
    assert 'href="/doc/statement/002-265-479-2"' in span, "the sentence links back"


def test_negative_statements_say_what_their_speaker_says(client: FlaskClient) -> None:
    """A negative statement shows its display text, never the affirmed proposition alone, and
    a row only negative statements carry says so."""
    store = services(client.application).store
    rows = store.select(
        "SELECT ?s ?text WHERE { ?s <"
        + BASE
        + "ontology#polarity> <"
        + BASE
        + "concept/polarity/negative> ; <https://schema.org/text> ?text }"
    )
    assert rows
    for row in rows[:8]:
        path = "/doc/statement/" + str(row["s"]).rsplit("/", 1)[1]
        page = Page(html_of(client, path))
        assert str(row["text"]) in page.visible
        assert "negative" in page.visible
    nrf = html_of(client, "/doc/org/nrf")
    assert "said not to be" in nrf


BADGE = re.compile(r'<span class="badge [^"]*"[^>]*>([^<]+)</span>')


def test_the_legend_explains_every_badge_the_pages_use(client: FlaskClient) -> None:
    legend = Page(section(html_of(client, "/"), "how")).visible
    used: set[str] = set()
    for path in (
        MASSOUD,
        "/doc/org/nrf",
        "/doc/article/002",
        "/claims?size=200",
        "/statements?size=200",
        "/statements?size=200&page=2",
        "/events?size=200",
        "/doc/statement/002-265-479-2",
        "/doc/person/ismail-khan",
    ):
        used |= {text.strip() for text in BADGE.findall(html_of(client, path))}
    missing = sorted(u for u in used if u not in legend)
    assert not missing, f"badges the legend does not explain: {missing}"
    assert "badge" in section(html_of(client, MASSOUD), "legend")


def test_a_statement_can_be_cited(client: FlaskClient) -> None:
    html = html_of(client, "/doc/statement/002-265-479-2")
    cite = section(html, "cite")
    text = Page(cite).visible
    assert BASE + "id/statement/002-265-479-2" in text
    assert "15-01-2022" in text, "the article's date as stated"
    manifest = services(client.application).store.manifest
    assert f"release {manifest.release}" in text
    blocks = re.findall(r"<pre data-copy><code>(.*?)</code></pre>", cite, re.S)
    assert len(blocks) == 2
    import html as html_module

    item = json.loads(html_module.unescape(blocks[1]))[0]
    assert item["URL"] == BASE + "id/statement/002-265-479-2"
    assert item["type"] == "dataset" and item["version"] == manifest.release
    first = html_of(client, "/claims.csv").splitlines()[1]
    claim_path = "/doc/statement/" + first.split(BASE + "id/statement/")[1].split(",")[0]
    claim = Page(section(html_of(client, claim_path), "cite")).visible
    assert re.search(r"\w: “", claim), "a claim's citation names its speaker first"


def test_notes_name_their_article(client: FlaskClient) -> None:
    notes = re.findall(r'<p class="note">(.*?)</p>', html_of(client, MASSOUD), re.S)
    assert len(notes) == 4
    for note in notes:
        assert re.search(r"Note \(<a [^>]*>Article \d{3}</a>\)", note), note


def test_quantities_read_as_the_text_gives_them(client: FlaskClient) -> None:
    text = Page(html_of(client, "/doc/org/nrf")).visible
    assert "4,000 fighters" in text and "60%" in text
    assert not re.search(r"\b\d{3} \d{3,4} \d{3,4} \d \d\b", text), "no raw keys"


@pytest.mark.parametrize("app", ["embedded"], indirect=True)
def test_every_resource_has_a_label_not_its_key(client: FlaskClient) -> None:
    site = services(client.application).site
    rows = site.store.select(
        "SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } FILTER (isIRI(?x)) }", {}
    )
    keyed = []
    for row in rows:
        iri = row["x"]
        if not site.is_local(iri) or site.kind(iri) in ("statement", "ontology", "concept"):
            continue
        label = site.label(iri)
        from_key = iri not in site.labels and label == humanise(site.curie(iri))
        if from_key or re.fullmatch(r"[\d ]+", label):
            keyed.append((str(iri), label))
    assert not keyed, keyed[:10]


def test_curator_notes_stay_off_the_page_but_in_the_raw_triples(client: FlaskClient) -> None:
    html = html_of(client, "/doc/event/western-resistance-000")
    body, triples = html.split('<details class="triples">')
    assert "western-resistance-front-000" not in Page(body).visible
    assert "curator's note" in Page(triples).visible


# -- hostile literals ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/doc/org/nrf", "/doc/person/ali-maisam-nazary", "/doc/event/iran-meeting-002"],
)
def test_entity_pages_escape_and_stay_local(hostile_pages: FlaskClient, path: str) -> None:
    html = hostile_pages.get(path).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert all(source.startswith("/static/") for source in Page(html).sources)
    for anchor in ("summary", "contents", "claims-by", "claims-about", "facts", "legend"):
        if f'id="{anchor}"' in html:  # the page's own parts link here only (its RDF: anywhere)
            for target in Page(section(html, anchor)).links:
                assert target.startswith(("/", "#")), (anchor, target)


def test_citations_escape_hostile_text(hostile_pages: FlaskClient) -> None:
    import csv
    import io

    rows = csv.DictReader(io.StringIO(hostile_pages.get("/statements.csv").get_data(as_text=True)))
    hostile = [r["iri"] for r in rows if HOSTILE in r["text"]]
    assert hostile
    for iri in hostile:
        html = hostile_pages.get("/doc/statement/" + iri.rsplit("/", 1)[1]).get_data(as_text=True)
        cite = section(html, "cite")
        assert "<script>alert" not in cite and "<img src=x" not in cite
        assert "&lt;script&gt;" in cite
        assert HOSTILE in Page(cite).visible


def test_the_labels_and_types_a_worker_reads_at_start_are_what_the_store_answers(
    client: FlaskClient,
) -> None:
    """The build writes each resource's best label and its types into the list tables; a worker
    reads them there, and they are what the page queries answer over the store it serves."""
    site = services(client.application).site
    labels = best_labels(
        (str(row["resource"]), str(row["label"]), int(str(row["rank"])))
        for row in site.select("page-labels")
        if isinstance(row["resource"], URIRef)
    )
    assert {str(iri): label for iri, label in site.labels.items()} == labels
    assert len(labels) > 300
    types: dict[str, set[str]] = {}
    for row in site.select("page-types"):
        if isinstance(row["resource"], URIRef) and isinstance(row["type"], URIRef):
            types.setdefault(str(row["resource"]), set()).add(str(row["type"]))
    assert {str(iri): {str(t) for t in kinds} for iri, kinds in site.types.items()} == types
    assert URIRef(BASE + "id/person/ali-maisam-nazary") in site.labels
    assert Literal(site.labels[URIRef(BASE + "id/person/ali-maisam-nazary")]) not in site.labels
