"""One handler answering every HTTP error in the client's format, with no traceback.

A crawler that asked for Turtle gets a 404 it can parse (an empty graph with a comment);
a browser gets a page; a script gets JSON; anyone else plain text. Answered through
``afgld.web.answer`` like every other response: negotiated, ``Vary: Accept``. A blueprint whose
clients expect JSON (search as JSON, reconciliation) answers with :data:`JSON_ERROR_OFFERS`.

An IRI an earlier release published and this one retired (:class:`Retired`) is a 410 whose
answer says what replaced it: a ``Link`` header (``dcterms:isReplacedBy``), the successor on the
page, and in RDF the build's own statement of it (``redirects.ttl``) instead of an empty graph.

The search engine's refusals (``afgld.errors``) become HTTP errors here, once: a query it
cannot answer as asked is a 400, a reconciliation batch over its size a 413, a search stopped
at its time limit a 503.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from rdflib.namespace import DCTERMS
from werkzeug.exceptions import (
    BadRequest,
    Gone,
    HTTPException,
    NotFound,
    RequestEntityTooLarge,
    ServiceUnavailable,
)
from werkzeug.wrappers import Response

from afgld.errors import BatchTooLarge, InvalidSearch, SearchTimedOut
from afgld.formats import BY_MEDIA_TYPE, FORMATS, HTML, JSON, TEXT, RdfFormat
from afgld.rdfterms import Quad
from afgld.web.answer import best_for, respond
from afgld.web.rdfout import serialise
from afgld.web.views.site import NoSuchResource

RDF_OFFERS = tuple(f.media_type for f in FORMATS)
ERROR_OFFERS = (HTML, JSON, TEXT, *RDF_OFFERS)
# SPARQL clients that accept anything get plain text; browsers still get the page.
SPARQL_ERROR_OFFERS = (TEXT, JSON, HTML, *RDF_OFFERS)
# Clients of JSON services get JSON unless they ask for something else.
JSON_ERROR_OFFERS = (JSON, TEXT, HTML)
SEARCH_RETRY_AFTER_S = 1


class SearchRefused(BadRequest):
    """The search engine cannot answer the query as asked (400, saying why)."""


class Retired(Gone):
    """410 Gone for a retired IRI or its document (RFC 9110 §15.5.11), with its successor."""

    def __init__(
        self,
        description: str,
        replaced_by: str | None,
        quads: Iterable[Quad],
        prefixes: Mapping[str, str],
    ) -> None:
        super().__init__(description)
        self.replaced_by = replaced_by  # the successor's URL, absolute
        self.quads = list(quads)  # what the build says of the retired IRI
        self.prefixes = dict(prefixes)

    def get_headers(self, environ: Any = None, scope: Any = None) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.replaced_by is not None:
            headers.append(("Link", f'<{self.replaced_by}>; rel="{DCTERMS.isReplacedBy}"'))
        return headers


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, answer)
    app.register_error_handler(NoSuchResource, not_found)
    app.register_error_handler(InvalidSearch, search_error)
    app.register_error_handler(SearchTimedOut, search_error)


def not_found(error: NoSuchResource) -> Response:
    return answer(NotFound(str(error)))


def search_error(error: InvalidSearch | SearchTimedOut) -> ResponseReturnValue:
    """The engine's refusal as the HTTP error it is, answered by the handler the route's
    blueprint chose (JSON for the JSON services)."""
    return current_app.handle_http_exception(http_error(error))


def http_error(error: InvalidSearch | SearchTimedOut) -> HTTPException:
    text = str(error)
    sentence = text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
    if isinstance(error, SearchTimedOut):
        return ServiceUnavailable(sentence, retry_after=SEARCH_RETRY_AFTER_S)
    if isinstance(error, BatchTooLarge):
        return RequestEntityTooLarge(sentence + " Send the queries in smaller batches.")
    return SearchRefused(sentence)


def answer(
    error: HTTPException, offers: Sequence[str] = ERROR_OFFERS, default: str = TEXT
) -> Response:
    """The error in the format the client prefers among ``offers``; ``default`` for a client
    that sends no Accept header."""
    code = error.code or 500
    description = error.description or ""
    best = best_for(request.headers.get("Accept", ""), tuple(offers), default) or default
    rdf = BY_MEDIA_TYPE.get(best)
    replaced_by = error.replaced_by if isinstance(error, Retired) else None
    if best == HTML:
        body = render_template("errors/error.html", error=error, code=code, replaced_by=replaced_by)
    elif best == JSON:
        fields = {"status": code, "error": error.name, "message": description}
        body = html_safe_json(fields | ({"replaced_by": replaced_by} if replaced_by else {}))
    elif rdf is not None and isinstance(error, Retired) and error.quads:
        body = serialise(error.quads, rdf, error.prefixes).decode("utf-8")
    elif rdf is not None:
        body = rdf_body(rdf, code, error.name, description)
    else:
        also = f" Replaced by <{replaced_by}>." if replaced_by else ""
        best, body = TEXT, f"{code} {error.name}: {description}{also}\n"
    extra = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    return respond(
        body.encode("utf-8"),
        best,
        negotiated=True,
        status=code,
        compress=False,
        cache="no-store" if code >= 500 else "public, max-age=60",
        headers=extra,
    )


def html_safe_json(payload: object) -> str:
    """JSON with ``<``, ``>`` and ``&`` escaped, so that a message quoting the request's text is
    inert even if some client renders it as HTML (as Flask's ``htmlsafe_json_dumps`` does)."""
    text = json.dumps(payload)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def rdf_body(fmt: RdfFormat, code: int, name: str, description: str) -> str:
    """An empty graph in the asked format, saying what went wrong where the syntax allows."""
    line = " ".join(f"{code} {name}: {description}".split())
    if fmt.hash_comments:
        return f"# {line}\n"
    if fmt.rdflib_name == "json-ld":
        return json.dumps({"@context": {}, "@graph": [], "error": line}) + "\n"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
        f"<!-- {line.replace('--', '- -')} -->\n"
    )
