"""``/healthz`` and ``/version``: for load balancers, monitors and people.

``/healthz`` answers 200 while this server process can serve pages and has a way to answer
SPARQL (an idle or busy query process, or the remote endpoint reachable), 503 otherwise; it
runs no query on the embedded store, so probing it costs next to nothing. ``/version`` says
which release of the data and which ontology version are served, by which code.
"""

from __future__ import annotations

import json

from flask import Blueprint
from werkzeug.wrappers import Response

from afgld.formats import JSON
from afgld.web.answer import respond
from afgld.web.extension import store

bp = Blueprint("health", __name__)
NO_STORE = "no-store"


def _json(payload: dict[str, object], status: int = 200) -> Response:
    body = (json.dumps(payload, indent=1) + "\n").encode("utf-8")
    return respond(body, JSON, status=status, cache=NO_STORE, compress=False)


def code_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("afgld")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "unknown"


@bp.get("/healthz")
def healthz() -> Response:
    health = store().health()
    status = 200 if health.ok else 503
    payload = {"status": "ok" if health.ok else "unavailable", "store": "ok", **health.details}
    return _json(payload, status)


@bp.get("/version")
def version_view() -> Response:
    manifest = store().manifest
    return _json(
        {
            "release": manifest.release,
            "ontology_version": manifest.ontology_version,
            "inputs_sha256": manifest.inputs_sha256,
            "base_iri": manifest.base_iri,
            "afgld": code_version(),
            "sparql_backend": store().backend,
        }
    )
