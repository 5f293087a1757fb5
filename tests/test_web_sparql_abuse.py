"""No query can harm the endpoint: read-only, no outbound requests or file reads, bounded.

Outbound requests are watched with a canary: a listening socket on 127.0.0.1 that the query
names. Oxigraph's HTTP client is native code that Python's audit hooks cannot see, so the
canary, not the hook, proves that nothing connected.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app, pool_of, store_of

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture()
def canary() -> Iterator[socket.socket]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    yield listener
    listener.close()


def connected(listener: socket.socket) -> bool:
    try:
        listener.accept()[0].close()
    except BlockingIOError:
        return False
    return True


def canary_iri(listener: socket.socket) -> str:
    return f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"


def total(sparql_client: FlaskClient) -> int:
    response = sparql_client.get("/sparql", query_string={"query": COUNT})
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ sErViCe SILENT <{iri}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?a ?b ?c FILTER(?a<?b)SERVICE#>\n <{iri}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_and_nothing_connects(
    sparql_client: FlaskClient, canary: socket.socket, template: str
) -> None:
    response = sparql_client.get(
        "/sparql", query_string={"query": template.format(iri=canary_iri(canary))}
    )
    assert response.status_code == 400
    assert b"SERVICE" in response.data
    assert not connected(canary)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (bif:sys_stat('st_dbms_ver') AS ?v) {}",
        "SELECT (<bif:sys_stat>('st_dbms_ver') AS ?v) {}",
        "BASE <bif:> SELECT (<sys_stat>('st_dbms_ver') AS ?v) {}",
        "PREFIX b: <\\u0062if:> SELECT (b:sys_stat('st_dbms_ver') AS ?v) {}",
        "SELECT (sql:x() AS ?v) {}",
    ],
)
def test_the_engines_own_procedures_are_refused(sparql_client: FlaskClient, query: str) -> None:
    """Virtuoso offers its SQL procedures as ``bif:`` and ``sql:`` functions, even with no
    prefix declared: refused before any store sees them, whatever the backend."""
    response = sparql_client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400, response.data
    assert b"SQL procedures" in response.data and b"st_dbms_ver" not in response.data


def test_from_and_graph_parameters_never_fetch(
    sparql_client: FlaskClient, canary: socket.socket, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://secret.test/s> <http://secret.test/p> 'leaked' .\n")
    for iri in (canary_iri(canary), secret.as_uri()):
        query = f"SELECT * FROM <{iri}> FROM NAMED <{iri}> WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
        for params in ({}, {"default-graph-uri": iri, "named-graph-uri": iri}):
            response = sparql_client.get("/sparql", query_string={"query": query, **params})
            assert response.status_code == 200
            assert json.loads(response.data)["results"]["bindings"] == []
    assert not connected(canary)


@pytest.mark.parametrize(
    ("kwargs"),
    [
        {
            "data": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
            "content_type": "application/sparql-update",
        },
        {"data": {"update": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"}},
        {"data": {"query": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"}},
        {"data": {"query": "CLEAR ALL"}},
        {"data": {"query": "DROP GRAPH <http://x/g>"}},
        {"data": {"query": "LOAD <file:///etc/passwd>"}},
    ],
)
def test_updates_are_refused_and_change_nothing(sparql_client: FlaskClient, kwargs: dict) -> None:
    before = total(sparql_client)
    response = sparql_client.post("/sparql", **kwargs)
    assert response.status_code == 400
    assert b"read-only" in response.data
    assert total(sparql_client) == before


def test_update_by_get_is_refused(sparql_client: FlaskClient) -> None:
    response = sparql_client.get("/sparql", query_string={"update": "CLEAR ALL"})
    assert response.status_code == 400 and b"read-only" in response.data


def test_a_body_over_the_limit_is_413(sparql_client: FlaskClient) -> None:
    response = sparql_client.post(
        "/sparql", data="ASK {} " + "#" * 30_000, content_type="application/sparql-query"
    )
    assert response.status_code == 413


def test_a_query_over_the_limit_is_413_by_post_and_414_by_get(sparql_client: FlaskClient) -> None:
    query = "ASK {} " + "#" * 12_000
    assert sparql_client.post("/sparql", data={"query": query[:15_000]}).status_code in (413,)
    assert sparql_client.get("/sparql", query_string={"query": query}).status_code == 414


def test_deep_nesting_is_refused_not_crashed(sparql_client: FlaskClient) -> None:
    query = "SELECT * WHERE { FILTER(" + "(" * 2000 + "1" + ")" * 2000 + ") }"
    response = sparql_client.post("/sparql", data=query, content_type="application/sparql-query")
    assert response.status_code == 400 and b"MAX_QUERY_NESTING" in response.data
    assert total(sparql_client) > 0


def values(n: int, text: str = "v") -> str:
    items = " ".join(json.dumps(f"{text}{i}") for i in range(n))
    return f"SELECT ?x WHERE {{ VALUES ?x {{ {items} }} }}"


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_rows_over_the_cap_are_refused_never_cut(sparql_client: FlaskClient, accept: str) -> None:
    """MAX_RESULT_ROWS is 50 here: 50 rows pass whole, 51 are refused, in every format."""
    ok = sparql_client.get(
        "/sparql", query_string={"query": values(50, "a\nb")}, headers={"Accept": accept}
    )
    assert ok.status_code == 200
    refused = sparql_client.get(
        "/sparql", query_string={"query": values(51, "a\nb")}, headers={"Accept": accept}
    )
    assert refused.status_code == 400
    assert b"MAX_RESULT_ROWS" in refused.data


def test_triples_over_the_cap_are_refused(sparql_client: FlaskClient) -> None:
    query = (
        "CONSTRUCT { ?x ?x ?x } WHERE { VALUES ?x { "
        + " ".join(f"<http://x/{i}>" for i in range(51))
        + " } }"
    )
    response = sparql_client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400 and b"triples" in response.data


@pytest.fixture(scope="module")
def small_app(sparql_build: Path) -> Iterator[Flask]:
    app = make_app(
        sparql_build, MAX_RESULT_BYTES=2_000, MAX_RESULT_ROWS=10_000, QUERY_TIMEOUT_S=0.5
    )
    yield app
    store_of(app).close()


def test_bytes_over_the_cap_are_refused(small_app: Flask) -> None:
    sparql_client = small_app.test_client()
    assert sparql_client.get("/sparql", query_string={"query": values(10)}).status_code == 200
    response = sparql_client.get("/sparql", query_string={"query": values(200)})
    assert response.status_code == 400 and b"MAX_RESULT_BYTES" in response.data


SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . "
    "?p ?q ?r . ?t ?u ?v }"
)


def test_a_slow_query_is_stopped_its_process_killed_and_replaced(small_app: Flask) -> None:
    sparql_client = small_app.test_client()
    pool = pool_of(small_app)
    assert sparql_client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    pool.wait_until_ready()  # every process idle: the slow query's is among them
    before = pool.pids()
    response = sparql_client.get("/sparql", query_string={"query": SLOW})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert b"QUERY_TIMEOUT_S" in response.data
    killed = before - pool.pids()
    assert len(killed) == 1
    assert sparql_client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_a_dead_query_process_costs_one_answer_not_the_server(small_app: Flask) -> None:
    sparql_client = small_app.test_client()
    pool = pool_of(small_app)
    assert sparql_client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    pool.wait_until_ready()
    for process in pool.processes():
        process.kill()
        process.wait()
    statuses = [
        sparql_client.get("/sparql", query_string={"query": "ASK {}"}).status_code for _ in range(4)
    ]
    assert set(statuses) <= {200, 503}
    pool.wait_until_ready()
    assert sparql_client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_slow_queries_holding_every_process_do_not_hold_up_quick_ones(sparql_build: Path) -> None:
    """Two runaway queries take both query processes; a quick query gets a third process
    (QUERY_WORKERS_MAX) instead of waiting QUERY_WAIT_S for one of them."""
    app = make_app(
        sparql_build, QUERY_TIMEOUT_S=5.0, QUERY_WORKERS=2, QUERY_WORKERS_MAX=3, QUERY_WAIT_S=8.0
    )
    pool = pool_of(app)
    try:
        client = app.test_client()
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
        pool.wait_until_ready()
        runaways = [
            threading.Thread(
                target=lambda: app.test_client().get("/sparql", query_string={"query": SLOW})
            )
            for _ in range(2)
        ]
        for thread in runaways:
            thread.start()
        deadline = time.monotonic() + 5
        while pool.processes() and time.monotonic() < deadline:  # both taken
            time.sleep(0.01)
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
        # Answered while both runaways still hold their processes: by a new process, not by
        # one a runaway freed.
        assert all(thread.is_alive() for thread in runaways)
        for thread in runaways:
            thread.join(timeout=20)
    finally:
        pool.close()
