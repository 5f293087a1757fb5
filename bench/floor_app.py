"""The floors: what answering costs before any query, under afgld's own server.

* ``rsgi_floor``: an empty Flask view behind afgld's bridge (HTTP in Python, through Flask);
* ``rsgi_bare``: an RSGI app that reads the body and sends a fixed SPARQL answer with the
  endpoint's headers (HTTP in Python, no framework: granian's own cost);
* ``rsgi_hop``: the same, but the answer is a fixed job run in a query process through afgld's
  pool (the cost of the killable process, with no request read, guarded or negotiated).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, request

app = Flask(__name__)
BODY = b'{"head":{},"boolean":true}'


@app.post("/sparql")
def sparql() -> tuple[str, int, dict[str, str]]:
    request.get_data()  # read the body, as the real endpoint does
    return '{"head":{},"boolean":true}', 200, {"Content-Type": "application/sparql-results+json"}


@app.get("/")
def page() -> tuple[str, int, dict[str, str]]:
    return "<!doctype html><title>floor</title><p>floor</p>", 200, {"Content-Type": "text/html"}


def rsgi_floor() -> object:
    """The floor under afgld's production server: granian, the same bridge and limits."""
    from afgld.config import Settings
    from afgld.serving.accesslog import AccessLog
    from afgld.serving.bridge import Bridge
    from afgld.serving.server import limits_from

    return Bridge(app, limits_from(Settings.resolve()), AccessLog("off"))


class Bare:
    """An RSGI app answering every request with a fixed SPARQL answer and its headers."""

    def __init__(self) -> None:
        from afgld.formats import SOLUTION_FORMATS
        from afgld.web.routes.sparql import answer_headers

        self.headers = answer_headers(SOLUTION_FORMATS[0], "POST", len(BODY))

    def __rsgi_init__(self, loop: Any) -> None:
        pass

    def __rsgi_del__(self, loop: Any) -> None:
        pass

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        await protocol()
        protocol.response_bytes(200, self.headers, await self.body())

    async def body(self) -> bytes:
        return BODY


class Hop(Bare):
    """:class:`Bare`, its answer a fixed query run by a query process of afgld's pool over the
    build in ``AFGLD_BUILD_DIR`` (the ``ASK`` the bench measures throughput with)."""

    def __init__(self) -> None:
        from sparql_bench import CHEAP, PREFIXES

        from afgld.config import Settings
        from afgld.namespaces import Space
        from afgld.store.jobs import Job
        from afgld.store.pool import QueryPool

        super().__init__()
        settings = Settings.resolve()
        base = settings.base_iri
        self.pool = QueryPool(
            Path(settings.build_dir) / "oxigraph",
            settings.query_workers,
            Space(base).prefixes(),
            settings.query_wait_s,
            settings.query_workers_max,
        )
        query = PREFIXES.format(base=base) + CHEAP[0].format(e=base + "id/person/p3")
        self.job = Job(query, "JSON", None, None, False, 10_000, 50_000_000)

    def __rsgi_init__(self, loop: Any) -> None:
        self.pool.start().wait_until_ready()

    async def body(self) -> bytes:
        return (await self.pool.run_async(self.job, 10.0)).body


def rsgi_bare() -> object:
    return Bare()


def rsgi_hop() -> object:
    return Hop()
