"""One handler answering every HTTP error in the client's format, with no traceback."""

from __future__ import annotations

from flask import Response, render_template, request
from werkzeug.exceptions import HTTPException

from afgld.formats import HTML, JSON, TEXT


def answer(error: HTTPException) -> Response:
    code = error.code or 500
    description = error.description or ""
    accept = request.accept_mimetypes
    best = accept.best_match([HTML, JSON, TEXT]) if accept else TEXT
    if best == HTML and accept.accept_html:
        body = render_template("errors/error.html", error=error, code=code)
        response = Response(body, status=code, mimetype=HTML)
    elif best == JSON:
        import json

        payload = {"status": code, "error": error.name, "message": description}
        response = Response(json.dumps(payload), status=code, mimetype=JSON)
    else:
        response = Response(f"{code} {error.name}: {description}\n", status=code, mimetype=TEXT)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response
