"""One handler answering every HTTP error in the client's format, with no traceback.

A crawler that asked for Turtle gets a 404 it can parse (an empty graph with a comment);
a browser gets a page; a script gets JSON; anyone else plain text.
"""

from __future__ import annotations

import json

from flask import Response, render_template, request
from werkzeug.exceptions import HTTPException

from afgld.formats import BY_MEDIA_TYPE, FORMATS, HTML, JSON, TEXT, RdfFormat

ERROR_OFFERS = (HTML, JSON, TEXT, *(f.media_type for f in FORMATS))


def answer(error: HTTPException) -> Response:
    code = error.code or 500
    description = error.description or ""
    accept = request.accept_mimetypes
    best = accept.best_match(ERROR_OFFERS) if request.headers.get("Accept") else TEXT
    rdf = BY_MEDIA_TYPE.get(best) if best else None
    if best == HTML:
        body = render_template("errors/error.html", error=error, code=code)
        response = Response(body, status=code, mimetype=HTML)
    elif best == JSON:
        payload = {"status": code, "error": error.name, "message": description}
        response = Response(html_safe_json(payload), status=code, mimetype=JSON)
    elif rdf is not None:
        response = Response(rdf_body(rdf, code, error.name, description), status=code)
        response.content_type = f"{rdf.media_type}; charset=utf-8"
    else:
        response = Response(f"{code} {error.name}: {description}\n", status=code, mimetype=TEXT)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    response.vary.add("Accept")
    response.headers.setdefault(
        "Cache-Control", "no-store" if code >= 500 else "public, max-age=60"
    )
    return response


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
