"""The timeline and the network: views of the whole dataset, each as a page usable without
JavaScript and as JSON (``/timeline.json``, ``/network.json?article=002``)."""

from __future__ import annotations

import hashlib

from flask import Blueprint, request
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from afgld.store.lists import EDGE_KINDS, EDGE_STATUSES
from afgld.web.answer import View, page, view
from afgld.web.extension import site
from afgld.web.tableout import json_bytes
from afgld.web.views.explore import (
    EDGE_TITLES,
    STATUS_TITLES,
    network,
    network_json,
    parse_network,
    timeline,
    timeline_json,
)
from afgld.web.views.lists import BadListRequest

bp = Blueprint("explore", __name__)


@bp.get("/timeline")
@bp.get("/timeline.<suffix>")
def timeline_view(suffix: str | None = None) -> Response:
    s = site()
    if request.args:
        raise BadRequest("/timeline takes no parameters.")
    found = timeline(s)
    return view(
        View(
            "/timeline",
            lambda: page("explore/timeline.html", "/timeline", timeline=found, formats=None),
            lambda: json_bytes(timeline_json(s, found)),
            s.fingerprint,
        ),
        suffix,
    )


@bp.get("/network")
@bp.get("/network.<suffix>")
def network_view(suffix: str | None = None) -> Response:
    s = site()
    try:
        chosen = parse_network(s, list(request.args.lists()))
    except BadListRequest as error:
        raise BadRequest(str(error)) from None
    found = network(s, chosen)
    digest = hashlib.sha256(chosen.url().encode()).hexdigest()[:12]
    return view(
        View(
            "/network",
            lambda: page(
                "explore/network.html",
                "/network",
                network=found,
                articles=[s.articles[a] for a in sorted(s.articles)],
                statuses=[(k, STATUS_TITLES[k]) for k in EDGE_STATUSES],
                kinds=[(k, EDGE_TITLES[k]) for k in EDGE_KINDS],
                formats=None,
            ),
            lambda: json_bytes(network_json(s, found)),
            f"{s.fingerprint}-{digest}",
            variant_url=chosen.url,
        ),
        suffix,
    )
