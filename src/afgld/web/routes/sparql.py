"""SPARQL 1.1 Protocol, query operation: https://www.w3.org/TR/sparql11-protocol/

``/sparql`` answers GET, POST (form or ``application/sparql-query``) and HEAD. A request takes
one path in five steps:

1. read it, exactly once and strictly (``afgld.web.sparql_request``);
2. inspect the text before any engine sees it (``afgld.store.guard``: size, nesting, no
   SERVICE, no update);
3. choose the answer's format for the query's form from Accept (``afgld.web.answer``);
4. run it in the store, under a deadline that really stops the work, within the row and byte
   caps (:meth:`afgld.store.Store.run`);
5. answer with the engine's bytes and :func:`answer_headers`; the access log gets the query's
   hash.

Steps 1–3 are :func:`plan`, and 5 is :func:`answer_headers`: neither needs Flask. In production
the serving layer takes this path itself for a query that is answered (``afgld.serving.sparql``:
:func:`plan`, then ``Store.run_async`` on granian's event loop, then :func:`answer_headers`) and
hands everything else to :func:`endpoint` — with the store's outcome (:data:`OUTCOME`) when the
query ran, so that it never runs twice. :func:`endpoint` is the same path under Flask; it
answers the rest: the service description, the editor, and every error in the client's format.
"""

from __future__ import annotations

import functools
from collections.abc import MutableMapping
from typing import Any, NamedTuple

from flask import Blueprint, render_template, request, url_for
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    InternalServerError,
    RequestURITooLarge,
    ServiceUnavailable,
)
from werkzeug.wrappers import Response

from afgld.config import Settings
from afgld.cookbook import recipes, with_prefixes
from afgld.formats import (
    BOOLEAN_FORMATS,
    BY_MEDIA_TYPE,
    GRAPH_FORMATS,
    HTML,
    RESULT_ALIASES,
    SOLUTION_FORMATS,
    ResultFormat,
)
from afgld.rdfterms import Quad, triples_of
from afgld.store import Answer, Job, PoolError, guard
from afgld.web import errors, sparql_request
from afgld.web.answer import (
    PAGE_CACHE,
    NoAcceptableVariant,
    best_for,
    choose,
    content_type,
    respond,
)
from afgld.web.extension import reconciler, settings, site, store
from afgld.web.headers import COMMON_HEADERS, EDITOR_POLICY, add_defaults
from afgld.web.query_errors import explain
from afgld.web.rdfout import serialise
from afgld.web.views.service_description import describe

bp = Blueprint("sparql", __name__)

OFFERS_BY_FORM: dict[str, tuple[ResultFormat, ...]] = {
    "SELECT": SOLUTION_FORMATS,
    "ASK": BOOLEAN_FORMATS,
    "CONSTRUCT": GRAPH_FORMATS,
    "DESCRIBE": GRAPH_FORMATS,
}
EDITOR_SETTINGS = ("QUERY_TIMEOUT_S", "MAX_RESULT_ROWS")
CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept, Content-Type"),
    ("Access-Control-Expose-Headers", "Retry-After, Content-Length"),
    ("Access-Control-Max-Age", "86400"),
)
# Where the serving layer leaves the store's outcome of a query it ran: (job, Answer or
# PoolError), in the request's WSGI environ.
OUTCOME = "afgld.sparql_outcome"


class MalformedQuery(BadRequest):
    """The query parser rejected the text (400, with the parser's message)."""


class QueryNotEvaluated(BadRequest):
    """The engine parsed the query but cannot evaluate it, e.g. it calls an unknown function
    (400, with the engine's message)."""


class QueryRefused(BadRequest):
    """The guard refused the query: SERVICE, update, too deep (400)."""


class ResultTooLarge(BadRequest):
    """The result is over MAX_RESULT_ROWS or MAX_RESULT_BYTES: refused, never cut short."""

    name = "Result Too Large"


# -- the one path of a request --------------------------------------------------------------
class Plan(NamedTuple):
    """What steps 1–3 decided about a request."""

    query: str | None  # None: the request holds no query (the service description)
    job: Job | None  # None: there is nothing to run (no query, or a browser gets the editor)
    fmt: ResultFormat | None  # the answer's format, when there is a job
    form: str | None  # the query form the guard read (None: it saw none)


@bp.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def endpoint() -> Response:
    planned = plan(sparql_request.incoming(request), settings(), request.environ)  # 1–3
    if planned.query is None:
        return service_description()
    if planned.job is None or planned.fmt is None:
        return editor_page(planned.query)
    answer = run(planned.job)  # 4
    if planned.form is None:  # the guard saw no query form, yet the parser accepted it
        raise MalformedQuery("The text is not a SELECT, ASK, CONSTRUCT or DESCRIBE query.")
    headers = answer_headers(planned.fmt, request.method, len(answer.body))  # 5
    return Response(answer.body, headers=headers)


def plan(
    incoming: sparql_request.Incoming, config: Settings, notes: MutableMapping[str, Any]
) -> Plan:
    """Steps 1–3, without Flask: read the request, inspect its query, choose the answer's
    format; or raise the HTTP error that refuses it. The query's hash goes into ``notes``
    (the request's environ, which the access log reads) as soon as the query is read."""
    asked = sparql_request.read(incoming)  # 1
    if asked.query is None:
        return Plan(None, None, None, None)
    notes[sparql_request.QUERY_HASH] = sparql_request.query_hash(asked.query)
    inspection = inspect(asked.query, incoming.method, config)  # 2
    html = incoming.method in ("GET", "HEAD")
    fmt = result_format(inspection.form, incoming.accept, html=html)  # 3
    if fmt is None:
        return Plan(asked.query, None, None, inspection.form)
    return Plan(asked.query, job(asked, inspection, fmt, config), fmt, inspection.form)


def answer_headers(fmt: ResultFormat, method: str, length: int) -> list[tuple[str, str]]:
    """Step 5: the headers of an answer. Its type, ``Vary: Accept`` (the format is always
    negotiated), its length, ``Cache-Control`` for GET and HEAD (the data changes only with a
    release), then the CORS and common headers the app's hooks add to every response (here
    already, so that they add nothing, and the serving layer sends the same)."""
    before, after = _answer_headers(fmt, method != "POST")
    return [*before, ("Content-Length", str(length)), *after]


@functools.cache
def _answer_headers(
    fmt: ResultFormat, cached: bool
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The headers before and after ``Content-Length``, made once per format."""
    before = (("Content-Type", content_type(fmt.media_type)), ("Vary", "Accept"))
    after = [("Cache-Control", PAGE_CACHE)] if cached else []
    after += CORS_HEADERS
    present = {name.lower() for name, _ in (*before, *after)}
    after += [(name, value) for name, value in COMMON_HEADERS if name.lower() not in present]
    return before, tuple(after)


def inspect(text: str, method: str, config: Settings) -> guard.Inspection:
    limits = guard.Limits(config.max_query_bytes, config.max_query_nesting)
    try:
        return guard.inspect(text, limits)
    except guard.QueryRefused as refusal:
        if refusal.reason == "size" and method in ("GET", "HEAD"):
            raise RequestURITooLarge(f"{refusal} POST long queries instead.") from None
        if refusal.reason == "update":
            raise sparql_request.UpdateRefused() from None
        raise QueryRefused(str(refusal)) from None


def result_format(form: str | None, accept: str, *, html: bool) -> ResultFormat | None:
    """The format of the answer for a query of ``form``, for a request's Accept header, or None
    when a browser should get the editor; 406 when nothing offered is acceptable. Without a
    form (the guard saw none), the parser judges the text first."""
    if form is None:
        return SOLUTION_FORMATS[0]
    offers = offers_for(form, html)
    best = best_for(accept, offers, offers[0])
    if best is None:
        raise NoAcceptableVariant(offers)
    if best == HTML:
        return None
    wanted = RESULT_ALIASES.get(best, best)
    return next(f for f in OFFERS_BY_FORM[form] if f.media_type == wanted)


@functools.cache
def offers_for(form: str, html: bool) -> tuple[str, ...]:
    """The media types an answer to a query of ``form`` is offered in, aliases included, and
    HTML (the editor) for a GET or HEAD."""
    offers = [f.media_type for f in OFFERS_BY_FORM[form]]
    offers += [alias for alias, target in RESULT_ALIASES.items() if target in offers]
    return (*offers, HTML) if html else tuple(offers)


def job(
    asked: sparql_request.QueryRequest,
    inspection: guard.Inspection,
    fmt: ResultFormat,
    config: Settings,
) -> Job:
    assert asked.query is not None
    return Job(
        query=asked.query,
        format_name=fmt.oxigraph_name,
        default_graphs=asked.default_graphs,
        named_graphs=asked.named_graphs,
        query_has_dataset=inspection.has_dataset_clause,
        max_rows=config.max_result_rows,
        max_bytes=config.max_result_bytes,
    )


def run(job: Job) -> Answer:
    """The store's answer, or the HTTP error that says why there is none. When the serving
    layer ran the job already, its outcome is taken, not run again."""
    config = settings()
    given = request.environ.pop(OUTCOME, None)
    try:
        if given is not None and given[0] == job:
            answer = outcome(given[1])
        else:
            answer = store().run(job, config.query_timeout_s)
    except PoolError as error:
        raise ServiceUnavailable(str(error), retry_after=error.retry_after) from None
    if answer.status == "syntax":
        reason = explain(answer.message, job.query, site().prefixes)
        raise MalformedQuery(f"The query is not valid SPARQL 1.1: {reason}")
    if answer.status == "query":  # parsed, but the engine cannot evaluate it: the user's mistake
        raise QueryNotEvaluated(f"The query cannot be evaluated: {answer.message}")
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


def outcome(given: Answer | PoolError) -> Answer:
    if isinstance(given, PoolError):
        raise given
    return given


# -- without a query ------------------------------------------------------------------------
def service_description() -> Response:
    """The SPARQL 1.1 Service Description, or the editor for a browser."""
    best = choose([*(f.media_type for f in GRAPH_FORMATS), HTML])
    if best == HTML:
        return editor_page(None)
    s = site()
    graph = describe(s.space, s.store.manifest, settings())
    quads: list[Quad] = [(a, b, c, None) for a, b, c in triples_of(graph)]
    body = serialise(quads, BY_MEDIA_TYPE[best], s.prefixes)
    return respond(body, best, negotiated=True)


def editor_page(query: str | None) -> Response:
    s, config = site(), settings().as_mapping()
    examples = [
        {"name": r.name, "title": r.title, "query": with_prefixes(r.text, s.prefixes)}
        for r in recipes()
    ]
    body = render_template(
        "sparql/editor.html",
        endpoint=url_for("sparql.endpoint"),
        prefixes=s.prefixes,
        examples=examples,
        query=query,
        settings={name: config[name] for name in EDITOR_SETTINGS},
        # the look-up by name: the reconciliation service's entity suggest, whose ids are
        # IRIs under <base>id/
        lookup={"suggest": url_for("reconcile.suggest_entity"), "space": reconciler().space},
    )
    return respond(
        body.encode("utf-8"),
        HTML,
        negotiated=True,
        headers={"Content-Security-Policy": EDITOR_POLICY},
    )


@bp.route("/sparql", methods=["OPTIONS"], endpoint="preflight")
def preflight() -> Response:
    return Response(status=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})


@bp.errorhandler(HTTPException)
def error(error: HTTPException) -> Response:
    return errors.answer(error, errors.SPARQL_ERROR_OFFERS)


@bp.after_request
def cors(response: Response) -> Response:
    add_defaults(response, CORS_HEADERS)
    return response
