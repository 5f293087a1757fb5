"""SPARQL 1.1 Protocol, query operation: https://www.w3.org/TR/sparql11-protocol/

``/sparql`` answers GET, POST (form or ``application/sparql-query``) and HEAD. Each query is
inspected by ``afgld.store.guard`` (size, nesting, no SERVICE, no update), then run by a query
process of ``afgld.store.pool`` under a hard deadline; the result comes back serialised, in the
format negotiated from Accept for the query's form. Without a query, browsers get the query
editor and other clients the service description.
"""

from __future__ import annotations

import functools

from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    InternalServerError,
    RequestURITooLarge,
    ServiceUnavailable,
)
from werkzeug.http import parse_accept_header

from afgld.cookbook import recipes, with_prefixes
from afgld.formats import (
    BOOLEAN_FORMATS,
    BY_MEDIA_TYPE,
    GRAPH_FORMATS,
    HTML,
    JSON,
    RESULT_ALIASES,
    SOLUTION_FORMATS,
    TEXT,
    ResultFormat,
)
from afgld.store import Answer, Job, guard
from afgld.store.pool import PoolError, QueryTimedOut
from afgld.web import errors, sparql_request
from afgld.web.accesslog import QUERY_HASH, query_hash
from afgld.web.extension import settings, site, store
from afgld.web.http import PAGE_CACHE
from afgld.web.negotiation import EDITOR_POLICY, NoAcceptableVariant, add_defaults
from afgld.web.service_description import describe

bp = Blueprint("sparql", __name__)

OFFERS_BY_FORM: dict[str, tuple[ResultFormat, ...]] = {
    "SELECT": SOLUTION_FORMATS,
    "ASK": BOOLEAN_FORMATS,
    "CONSTRUCT": GRAPH_FORMATS,
    "DESCRIBE": GRAPH_FORMATS,
}
SD_FORMATS = {f.media_type: f for f in GRAPH_FORMATS}
EDITOR_SETTINGS = ("QUERY_TIMEOUT_S", "MAX_RESULT_ROWS")
CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
    ("Access-Control-Expose-Headers", "Retry-After, Content-Length"),
    ("Access-Control-Max-Age", "86400"),
)


class MalformedQuery(BadRequest):
    """The query parser rejected the text (400, with the parser's message)."""


class QueryRefused(BadRequest):
    """The guard refused the query: SERVICE, update, too deep (400)."""


class ResultTooLarge(BadRequest):
    """The result is over MAX_RESULT_ROWS or MAX_RESULT_BYTES: refused, never cut short."""

    name = "Result Too Large"


def _best(offers: list[str]) -> str | None:
    return _best_for(request.headers.get("Accept", ""), tuple(offers))


@functools.lru_cache(maxsize=512)
def _best_for(accept: str, offers: tuple[str, ...]) -> str | None:
    """werkzeug's choice for this Accept header, remembered: clients send a handful of them."""
    if not accept.strip():
        return offers[0]
    return parse_accept_header(accept, MIMEAccept).best_match(offers)


def _negotiate(form: str, html: bool) -> tuple[ResultFormat | None, list[str]]:
    formats = OFFERS_BY_FORM[form]
    offers = [f.media_type for f in formats]
    offers += [alias for alias, target in RESULT_ALIASES.items() if target in offers]
    if html:
        offers.append(HTML)
    best = _best(offers)
    if best is None:
        raise NoAcceptableVariant(offers)
    if best == HTML:
        return None, offers
    wanted = RESULT_ALIASES.get(best, best)
    return next(f for f in formats if f.media_type == wanted), offers


def _inspect(text: str) -> guard.Inspection:
    config = settings()
    limits = guard.Limits(config.max_query_bytes, config.max_query_nesting)
    try:
        return guard.inspect(text, limits)
    except guard.QueryRefused as refusal:
        if refusal.reason == "size" and request.method in ("GET", "HEAD"):
            raise RequestURITooLarge(f"{refusal} POST long queries instead.") from None
        if refusal.reason == "update":
            raise sparql_request.UpdateRefused() from None
        raise QueryRefused(str(refusal)) from None


def _run(job: Job) -> Answer:
    config = settings()
    try:
        answer = store().run(job, config.query_timeout_s)
    except PoolError as error:
        retry = error.retry_after if isinstance(error, QueryTimedOut) else 1
        raise ServiceUnavailable(str(error), retry_after=retry) from None
    if answer.status == "syntax":
        raise MalformedQuery(f"The query is not valid SPARQL 1.1: {answer.message}")
    if answer.status == "rows":
        noun = "triples" if answer.kind == "triples" else "rows"
        raise ResultTooLarge(
            f"The result has more than {config.max_result_rows} {noun} (MAX_RESULT_ROWS). "
            "Add LIMIT and OFFSET to page through it, or download the dumps."
        )
    if answer.status == "bytes":
        raise ResultTooLarge(
            f"The result takes more than {config.max_result_bytes} bytes (MAX_RESULT_BYTES). "
            "Select fewer or shorter values, or download the dumps."
        )
    if answer.status == "error":  # the engine failed: not the query's fault as far as we know
        raise InternalServerError(f"The query engine failed: {answer.message}")
    return answer


def _answer_query(parsed: sparql_request.QueryRequest) -> Response:
    assert parsed.query is not None
    request.environ[QUERY_HASH] = query_hash(parsed.query)
    inspection = _inspect(parsed.query)
    fmt = None
    if inspection.form is not None:
        fmt, offers = _negotiate(inspection.form, html=request.method in ("GET", "HEAD"))
        if fmt is None:
            return _editor_page(parsed.query)
    config = settings()
    job = Job(
        query=parsed.query,
        format_name=(fmt or SOLUTION_FORMATS[0]).oxigraph_name,
        default_graphs=parsed.default_graphs,
        named_graphs=parsed.named_graphs,
        query_has_dataset=inspection.has_dataset_clause,
        max_rows=config.max_result_rows,
        max_bytes=config.max_result_bytes,
    )
    answer = _run(job)
    if fmt is None:  # the guard saw no query form, yet the parser accepted the text
        raise MalformedQuery("The text is not a SELECT, ASK, CONSTRUCT or DESCRIBE query.")
    response = Response(answer.body, mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    if request.method != "POST":  # the data changes only with a new release: caches may keep it
        response.headers["Cache-Control"] = PAGE_CACHE
    return response


def _service_description() -> Response:
    offers = [*SD_FORMATS, HTML]
    best = _best(offers)
    if best is None:
        raise NoAcceptableVariant(offers)
    if best == HTML:
        return _editor_page(None)
    graph = describe(site().space, store().manifest, settings())
    fmt = SD_FORMATS[best]
    body = graph.serialize(format=BY_MEDIA_TYPE[fmt.media_type].rdflib_name)
    response = Response(body, mimetype=fmt.media_type)
    response.vary.add("Accept")
    response.headers["Cache-Control"] = PAGE_CACHE
    return response


def _editor_page(query: str | None) -> Response:
    config = settings()
    prefixes = site().prefixes
    examples = [
        {"name": r.name, "title": r.title, "query": with_prefixes(r.text, prefixes)}
        for r in recipes()
    ]
    body = render_template(
        "sparql/editor.html",
        endpoint=url_for("sparql.endpoint"),
        prefixes=prefixes,
        examples=examples,
        query=query,
        settings={name: config.as_mapping()[name] for name in EDITOR_SETTINGS},
    )
    response = Response(body, mimetype=HTML)
    response.vary.add("Accept")
    response.headers["Content-Security-Policy"] = EDITOR_POLICY
    response.headers["Cache-Control"] = PAGE_CACHE
    return response


@bp.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def endpoint() -> Response:
    parsed = sparql_request.read(request)
    if parsed.query is None:
        return _service_description()
    return _answer_query(parsed)


@bp.route("/sparql", methods=["OPTIONS"], endpoint="preflight")
def preflight() -> Response:
    return Response(status=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})


@bp.errorhandler(HTTPException)
def error(error: HTTPException) -> Response:
    """SPARQL clients that accept anything get the error as plain text; browsers get the page."""
    if _best_for(request.headers.get("Accept", ""), (TEXT, JSON, HTML)) != TEXT:
        return errors.answer(error)
    code = error.code or 500
    response = Response(f"{code} {error.name}: {error.description}\n", status=code, mimetype=TEXT)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    response.vary.add("Accept")
    response.headers["Cache-Control"] = "no-store" if code >= 500 else "public, max-age=60"
    return response


@bp.after_request
def cors(response: Response) -> Response:
    add_defaults(response, CORS_HEADERS)
    return response
