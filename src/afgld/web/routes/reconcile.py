"""Reconciliation Service API 0.2 (W3C Entity Reconciliation Community Group):
https://reconciliation-api.github.io/specs/0.2/

* ``/reconcile``: GET without ``queries`` is the service manifest (§ Service Manifest); GET or
  POST (``application/x-www-form-urlencoded``) with ``queries=<JSON batch>`` is a batch of
  reconciliation queries (§ Sending Reconciliation Queries to a Service).
* ``/reconcile/suggest/{entity,type,property}?prefix=…&cursor=…`` (§ Suggest Services).
* ``/reconcile/preview?id=…``: an HTML page for the client's ``<iframe>`` (§ Preview Service),
  the only page of this site that other sites may frame.

Each route only reads the request and hands it to :class:`afgld.search.reconcile.Reconciler`
(no Flask there). Errors use the status codes the specification points to (§ Error Handling):
400 for a request the service cannot read, 413 for a batch over ``batchSize``, 503 for a batch
stopped at ``SEARCH_TIMEOUT_S``; their bodies are JSON (the preview's: a page). CORS headers are
on every response (§ Cross-Origin Access); JSONP, which the specification leaves optional, is
not offered, and a ``callback`` parameter is refused with the reason. Choices and why:
docs/decisions/20261206-reconciliation-service.md.
"""

from __future__ import annotations

import json

from flask import Blueprint, request
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response

from afgld.formats import HTML, JSON
from afgld.search.reconcile import PATHS
from afgld.web import errors, params
from afgld.web.answer import PAGE_CACHE, respond
from afgld.web.extension import reconciler, site
from afgld.web.headers import PREVIEW_POLICY

bp = Blueprint("reconcile", __name__)
NOT_OFFERED = {
    "callback": (
        "JSONP is not offered: every response of this service carries CORS headers "
        "(Access-Control-Allow-Origin: *), so fetch it as JSON."
    ),
    "extend": "Data extension is not offered by this service (its manifest has no 'extend').",
}


def answer_json(payload: object, etag: str | None) -> Response:
    """JSON of the service; a GET is cached like a page (the answer depends on the release
    and the URL only), a POST is not."""
    body = (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    cached = request.method != "POST"
    return respond(
        body,
        JSON,
        etag=f"{site().fingerprint}-{etag}" if cached and etag else None,
        cache=PAGE_CACHE if cached else None,
    )


def read() -> params.Params:
    asked = params.read(request, form=True)
    for name, reason in NOT_OFFERED.items():
        if name in asked:
            raise params.BadParameter(reason)
    return asked


@bp.route("/" + PATHS["service"], methods=["GET", "POST"])
def service() -> Response:
    asked = read()
    queries = asked.one("queries")
    if queries is None:
        if request.method == "POST":
            raise params.BadParameter("POST a batch of queries as the form field queries=….")
        return answer_json(reconciler().manifest(), "reconcile-manifest")
    return answer_json(reconciler().answer(queries), "reconcile")


def suggest(kind: str) -> Response:
    asked = read()
    prefix = asked.one("prefix")
    if prefix is None:
        raise params.BadParameter("Give the beginning of a name: ?prefix=….")
    cursor = asked.number("cursor", 0)
    service = reconciler()
    found = {
        "entity": service.suggest_entities,
        "type": service.suggest_types,
        "property": service.suggest_properties,
    }[kind](prefix, cursor)
    return answer_json(found, f"suggest-{kind}")


for _kind in ("entity", "type", "property"):
    bp.add_url_rule(
        "/" + PATHS[f"suggest_{_kind}"],
        f"suggest_{_kind}",
        suggest,
        defaults={"kind": _kind},
    )


@bp.get("/" + PATHS["preview"])
def preview() -> Response:
    identifier = read().one("id")
    if identifier is None:
        raise params.BadParameter("Give the entity's identifier: ?id=person/….")
    found = reconciler().preview(identifier)
    if found is None:
        raise NotFound(f"No entity {identifier!r} in this service's identifier space.")
    return respond(
        found.html().encode("utf-8"),
        HTML,
        etag=f"{site().fingerprint}-preview",
        headers={"Content-Security-Policy": PREVIEW_POLICY},
    )


@bp.errorhandler(HTTPException)
def error(error: HTTPException) -> Response:
    """JSON for the services, unless the client asks otherwise; the preview's like a page's."""
    if request.endpoint == "reconcile.preview":  # shown in the client's frame too
        response = errors.answer(error)
        response.headers["Content-Security-Policy"] = PREVIEW_POLICY
        return response
    return errors.answer(error, errors.JSON_ERROR_OFFERS, JSON)
