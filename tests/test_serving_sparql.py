"""``/sparql`` answered on the event loop (``afgld.serving.sparql``) is answered byte for byte as
the Flask view answers it: every request below is sent through the bridge with the fast path
and through the bridge without it, over the same app and query processes, and the two answers
(status, headers in order, body) must be the same. Successes must not have entered Flask;
everything else must have, with the store's outcome when the query ran (never run twice)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask

from afgld.serving.accesslog import AccessLog
from afgld.serving.bridge import Bridge, Limits
from afgld.serving.sparql import SparqlPath
from afgld.web.extension import services
from afgld.web.routes.sparql import OUTCOME
from afgld.web.sparql_request import QUERY_HASH
from tests.conftest import BACKENDS, make_app, pool_of, store_of
from tests.test_serving_bridge import Headers, Scope
from tests.test_web_sparql_abuse import SLOW

LABELS = "SELECT ?person ?name WHERE { ?person skos:prefLabel ?name } ORDER BY ?name"
CONSTRUCT = "CONSTRUCT { ?s skos:prefLabel ?n } WHERE { ?s skos:prefLabel ?n }"
ASK = "ASK { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"
GRAPH = "http://127.0.0.1:8080/graph/entities"


@dataclass
class Recorder:
    """granian's RSGI protocol as the bridge uses it, keeping the whole answer."""

    body: bytes = b""
    answers: list[tuple[int, list[tuple[str, str]], bytes]] = field(default_factory=list)

    async def __call__(self) -> bytes:
        return self.body

    def __aiter__(self) -> Any:
        async def chunks() -> Any:
            yield self.body

        return chunks()

    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.answers.append((status, list(headers), body))


@dataclass
class Counted:
    """The Flask app, counting the requests it answers and the outcomes handed to it."""

    app: Flask
    calls: int = 0
    outcomes: int = 0

    def __call__(self, environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
        self.calls += 1
        self.outcomes += OUTCOME in environ
        return self.app(environ, start)


@pytest.fixture(scope="module", params=BACKENDS)
def app(request: pytest.FixtureRequest, sparql_build: Path) -> Iterator[Flask]:
    """The app over the embedded store's query processes, then over an Oxigraph server."""
    overrides: dict[str, object] = {"QUERY_TIMEOUT_S": 1.0, "MAX_RESULT_ROWS": 5}
    if request.param == "remote":
        overrides["SPARQL_BACKEND"] = request.getfixturevalue("sparql_remote")
    application = make_app(sparql_build, **overrides)
    if request.param == "embedded":
        pool_of(application).start().wait_until_ready()
    yield application
    store_of(application).close()


@pytest.fixture()
def embedded(app: Flask) -> Flask:
    if store_of(app).backend != "embedded":
        pytest.skip("the query processes' deadlines")
    return app


def bridges(app: Flask, request_timeout_s: float = 30.0) -> tuple[Bridge, Bridge, Counted]:
    limits = Limits(
        threads=2,
        body_timeout_s=5,
        request_timeout_s=request_timeout_s,
        max_body_bytes=20_000,
        max_url_bytes=20_000,
    )
    counted = Counted(app)
    sparql = SparqlPath(store_of(app), services(app).settings)
    fast = Bridge(counted, limits, AccessLog("off"), sparql)
    return fast, Bridge(app, limits, AccessLog("off")), counted


def send(bridge: Bridge, scope: Scope, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    recorder = Recorder(body)
    asyncio.run(bridge.__rsgi__(scope, recorder))
    (answer,) = recorder.answers
    return answer


def request(
    method: str, query_string: str = "", body: bytes = b"", headers: list[tuple[str, str]] = ()
) -> tuple[Scope, bytes]:
    listed = [("host", "127.0.0.1:8080"), *headers]
    if body or method == "POST":
        listed.append(("content-length", str(len(body))))
    return Scope(method, "/sparql", query_string, Headers(listed)), body


def get(query: str, *headers: tuple[str, str], method: str = "GET") -> tuple[Scope, bytes]:
    return request(method, urlencode({"query": query}), headers=list(headers))


def form(query: str, *headers: tuple[str, str], extra: str = "") -> tuple[Scope, bytes]:
    body = (urlencode({"query": query}) + extra).encode()
    return request("POST", body=body, headers=[("content-type", FORM), *headers])


def direct(query: str, *headers: tuple[str, str]) -> tuple[Scope, bytes]:
    kind = ("content-type", "application/sparql-query")
    return request("POST", body=query.encode(), headers=[kind, *headers])


def accept(value: str) -> tuple[str, str]:
    return ("accept", value)


ANSWERED = {
    "GET, no Accept": get(LABELS),
    "GET JSON": get(LABELS, accept("application/sparql-results+json")),
    "GET XML": get(LABELS, accept("application/sparql-results+xml")),
    "GET CSV": get(LABELS, accept("text/csv")),
    "GET TSV": get(LABELS, accept("text/tab-separated-values")),
    "GET the JSON alias": get(LABELS, accept("application/json")),
    "GET any": get(LABELS, accept("*/*")),
    "GET q-values": get(LABELS, accept("text/csv;q=0.5, application/sparql-results+xml")),
    "GET two Accept headers": get(LABELS, accept("text/html;q=0.1"), accept("text/csv")),
    "GET odd Accept": get(LABELS, accept("text/*;q=0.9, */*;q=0.1")),
    "HEAD": get(LABELS, method="HEAD"),
    "HEAD CSV": get(LABELS, accept("text/csv"), method="HEAD"),
    "POST form": form(LABELS),
    "POST form XML": form(LABELS, accept("application/sparql-results+xml")),
    "POST form with a graph": form(LABELS, extra="&" + urlencode({"default-graph-uri": GRAPH})),
    "POST direct": direct(LABELS),
    "POST direct with charset": request(
        "POST",
        body=LABELS.encode(),
        headers=[("content-type", "application/sparql-query; charset=UTF-8")],
    ),
    "GET with a named graph": request(
        "GET", urlencode({"query": LABELS, "named-graph-uri": GRAPH})
    ),
    "ASK": get(ASK),
    "ASK XML": form(ASK, accept("application/sparql-results+xml")),
    "CONSTRUCT": get(CONSTRUCT),
    "CONSTRUCT JSON-LD": get(CONSTRUCT, accept("application/ld+json")),
    "CONSTRUCT RDF/XML": form(CONSTRUCT, accept("application/rdf+xml")),
    "CONSTRUCT N-Triples": direct(CONSTRUCT, accept("application/n-triples")),
    "DESCRIBE": get("DESCRIBE person:alpha"),
    "a prefix of the site's, undeclared": get("SELECT * { person:alpha ?p ?o }"),
}
TO_FLASK = {
    "no query: the service description": request("GET"),
    "no query, a browser": request("GET", headers=[accept("text/html")]),
    "the editor": get(LABELS, accept("text/html")),
    "CORS preflight": request("OPTIONS", headers=[("origin", "https://elsewhere.example")]),
    "DELETE": request("DELETE"),
    "406": get(ASK, accept("text/csv")),
    "406, nothing acceptable": get(LABELS, accept("image/png")),
    "parser error": get("SELEC ?x WHERE { ?x ?y ?z }"),
    "parser error, JSON": get("SELECT ?x WHERE { ?x ", accept("application/json")),
    "undeclared prefix": get("SELECT * { nope:x ?p ?o }"),
    "a prefix spelt with an escape (not read there)": get("SELECT * { \\u0070erson:alpha ?p ?o }"),
    "unknown function": get("SELECT (<urn:x:f>(1) AS ?x) {}"),
    "no query form": get("PREFIX x: <urn:x:>"),
    "SERVICE": get("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
    "update by GET": get("INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
    "update by POST": request("POST", body=b"update=CLEAR+ALL", headers=[("content-type", FORM)]),
    "update media type": request(
        "POST", body=b"CLEAR ALL", headers=[("content-type", "application/sparql-update")]
    ),
    "too deep": get("SELECT * { " + "{ " * 60 + "?s ?p ?o" + " }" * 60 + " }"),
    "too long by GET": get("SELECT * { ?s ?p ?o } #" + "x" * 10_100),
    "rows over the cap": get("SELECT * { ?s ?p ?o }"),
    "triples over the cap": get("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
    "two queries": request("GET", "query=ASK%7B%7D&query=ASK%7B%7D"),
    "not UTF-8": request("GET", "query=ASK%7B%7D%FF"),
    "POST without a query": request("POST", body=b"x=1", headers=[("content-type", FORM)]),
    "POST, query in both": request(
        "POST", "query=ASK%7B%7D", b"query=ASK%7B%7D", [("content-type", FORM)]
    ),
    "POST, unknown type": request("POST", body=b"ASK {}", headers=[("content-type", "text/x")]),
    "POST, Latin-1": request(
        "POST",
        body=b"ASK {}",
        headers=[("content-type", "application/sparql-query;charset=latin1")],
    ),
    "a graph that is not an IRI": request(
        "GET", urlencode({"query": ASK, "default-graph-uri": "x"})
    ),
}


@pytest.mark.parametrize("name", ANSWERED)
def test_a_query_answered_on_the_loop_is_the_views_answer(app: Flask, name: str) -> None:
    fast, flask_only, counted = bridges(app)
    scope, body = ANSWERED[name]
    on_loop = send(fast, scope, body)
    assert on_loop == send(flask_only, scope, body)
    assert on_loop[0] == 200 and counted.calls == 0  # no Flask, no thread


@pytest.mark.parametrize("name", TO_FLASK)
def test_everything_else_is_the_views_answer(app: Flask, name: str) -> None:
    fast, flask_only, counted = bridges(app)
    scope, body = TO_FLASK[name]
    handed = send(fast, scope, body)
    assert handed == send(flask_only, scope, body)
    assert handed[0] != 200 or name.startswith(("no query", "the editor")), handed[2][:300]
    assert counted.calls == 1


@pytest.mark.parametrize("name", ["rows over the cap", "parser error", "unknown function"])
def test_a_query_that_ran_is_handed_over_with_its_outcome(app: Flask, name: str) -> None:
    fast, _, counted = bridges(app)
    send(fast, *TO_FLASK[name])
    assert counted.outcomes == 1


def test_a_timeout_is_the_views_503_and_the_query_runs_once(embedded: Flask) -> None:
    fast, flask_only, counted = bridges(embedded)
    pool = pool_of(embedded)
    started = time.monotonic()
    on_loop = send(fast, *get(SLOW))
    assert 1.0 <= time.monotonic() - started < 1.8  # one QUERY_TIMEOUT_S, not two
    assert on_loop[0] == 503 and counted.outcomes == 1
    pool.wait_until_ready()
    assert on_loop == send(flask_only, *get(SLOW))
    pool.wait_until_ready()


def test_past_the_request_timeout_the_query_is_stopped(embedded: Flask) -> None:
    """REQUEST_TIMEOUT_S below QUERY_TIMEOUT_S: the client gets the bridge's 503 at the first,
    and the query's process is killed then, not left to run."""
    fast, _, counted = bridges(embedded, request_timeout_s=0.3)
    pool = pool_of(embedded)
    before = pool.pids()
    started = time.monotonic()
    status, _, body = send(fast, *get(SLOW))
    assert status == 503 and b"REQUEST_TIMEOUT_S" in body and counted.calls == 0
    assert time.monotonic() - started < 0.9
    deadline = time.monotonic() + 5
    while not before - {p.pid for p in pool.processes()} and time.monotonic() < deadline:
        time.sleep(0.01)
    pool.wait_until_ready()
    assert len(before - pool.pids()) == 1  # one process killed, and replaced


def test_the_query_hash_reaches_the_access_log(app: Flask) -> None:
    fast, _, _ = bridges(app)
    scope, body = get(ASK)
    environs: list[dict[str, Any]] = []
    fast.log.write = lambda scope, environ, *rest: environs.append(environ)  # type: ignore[method-assign]
    send(fast, scope, body)
    assert len(environs[0][QUERY_HASH]) == 16


def test_a_job_crosses_the_wire_field_for_field() -> None:
    from afgld.store.jobs import Job
    from afgld.store.worker import Task

    assert Job._fields == Task.__slots__
