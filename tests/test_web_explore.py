"""The timeline and the network (issue 9, item 4): every dated event at the precision the text
gives, a date without a year never placed in one, claimed and disputed dates marked, each item
linked to its statements; people, organisations and events joined by membership, leadership,
attendance, accusation, denial and relay, each edge linked to its evidence; both as JSON, both
usable without JavaScript, their filters read strictly."""

from __future__ import annotations

import json
import re

import pytest
from flask.testing import FlaskClient

from tests.conftest import BASE
from tests.hostile import HOSTILE
from tests.test_web_pages import Page


def data_of(client: FlaskClient, path: str) -> dict:  # type: ignore[type-arg]
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/json"
    found: dict = json.loads(response.get_data(as_text=True))  # type: ignore[type-arg]
    return found


def test_the_timeline_places_only_dates_with_a_year(client: FlaskClient) -> None:
    data = data_of(client, "/timeline.json")
    dated = data["dated"]
    assert dated and all(item["earliest"] and item["latest"] for item in dated)
    starts = [item["earliest"] for item in dated]
    assert starts == sorted(starts)
    no_year = {item["event"]: item for item in data["no_year"]}
    moscow = no_year[BASE + "id/event/moscow-meeting-000"]
    assert moscow["date"] == "23 November" and moscow["value"] == "--11-23"
    assert moscow["earliest"] is None and moscow["placed"] is None
    words = {item["date"] for item in data["words_only"]}
    assert "last Thursday" in words
    summer = next(i for i in dated if i["date"] == "last summer")
    assert summer["placed"] == "2021" and summer["precision"]


def test_timeline_items_carry_their_status_and_statements(client: FlaskClient) -> None:
    data = data_of(client, "/timeline.json")
    items = data["dated"] + data["no_year"] + data["words_only"]
    assert all(item["statements"] for item in items)
    assert {"fact", "claimed"} <= {item["status"] for item in items}
    html = client.get("/timeline").get_data(as_text=True)
    page = Page(html)
    for item in items:
        for statement in item["statements"]:
            assert statement[len(BASE) - 1 :].replace("/id/", "/doc/") in page.links
    assert "year not stated" in page.visible and "not resolved by the text" in page.visible
    assert 'class="badge badge-claim">claimed' in html
    svg = re.search(r"<svg .*?</svg>", html, re.S)
    assert svg is not None and svg[0].count("<rect") == len(data["dated"])
    assert "23 November" not in svg[0], "a date without a year has no place on the axis"


def test_the_network_joins_people_organisations_and_events(client: FlaskClient) -> None:
    data = data_of(client, "/network.json")
    kinds = {edge["kind"] for edge in data["edges"]}
    assert {"member", "leads", "attends", "accuses", "denies", "relays"} <= kinds
    nodes = {node["id"]: node for node in data["nodes"]}
    assert {n["kind"] for n in nodes.values()} <= {"person", "org", "event", "agent"}
    for edge in data["edges"]:
        assert edge["source"] in nodes and edge["target"] in nodes
        assert edge["statements"], "every edge has its evidence"
        for statement in edge["statements"]:
            assert statement["href"].startswith("/doc/statement/")
    denial = next(e for e in data["edges"] if e["kind"] == "denies")
    assert denial["source"].endswith("/org/pakistani-government")
    assert denial["target"].endswith("/org/taliban")
    massoud = BASE + "id/person/ahmad-massoud"
    nrf = BASE + "id/org/nrf"
    assert any(
        e["kind"] == "leads" and e["source"] == massoud and e["target"] == nrf
        for e in data["edges"]
    )


def test_the_network_filters_by_article_status_and_relation(client: FlaskClient) -> None:
    whole = data_of(client, "/network.json")
    one = data_of(client, "/network.json?article=002")
    assert 0 < len(one["edges"]) < len(whole["edges"])
    assert all(e["articles"] == ["002"] for e in one["edges"])
    claimed = data_of(client, "/network.json?status=claimed&kind=accuses")
    assert claimed["edges"]
    assert all(e["statuses"] == ["claimed"] and e["kind"] == "accuses" for e in claimed["edges"])
    html = client.get("/network?article=002&status=claimed").get_data(as_text=True)
    assert 'value="002" checked' in html and 'value="claimed" checked' in html
    assert 'data-src="/network.json?article=002&amp;status=claimed"' in html


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/network?article=999", "No article"),
        ("/network?status=certain", "No status"),
        ("/network?kind=likes", "No kind"),
        ("/network?colour=red", "takes no parameter"),
        ("/timeline?from=2021", "no parameters"),
    ],
)
def test_explore_views_read_their_query_strictly(
    client: FlaskClient, url: str, reason: str
) -> None:
    response = client.get(url)
    assert response.status_code == 400 and reason in response.get_data(as_text=True)


def test_both_negotiate_html_and_json_with_their_twins(client: FlaskClient) -> None:
    for path in ("/timeline", "/network"):
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.headers["Content-Location"] == f"{path}.html" and "Accept" in page.vary
        data = client.get(path, headers={"Accept": "application/json"})
        assert data.mimetype == "application/json"
        assert data.headers["Content-Location"] == f"{path}.json"
        assert f"<{path}.json>" in page.headers["Link"]
        assert client.get(f"{path}.ttl").status_code == 404
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 406


def test_the_network_page_works_without_javascript(client: FlaskClient) -> None:
    html = client.get("/network").get_data(as_text=True)
    data = data_of(client, "/network.json")
    page = Page(html)
    assert html.count("<tr>") - html.count("<thead><tr>") == len(data["edges"])
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(
        s.startswith("/static/vendor/d3-") or s == "/static/js/network.js" for s in scripts
    )
    assert all(s.startswith("/static/") for s in page.sources)


@pytest.mark.parametrize("path", ["/timeline", "/network", "/network.json", "/timeline.json"])
def test_explore_views_escape_hostile_literals_and_link_only_here(
    hostile_pages: FlaskClient, path: str
) -> None:
    response = hostile_pages.get(path)
    text = response.get_data(as_text=True)
    assert "<script>alert" not in text and "<img src=x" not in text
    if path.endswith(".json"):
        return
    page = Page(text)
    for target in page.links + page.sources:
        assert target.startswith(("/", "#")) or target.startswith("https://creativecommons.org/"), (
            target
        )
    if path == "/timeline":
        assert HOSTILE not in text, "escaped"
