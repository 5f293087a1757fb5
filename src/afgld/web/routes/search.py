"""Search: every name and spelling the articles use, labels, and the text of statements and
quoted sentences (``afgld.search``, the build's SQLite FTS5 index).

* ``/search?q=…`` is a page (or JSON, by ``Accept``); ``/search.json?q=…`` is always JSON.
* ``kind=person`` (repeatable, or comma-separated) keeps those kinds; ``limit=N`` hits of each
  kind (default 10, at most 100).
* Results are grouped by kind, kinds with an exact name match first; each hit names its kind,
  the text that matched and the article it comes from, and links to its page.

Answers depend only on the release and the URL: cached like pages (strong ETag, 304,
``Cache-Control``), ``Vary: Accept`` on the negotiated one. A query the engine refuses (too
long, too many words, an unknown kind) is a 400 saying why, in the client's format.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import Blueprint, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from afgld.formats import HTML, JSON
from afgld.web import errors, params
from afgld.web.answer import alternates, choose, respond
from afgld.web.extension import searcher, site
from afgld.web.views.search import PAGE_KINDS, SearchView, search_view

bp = Blueprint("search", __name__)
OFFERS = (HTML, JSON)
DEFAULT_LIMIT = 10


@bp.get("/search")
def search_page() -> Response:
    asked = params.read(request)
    media = choose(OFFERS)
    view = search(asked, required=media == JSON)
    twin = "/search.json" + query_string(view)
    if media == JSON:
        body, location = json_body(view), twin
    else:
        body, location = page_body(view), None
    return respond(
        body,
        media,
        etag=f"{site().fingerprint}-search-{'json' if media == JSON else 'html'}",
        negotiated=True,
        links=[alternates([(twin, JSON)])],
        location=location,
    )


@bp.get("/search.json")
def search_json() -> Response:
    view = search(params.read(request), required=True)
    page_link = alternates([("/search" + query_string(view), HTML)])
    return respond(
        json_body(view), JSON, etag=f"{site().fingerprint}-search-json", links=[page_link]
    )


def search(asked: params.Params, *, required: bool) -> SearchView | None:
    """The search the parameters ask for; None for the empty form (``required``: 400)."""
    query = asked.one("q")
    kinds = tuple(asked.all("kind"))
    limit = asked.number("limit", DEFAULT_LIMIT, lowest=1)
    if query is None or not query.strip():
        if required:
            raise params.BadParameter("Give the words to search for: ?q=…")
        searcher().kinds(kinds or None)  # an unknown kind is still refused
        return None
    results = searcher().search(query, kinds or None, limit)
    return search_view(site(), results, kinds, limit)


def query_string(view: SearchView | None) -> str:
    if view is None:
        return ""
    pairs: list[tuple[str, str]] = [("q", view.query)]
    pairs += [("kind", kind) for kind in view.kinds]
    if view.limit != DEFAULT_LIMIT:
        pairs.append(("limit", str(view.limit)))
    return "?" + urlencode(pairs)


def json_body(view: SearchView | None) -> bytes:
    assert view is not None
    return (json.dumps(view.as_json(site()), ensure_ascii=False, indent=1) + "\n").encode()


def page_body(view: SearchView | None) -> bytes:
    body = render_template(  # no RDF twin: the page lists no formats
        "search/results.html",
        view=view,
        kinds=PAGE_KINDS,
        chosen=set(view.kinds) if view else set(),
        json_href="/search.json" + query_string(view),
        search_query=view.query if view else "",
    )
    return body.encode("utf-8")


@bp.errorhandler(HTTPException)
def error(error: HTTPException) -> Response:
    """``/search.json`` answers errors as JSON unless the client asks otherwise."""
    if request.endpoint == "search.search_json":
        return errors.answer(error, errors.JSON_ERROR_OFFERS, JSON)
    return errors.answer(error)
