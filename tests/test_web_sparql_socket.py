"""Over a real socket: a runaway query is stopped while other requests keep being answered."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from tests.conftest import make_app, pool_of, store_of

pytestmark = pytest.mark.socket

SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . "
    "?p ?q ?r . ?t ?u ?v . ?w ?x ?y }"
)


@pytest.fixture(scope="module")
def server(sparql_build: Path) -> Iterator[tuple[Flask, str]]:
    app = make_app(sparql_build, QUERY_TIMEOUT_S=1.5, QUERY_WORKERS=2)
    http: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    pool_of(app).start().wait_until_ready()
    yield app, f"http://127.0.0.1:{http.server_port}/sparql"
    http.shutdown()
    store_of(app).close()


def fetch(url: str, query: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': query})}", method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_other_queries_are_answered_while_one_runs_away(server: tuple[Flask, str]) -> None:
    app, url = server
    pool = pool_of(app)
    outcome: list[tuple[int, dict[str, str], bytes]] = []
    runaway = threading.Thread(target=lambda: outcome.append(fetch(url, SLOW)))
    runaway.start()
    while len(pool.processes()) == 2:  # wait until the runaway query holds a process
        runaway.join(timeout=0.01)
    for _ in range(5):
        status, _, body = fetch(url, "ASK { ?s ?p ?o }")
        assert status == 200 and b"true" in body
    assert runaway.is_alive()  # the fast answers came while the runaway was still running
    runaway.join()
    status, headers, body = outcome[0]
    assert status == 503 and headers["Retry-After"] == "2"
    pool.wait_until_ready()
    assert fetch(url, "ASK {}")[0] == 200


def test_head_over_a_socket_sends_length_and_no_body(server: tuple[Flask, str]) -> None:
    _, url = server
    status, get_headers, body = fetch(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    status_head, head_headers, head_body = fetch(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "HEAD")
    assert status == status_head == 200
    assert head_body == b"" and head_headers["Content-Length"] == str(len(body))
