"""The index pages as lists (issue 9, item 3): sorted, filtered by facets with counts, paged,
the same view as CSV and JSON, every view named by its URL; the query string read strictly
(400 with a reason, never 500); events by date, a date without a year never placed in one."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF

from afgld.store.lists import LISTS
from tests.conftest import BASE
from tests.hostile import HOSTILE
from tests.test_web_pages import Page

NAZARY = "person/ali-maisam-nazary"
SLUGS = [d.slug for d in LISTS]


def rows_of(client: FlaskClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def data_of(client: FlaskClient, url: str) -> dict:  # type: ignore[type-arg]
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    found: dict = json.loads(response.get_data(as_text=True))  # type: ignore[type-arg]
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_every_list_pages_under_400_kb_and_offers_its_downloads(
    client: FlaskClient, slug: str
) -> None:
    for query in ("", "?size=200"):
        response = client.get(f"/{slug}{query}")
        assert response.status_code == 200
        assert len(response.data) < 400_000, (slug, query, len(response.data))
    page = Page(client.get(f"/{slug}").get_data(as_text=True))
    assert f"/{slug}.csv" in page.links and f"/{slug}.json" in page.links
    assert_local(page)


LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def assert_local(page: Page) -> None:
    """Every link and source stays on this site (but the licence, in the footer)."""
    for target in page.links + page.sources:
        assert target == LICENCE or target.startswith(("/", "#")), target
        assert not target.startswith("//"), target


def test_statements_are_paged_and_every_page_is_reachable(client: FlaskClient) -> None:
    first = data_of(client, "/statements.json?size=50")
    assert first["total"] == len(rows_of(client, "/statements.csv"))
    assert first["pages"] == -(-first["total"] // 50)
    seen, url = [], first["links"]["first"]
    while url:
        page = data_of(client, url[len(BASE) - 1 :])
        seen += [row["iri"] for row in page["rows"]]
        url = page["links"]["next"]
    assert len(seen) == len(set(seen)) == first["total"]
    html = client.get("/statements?page=2").get_data(as_text=True)
    assert "page 2 of" in html and 'rel="prev nofollow"' in html


def test_a_filter_narrows_rows_csv_and_json_alike(client: FlaskClient) -> None:
    rows = rows_of(client, f"/claims.csv?speaker={NAZARY}")
    assert rows and {r["speaker_iri"] for r in rows} == {BASE + "id/" + NAZARY}
    data = data_of(client, f"/claims.json?speaker={NAZARY}")
    assert data["total"] == len(rows) == len(data["rows"])
    assert [r["iri"] for r in data["rows"]] == [r["iri"] for r in rows]
    assert data["fields"] == list(rows[0].keys())
    assert data["filters"] == {"speaker": [NAZARY]}
    html = Page(client.get(f"/claims?speaker={NAZARY}").get_data(as_text=True))
    assert f"{len(rows)}" in html.visible and "Speaker: Ali Maisam Nazary" in html.visible


def test_facet_counts_add_up_and_ignore_their_own_choice(client: FlaskClient) -> None:
    whole = data_of(client, "/statements.json")
    kinds = {v["value"]: v["count"] for v in whole["facets"]["kind"]["values"]}
    assert sum(kinds.values()) == whole["total"]
    claims = data_of(client, "/claims.json")
    assert kinds["claim"] == claims["total"]
    narrowed = data_of(client, f"/claims.json?speaker={NAZARY}")
    acts = {v["value"]: v["count"] for v in narrowed["facets"]["act"]["values"]}
    assert sum(acts.values()) == narrowed["total"]
    speakers = {v["value"]: v["count"] for v in narrowed["facets"]["speaker"]["values"]}
    assert len(speakers) > 1, "a facet's own values are counted without its own filter"
    assert speakers[NAZARY] == narrowed["total"]


def test_values_of_one_facet_are_alternatives_and_facets_combine(client: FlaskClient) -> None:
    one = data_of(client, "/statements.json?article=001")["total"]
    two = data_of(client, "/statements.json?article=002")["total"]
    both = data_of(client, "/statements.json?article=001&article=002")["total"]
    assert both == one + two
    claims_in_two = data_of(client, "/statements.json?article=002&kind=claim")["total"]
    assert claims_in_two == data_of(client, "/claims.json?article=002")["total"] < two


def test_sorts_and_reverses(client: FlaskClient) -> None:
    names = [r["name"] for r in rows_of(client, "/people.csv")]
    assert names == sorted(names, key=str.casefold)
    backwards = [r["name"] for r in rows_of(client, "/people.csv?sort=-name")]
    assert backwards == names[::-1]
    counts = [int(r["statements"]) for r in rows_of(client, "/people.csv?sort=-statements")]
    assert counts == sorted(counts, reverse=True)


def test_events_sort_by_date_and_a_date_without_a_year_is_never_placed(
    client: FlaskClient,
) -> None:
    rows = rows_of(client, "/events.csv?sort=date")
    values = [r["date_value"] for r in rows]
    placed = [r for r in rows if r["date"] and r["date_value"][:4].isdigit()]
    days = [r["date_value"] for r in placed]
    assert days == sorted(days, key=lambda d: d[:4]), "dated events in order of their year"
    moscow = next(r for r in rows if r["iri"].endswith("/moscow-meeting-000"))
    assert moscow["date"] == "23 November" and moscow["date_value"] == "--11-23"
    assert rows.index(moscow) > rows.index(placed[-1]), "after every event placed in a year"
    assert values.index("--11-23") < len(rows)
    reverse = rows_of(client, "/events.csv?sort=-date")
    assert reverse.index(next(r for r in reverse if r["iri"] == moscow["iri"])) > len(placed) - 1
    ranged = rows_of(client, "/events.csv?from=2021&to=2022")
    assert ranged and all(r["date_value"] != "--11-23" for r in ranged)
    assert {r["iri"] for r in ranged} >= {BASE + "id/event/iran-meeting-002"}
    html = client.get("/events?sort=date").get_data(as_text=True)
    assert "year not stated" in html and "not resolved by the text" in html


def test_events_carry_their_date_as_stated_with_precision_status_and_place(
    client: FlaskClient,
) -> None:
    rows = {r["iri"]: r for r in rows_of(client, "/events.csv")}
    meeting = rows[BASE + "id/event/iran-meeting-002"]
    assert meeting["date"] == "Sunday" and meeting["date_value"] == "2022-01-09"
    assert meeting["date_precision"] and meeting["date_status"] == "claimed"
    assert meeting["place"] == "Iran"


BAD = (
    ("/claims?nonsense=1", "takes no parameter"),
    ("/claims?kind=claim", "takes no parameter"),  # the claims list is claims only
    ("/claims?speaker=person/nobody", "No member"),
    ("/claims?speaker=%27%20OR%201%3D1%20--", "No member"),
    ("/claims?page=0", "whole number"),
    ("/claims?page=two", "whole number"),
    ("/claims?size=201", "whole number"),
    ("/claims.csv?size=5001", "whole number"),
    ("/claims?sort=name", "sorts by"),
    ("/claims?sort=order&sort=text", "once"),
    ("/events?from=2021-13", "no month"),
    ("/events?from=2021-02-30", "not a day"),
    ("/events?from=yesterday", "not a date"),
    ("/events?from=2022&to=2021", "empty"),
    ("/people?from=2021", "takes no parameter"),
)


@pytest.mark.parametrize(("url", "reason"), BAD)
def test_a_bad_query_string_is_a_400_that_says_why(
    client: FlaskClient, url: str, reason: str
) -> None:
    for accept in ("text/html", "application/json"):
        response = client.get(url, headers={"Accept": accept})
        assert response.status_code == 400, (url, response.status_code)
        assert reason in response.get_data(as_text=True), url


def test_a_page_past_the_end_is_a_404_and_empty_fields_are_no_filter(
    client: FlaskClient,
) -> None:
    assert client.get("/claims?page=999").status_code == 404
    assert client.get("/events?from=&to=&sort=").status_code == 200


@settings(max_examples=60, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "article",
                    "speaker",
                    "act",
                    "status",
                    "sort",
                    "page",
                    "size",
                    "from",
                    "to",
                    "kind",
                    "polarity",
                    "x",
                ]
            ),
            st.text(max_size=12),
        ),
        max_size=4,
    ),
    slug=st.sampled_from(["claims", "statements", "events", "people"]),
    suffix=st.sampled_from(["", ".csv", ".json", ".ttl"]),
)
def test_any_query_string_gets_an_answer_never_a_500(
    public_app, pairs: list[tuple[str, str]], slug: str, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    from urllib.parse import urlencode

    response = public_app.test_client().get(f"/{slug}{suffix}?{urlencode(pairs)}")
    assert response.status_code in (200, 400, 404), response.get_data(as_text=True)[:300]


def test_csv_is_rfc_4180_utf8_with_a_header(client: FlaskClient) -> None:
    response = client.get("/statements.csv")
    assert response.mimetype == "text/csv"
    assert response.mimetype_params.get("charset") == "utf-8"
    text = response.get_data().decode("utf-8")
    assert text.startswith("text,iri,kind,speaker,")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "").replace('"\n', "")
    rows = list(csv.reader(io.StringIO(text)))
    assert len({len(row) for row in rows}) == 1, "every record has as many fields as the header"
    assert any("," in field for row in rows for field in row), "fields with commas are quoted"
    assert any("’" in field or "“" in field for row in rows for field in row), "UTF-8 kept"


def test_tables_are_paged_with_links_when_asked(client: FlaskClient) -> None:
    response = client.get("/statements.csv?size=100&page=2")
    links = response.headers["Link"]
    assert 'rel="next"' in links and 'rel="prev"' in links and 'rel="first"' in links
    data = data_of(client, "/statements.json?size=100&page=2")
    assert data["links"]["prev"].endswith("/statements.json?size=100")
    assert data["links"]["next"].endswith("/statements.json?size=100&page=3")
    assert len(data["rows"]) == 100


def test_every_view_has_a_permalink_in_every_format(client: FlaskClient) -> None:
    # the canonical order: the list's facets in their order, whatever order they came in
    response = client.get(
        f"/claims?act=accusation&speaker={NAZARY}", headers={"Accept": "text/html"}
    )
    speaker = NAZARY.replace("/", "%2F")
    assert response.headers["Content-Location"] == f"/claims.html?speaker={speaker}&act=accusation"
    links = response.headers["Link"]
    for suffix in ("csv", "json", "ttl", "html"):
        assert f"/claims.{suffix}?speaker={speaker}&act=accusation" in links, suffix
    negotiated = client.get(f"/claims?speaker={NAZARY}", headers={"Accept": "text/csv"})
    assert negotiated.mimetype == "text/csv" and "Accept" in negotiated.vary
    assert negotiated.headers["Content-Location"].startswith("/claims.csv?speaker=")
    query = dict(parse_qsl(urlsplit(negotiated.headers["Content-Location"]).query))
    assert query == {"speaker": NAZARY}


def test_rdf_of_a_list_names_every_member_of_the_filtered_view(client: FlaskClient) -> None:
    every = Graph().parse(data=client.get("/claims.ttl").data, format="turtle")
    doc = URIRef(BASE + "claims")
    assert len(set(every.objects(doc, FOAF.topic))) == data_of(client, "/claims.json")["total"]
    some = Graph().parse(
        data=client.get(f"/claims.ttl?speaker={NAZARY}&page=1").data, format="turtle"
    )
    nazary = {r["iri"] for r in rows_of(client, f"/claims.csv?speaker={NAZARY}")}
    assert {str(o) for o in some.objects(doc, FOAF.topic)} == nazary
    assert client.get("/claims.ttl?speaker=nobody").status_code == 400


def test_csv_and_json_are_suffixes_of_lists_only(client: FlaskClient) -> None:
    assert client.get("/doc/person/ahmad-massoud.csv").status_code == 404
    assert client.get("/doc/person/ahmad-massoud.json").status_code == 404
    assert client.get("/index.csv").status_code == 404
    assert client.get("/ontology.json").status_code == 404


def test_each_statement_row_links_to_its_sentence_in_place(client: FlaskClient) -> None:
    rows = rows_of(client, "/statements.csv?article=002")
    for row in rows:
        path = row["sentence_url"][len(BASE) - 1 :]
        page, anchor = path.split("#")
        assert page == "/doc/article/002" and anchor.startswith("q-002-")
    article = Page(client.get("/doc/article/002").get_data(as_text=True))
    anchors = {row["sentence_url"].split("#")[1] for row in rows}
    assert anchors <= article.ids


def test_negative_statements_show_what_the_speaker_says(client: FlaskClient) -> None:
    rows = rows_of(client, "/claims.csv?polarity=negative")
    assert rows
    for row in rows:
        assert row["polarity"] == "negative"
        assert any(
            word in row["text"].lower()
            for word in (
                " not",
                " no ",
                "n't",
                "deny",
                "denies",
                "dismiss",
                "never",
                "unable",
                "little",
            )
        ), row["text"]


# -- hostile literals ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/claims", "/statements", "/events", "/people", "/articles"])
def test_list_pages_escape_hostile_literals_and_link_only_here(
    hostile_pages: FlaskClient,
    path: str,
) -> None:
    html = hostile_pages.get(path + "?size=200").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    if path in ("/claims", "/statements", "/events"):
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert_local(Page(html))


def test_downloads_keep_hostile_literals_inert(hostile_pages: FlaskClient) -> None:
    data = hostile_pages.get("/statements.json").get_data(as_text=True)
    assert "<script>" not in data and "\\u003cscript\\u003e" in data
    assert any(HOSTILE in str(row["text"]) for row in json.loads(data)["rows"])
    text = hostile_pages.get("/statements.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert any(HOSTILE in row["text"] for row in rows), "CSV carries the text as it is, quoted"
