"""SPARQL 1.1 Protocol, query operation: https://www.w3.org/TR/sparql11-protocol/

``/sparql`` answers GET, POST (form or ``application/sparql-query``) and HEAD. A request takes
one path, :func:`endpoint`, in five steps:

1. read it, exactly once and strictly (``afgld.web.sparql_request``);
2. inspect the text before any engine sees it (``afgld.store.guard``: size, nesting, no
   SERVICE, no update);
3. choose the answer's format for the query's form from Accept (``afgld.web.answer``);
4. run it in the store, under a deadline that really stops the work, within the row and byte
   caps (:meth:`afgld.store.Store.run`);
5. answer with the engine's bytes (``afgld.web.answer.respond``); the access log gets the
   query's hash.

Without a query, browsers get the query editor and other clients the service description.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    InternalServerError,
    RequestURITooLarge,
    ServiceUnavailable,
)
from werkzeug.wrappers import Response

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
from afgld.web.answer import PAGE_CACHE, choose, respond
from afgld.web.extension import reconciler, settings, site, store
from afgld.web.headers import EDITOR_POLICY, add_defaults
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
@bp.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def endpoint() -> Response:
    asked = sparql_request.read(request)  # 1
    if asked.query is None:
        return service_description()
    request.environ[sparql_request.QUERY_HASH] = sparql_request.query_hash(asked.query)
    inspection = inspect(asked.query)  # 2
    fmt = result_format(inspection.form, html=request.method in ("GET", "HEAD"))  # 3
    if fmt is None:
        return editor_page(asked.query)
    answer = run(job(asked, inspection, fmt))  # 4
    if inspection.form is None:  # the guard saw no query form, yet the parser accepted it
        raise MalformedQuery("The text is not a SELECT, ASK, CONSTRUCT or DESCRIBE query.")
    cache = PAGE_CACHE if request.method != "POST" else None  # data changes only by release
    return respond(  # 5
        answer.body, fmt.media_type, negotiated=True, cache=cache, compress=False
    )


def inspect(text: str) -> guard.Inspection:
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


def result_format(form: str | None, *, html: bool) -> ResultFormat | None:
    """The format of the answer for a query of ``form``, or None when a browser should get the
    editor. Without a form (the guard saw none), the parser judges the text first."""
    if form is None:
        return SOLUTION_FORMATS[0]
    formats = OFFERS_BY_FORM[form]
    offers = [f.media_type for f in formats]
    offers += [alias for alias, target in RESULT_ALIASES.items() if target in offers]
    if html:
        offers.append(HTML)
    best = choose(offers)
    if best == HTML:
        return None
    wanted = RESULT_ALIASES.get(best, best)
    return next(f for f in formats if f.media_type == wanted)


def job(asked: sparql_request.QueryRequest, inspection: guard.Inspection, fmt: ResultFormat) -> Job:
    config = settings()
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
    """The store's answer, or the HTTP error that says why there is none."""
    config = settings()
    try:
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
