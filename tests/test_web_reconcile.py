"""The Reconciliation Service API 0.2 routes (issue 9, item 2) through the app: every answer
of the service is validated against the W3C group's JSON Schemas on its way back (the
:class:`Service` below), and what HTTP adds is checked: methods, forms, errors, caching, CORS,
and the preview that alone may be framed. What the engine answers is in
test_search_reconcile.py; the same service on a real socket, driven as OpenRefine drives it,
in test_web_clients.py."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from afgld.errors import BatchTooLarge, InvalidSearch, SearchTimedOut
from afgld.search.reconcile import PATHS
from afgld.web.errors import http_error
from tests.conftest import BASE
from tests.test_search_reconcile import assert_valid, needs_schemas

pytestmark = needs_schemas
FORM = "application/x-www-form-urlencoded"
# the schema every successful JSON answer of each path must follow
SCHEMAS = {
    "/" + PATHS["suggest_entity"]: "suggest-entities-response.json",
    "/" + PATHS["suggest_type"]: "suggest-types-response.json",
    "/" + PATHS["suggest_property"]: "suggest-properties-response.json",
}


class Service:
    """The service as a client sees it; every 200 JSON answer is validated against its schema,
    every batch sent against the query-batch schema."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.validated = 0

    def call(self, method: str, path: str, **options: Any) -> TestResponse:
        response = self.client.open(path, method=method, **options)
        assert response.headers["Access-Control-Allow-Origin"] == "*", path
        if response.status_code == 200 and response.mimetype == "application/json":
            self.validate(urlsplit(path).path, response.get_json())
        return response

    def validate(self, path: str, answer: object) -> None:
        if path in SCHEMAS:
            schema = SCHEMAS[path]
        elif isinstance(answer, dict) and "versions" in answer:
            schema = "manifest.json"
        else:
            schema = "reconciliation-result-batch.json"
        assert_valid(answer, schema)
        self.validated += 1

    def manifest(self) -> dict[str, Any]:
        response = self.call("GET", "/reconcile")
        assert response.status_code == 200
        answer: dict[str, Any] = response.get_json()
        return answer

    def batch(self, queries: dict[str, Any], method: str = "POST") -> dict[str, Any]:
        assert_valid(queries, "reconciliation-query-batch.json")
        text = json.dumps(queries)
        if method == "POST":
            response = self.call("POST", "/reconcile", data={"queries": text})
        else:
            response = self.call("GET", "/reconcile?queries=" + quote(text, safe=""))
        assert response.status_code == 200, response.get_data(as_text=True)
        answer: dict[str, Any] = response.get_json()
        return answer

    def suggest(self, kind: str, prefix: str, **extra: str) -> list[dict[str, Any]]:
        path = "/" + PATHS[f"suggest_{kind}"]
        response = self.call("GET", path, query_string={"prefix": prefix, **extra})
        assert response.status_code == 200, response.get_data(as_text=True)
        found: list[dict[str, Any]] = response.get_json()["result"]
        return found


@pytest.fixture()
def service(client: FlaskClient) -> Service:
    return Service(client)


def local(url: str) -> str:
    assert url.startswith(BASE), url
    return "/" + url[len(BASE) :]


def ids(answer: dict[str, Any], key: str) -> list[str]:
    return [c["id"] for c in answer[key]["result"]]


# ---------------------------------------------------------------- the manifest


def test_the_manifest_validates_and_every_url_in_it_answers(service: Service) -> None:
    manifest = service.manifest()
    assert "0.2" in manifest["versions"]
    assert manifest["identifierSpace"] == BASE + "id/"
    assert manifest["batchSize"] == 50  # RECONCILE_MAX_BATCH
    view = manifest["view"]["url"].replace("{{id}}", quote("person/ahmad-massoud", safe=""))
    assert service.call("GET", local(view)).status_code == 303  # the spec's URI-component id
    preview = manifest["preview"]["url"].replace("{{id}}", quote("person/ahmad-massoud", safe=""))
    assert service.call("GET", local(preview)).status_code == 200
    for kind, suggest in manifest["suggest"].items():
        url = suggest["service_url"] + suggest["service_path"]
        answer = service.call("GET", local(url) + "?prefix=a")
        assert answer.status_code == 200, kind
    assert service.validated == 4


def test_the_manifest_is_answered_to_get_with_no_parameters_and_cached(
    service: Service, client: FlaskClient
) -> None:
    first = service.call("GET", "/reconcile")
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get("/reconcile", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    head = client.head("/reconcile")
    assert head.status_code == 200 and head.get_data() == b""


# ---------------------------------------------------------------- batches


def test_a_batch_by_post_form_and_by_get_gives_the_same_valid_results(service: Service) -> None:
    batch = {
        "q0": {"query": "Massoud"},
        "q1": {"query": "Ahmad Shah Massoud", "type": "person", "limit": 3},
        "q2": {"query": "Ata Mohammad Noor", "type": ["person", "organisation"]},
        "q3": {"query": "NRF", "type": "organisation", "type_strict": "should"},
    }
    posted = service.batch(batch)
    assert posted == service.batch(batch, method="GET")
    assert set(posted) == set(batch)
    assert not any(c["match"] for c in posted["q0"]["result"])  # a bare "Massoud": nobody
    assert ids(posted, "q0")[:2] == ["person/ahmad-massoud", "person/ahmad-shah-massoud"]
    top = posted["q1"]["result"][0]
    assert (top["id"], top["match"]) == ("person/ahmad-shah-massoud", True)
    assert len(posted["q1"]["result"]) <= 3
    assert posted["q2"]["result"][0]["id"] == "person/atta-mohammad-noor"
    assert all(t["id"] == "organisation" for c in posted["q3"]["result"] for t in c["type"])


def test_property_conditions_filter_through_the_route(service: Service) -> None:
    answer = service.batch(
        {
            "nrf": {"query": "Massoud", "properties": [{"pid": "org:memberOf", "v": "org/nrf"}]},
            "only": {"properties": [{"pid": "article", "v": {"id": "article/004", "name": "x"}}]},
        }
    )
    assert ids(answer, "nrf") == ["person/ahmad-massoud"]
    assert answer["only"]["result"]


def test_a_post_is_not_cached_a_get_is(service: Service) -> None:
    batch = json.dumps({"q0": {"query": "Nazary"}})
    posted = service.call("POST", "/reconcile", data={"queries": batch})
    assert "Cache-Control" not in posted.headers and "ETag" not in posted.headers
    got = service.call("GET", "/reconcile?queries=" + quote(batch, safe=""))
    assert got.headers["Cache-Control"] == "public, max-age=300" and got.headers["ETag"]


# ---------------------------------------------------------------- suggest and preview


def test_suggest_services_validate_and_page_with_cursor(service: Service) -> None:
    first = service.suggest("entity", "Ahmad")
    assert "person/ahmad-massoud" in [s["id"] for s in first]
    assert all(s["notable"] and s["description"] for s in first)
    later = service.suggest("entity", "Ahmad", cursor="2")
    assert later[0] == first[2]
    assert [s["id"] for s in service.suggest("entity", "person/ahmad-massoud")][0] == (
        "person/ahmad-massoud"
    )
    assert [t["id"] for t in service.suggest("type", "Per")] == ["person"]
    # OpenRefine adds the chosen type as schema=; the service offers the same properties
    properties = service.suggest("property", "mem", schema="person")
    assert [p["id"] for p in properties] == ["org:memberOf"]
    assert service.suggest("entity", "") == []


def test_the_preview_alone_may_be_framed(client: FlaskClient) -> None:
    preview = client.get("/reconcile/preview?id=" + quote("person/ahmad-massoud", safe=""))
    assert preview.status_code == 200 and preview.mimetype == "text/html"
    page = preview.get_data(as_text=True)
    assert "<h1>" in page and "Ahmad Massoud" in page and "<script" not in page
    assert "frame-ancestors *" in preview.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in preview.headers
    missing = client.get("/reconcile/preview?id=person/nobody", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "X-Frame-Options" not in missing.headers
    assert "frame-ancestors *" in missing.headers["Content-Security-Policy"]
    for path in ("/reconcile", "/reconcile/suggest/entity?prefix=a", "/search?q=a", "/"):
        headers = client.get(path).headers
        assert headers["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message"),
    [
        ("GET", "/reconcile?queries=%7B", None, 400, "not JSON"),
        ("GET", "/reconcile?queries=%5B%5D", None, 400, "JSON object"),
        ("POST", "/reconcile", {"queries": '{"q0": {"query": 1}}'}, 400, "must be a string"),
        (
            "POST",
            "/reconcile",
            {"queries": '{"q0": {"query": "x", "type": "weapon"}}'},
            400,
            "unknown type",
        ),
        ("POST", "/reconcile", {"other": "1"}, 400, "queries="),
        ("GET", "/reconcile?callback=jQuery123", None, 400, "JSONP is not offered"),
        ("GET", "/reconcile?extend=%7B%7D", None, 400, "Data extension is not offered"),
        ("GET", "/reconcile?queries=%ff", None, 400, "not UTF-8"),
        ("GET", "/reconcile/suggest/entity", None, 400, "prefix="),
        ("GET", "/reconcile/suggest/entity?prefix=a&cursor=x", None, 400, "whole number"),
        ("GET", "/reconcile/suggest/type?prefix=" + "a" * 300, None, 400, "300 characters"),
        ("GET", "/reconcile/suggest/entity?prefix=a%00", None, 400, "U+0000"),
        ("GET", "/reconcile/preview", None, 400, "id="),
        ("GET", "/reconcile/preview?id=person/nobody", None, 404, "No entity"),
    ],
)
def test_errors_say_what_is_wrong_as_json(
    service: Service, method: str, path: str, body: dict[str, str] | None, status: int, message: str
) -> None:
    response = service.call(method, path, data=body)
    assert response.status_code == status, response.get_data(as_text=True)
    if path.startswith("/reconcile/preview"):
        assert message in response.get_data(as_text=True)
        return
    assert response.mimetype == "application/json"  # no Accept header: JSON
    assert message in response.get_json()["message"]


def test_a_batch_over_the_batch_size_is_413(service: Service) -> None:
    batch = {f"q{n}": {"query": "Massoud"} for n in range(51)}
    response = service.call("POST", "/reconcile", data={"queries": json.dumps(batch)})
    assert response.status_code == 413
    assert "at most 50" in response.get_json()["message"]


def test_a_post_must_be_a_form(service: Service) -> None:
    response = service.call(
        "POST", "/reconcile", data='{"q0": {"query": "x"}}', content_type="application/json"
    )
    assert response.status_code == 415
    assert FORM in response.get_json()["message"]


def test_the_engines_refusals_become_their_http_errors() -> None:
    assert http_error(InvalidSearch("the query has 9 words")).code == 400
    assert http_error(BatchTooLarge("the batch has 51 queries")).code == 413
    timed_out = http_error(SearchTimedOut("the search took longer than 0.5 s"))
    assert timed_out.code == 503
    assert dict(timed_out.get_headers())["Retry-After"] == "1"


def test_a_browser_gets_its_errors_as_a_page(client: FlaskClient) -> None:
    response = client.get("/reconcile?queries=%7B", headers={"Accept": "text/html"})
    assert response.status_code == 400 and response.mimetype == "text/html"


def test_preflight_allows_any_origin(client: FlaskClient) -> None:
    response = client.options(
        "/reconcile",
        headers={"Origin": "http://127.0.0.1:3333", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
