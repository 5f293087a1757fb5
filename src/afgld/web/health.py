"""``/healthz`` and ``/version``: for load balancers, monitors and people.

``/healthz`` answers 200 while this server process can serve pages and has a way to answer
SPARQL (an idle or busy query process, or the remote endpoint reachable), 503 otherwise; it
runs no query on the embedded store, so probing it costs next to nothing. ``/version`` says
which release of the data and which ontology version are served, by which code.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version

from flask import Blueprint, Response, current_app

bp = Blueprint("health", __name__)
NO_STORE = "no-store"


def _json(payload: dict[str, object], status: int = 200) -> Response:
    response = Response(json.dumps(payload, indent=1) + "\n", status, mimetype="application/json")
    response.headers["Cache-Control"] = NO_STORE
    return response


def code_version() -> str:
    try:
        return version("afgld")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "unknown"


@bp.get("/healthz")
def healthz() -> Response:
    from afgld.web.sparql import POOL

    store = current_app.extensions["afgld.store"]
    backend = str(current_app.config["SPARQL_BACKEND"])
    checks: dict[str, object] = {"store": "ok"}
    status = 200
    if backend != "embedded":
        try:
            store.ask("ASK { }")
            checks["sparql_backend"] = "ok"
        except Exception:  # noqa: BLE001  any failure to reach it is the answer
            checks["sparql_backend"] = "unreachable"
            status = 503
    else:
        pool = current_app.extensions[POOL].start()  # a no-op once started in this process
        checks["query_processes"] = {"configured": pool.size, "idle": len(pool.processes())}
    return _json({"status": "ok" if status == 200 else "unavailable", **checks}, status)


@bp.get("/version")
def version_view() -> Response:
    manifest = current_app.extensions["afgld.store"].manifest
    return _json(
        {
            "release": manifest.release,
            "ontology_version": manifest.ontology_version,
            "inputs_sha256": manifest.inputs_sha256,
            "base_iri": manifest.base_iri,
            "afgld": code_version(),
            "sparql_backend": "embedded"
            if current_app.config["SPARQL_BACKEND"] == "embedded"
            else "remote",
        }
    )
