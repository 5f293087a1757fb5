"""One handler answering every HTTP error in the client's format, with no traceback.

A crawler that asked for Turtle gets a 404 it can parse (an empty graph with a comment);
a browser gets a page; a script gets JSON; anyone else plain text. Answered through
``afgld.web.answer`` like every other response: negotiated, ``Vary: Accept``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response

from afgld.formats import BY_MEDIA_TYPE, FORMATS, HTML, JSON, TEXT, RdfFormat
from afgld.web.answer import best_for, respond
from afgld.web.views.site import NoSuchResource

RDF_OFFERS = tuple(f.media_type for f in FORMATS)
ERROR_OFFERS = (HTML, JSON, TEXT, *RDF_OFFERS)
# SPARQL clients that accept anything get plain text; browsers still get the page.
SPARQL_ERROR_OFFERS = (TEXT, JSON, HTML, *RDF_OFFERS)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, answer)
    app.register_error_handler(NoSuchResource, not_found)


def not_found(error: NoSuchResource) -> Response:
    return answer(NotFound(str(error)))


def answer(error: HTTPException, offers: Sequence[str] = ERROR_OFFERS) -> Response:
    code = error.code or 500
    description = error.description or ""
    best = best_for(request.headers.get("Accept", ""), tuple(offers), TEXT) or TEXT
    rdf = BY_MEDIA_TYPE.get(best)
    if best == HTML:
        body = render_template("errors/error.html", error=error, code=code)
    elif best == JSON:
        body = html_safe_json({"status": code, "error": error.name, "message": description})
    elif rdf is not None:
        body = rdf_body(rdf, code, error.name, description)
    else:
        best, body = TEXT, f"{code} {error.name}: {description}\n"
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
