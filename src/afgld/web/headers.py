"""Headers every response carries unless it sets its own: CORS for read-only use from any
origin, without credentials (Fetch standard, §3.2), and the security headers.

Content Security Policy (https://www.w3.org/TR/CSP3/): scripts, styles, images and fetches from
this origin only; no inline script, no plugins, no framing, no ``<base>`` rewriting. The query
editor's page alone widens style-src with 'unsafe-inline' (:data:`EDITOR_POLICY`): the vendored
YASGUI sets style attributes and injects ``<style>`` elements at run time (CodeMirror's
measurements, column widths), which the browser otherwise refuses; scripts stay 'self' there too.

Framing: no page may be framed by another site (``frame-ancestors 'none'``, and
``X-Frame-Options: DENY`` for older browsers), but for the reconciliation service's preview
(:data:`PREVIEW_POLICY`), which its clients show in an ``<iframe>`` by design (Reconciliation
Service API 0.2, § Preview Service): it allows any ancestor, and a response whose policy allows
framing gets no ``X-Frame-Options``. The preview holds no form and no script, and sets no cookie.
"""

from __future__ import annotations

from flask import request
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
EDITOR_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self';", "style-src 'self' 'unsafe-inline';"
)
PREVIEW_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
NO_FRAMING = "frame-ancestors 'none'"
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
EXPOSED = "Content-Location, Content-Length, ETag, Link, Location, Repr-Digest, Vary"


COMMON_HEADERS: tuple[tuple[str, str], ...] = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", EXPOSED),
    ("X-Content-Type-Options", "nosniff"),
    *SECURITY_HEADERS.items(),
)
FRAMEABLE_HEADERS = tuple(item for item in COMMON_HEADERS if item[0] != "X-Frame-Options")
PREFLIGHT_HEADERS: tuple[tuple[str, str], ...] = (
    ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept, Content-Type, If-None-Match, Range"),
    ("Access-Control-Max-Age", "86400"),
)


def add_defaults(response: Response, defaults: tuple[tuple[str, str], ...]) -> None:
    """Add each header the response does not set itself (one pass, not one scan a header)."""
    present = {name.lower() for name in response.headers.keys()}
    for name, value in defaults:
        if name.lower() not in present:
            response.headers.add(name, value)


def add_common_headers(response: Response) -> Response:
    """The common headers, on every response that does not set its own (``after_request``);
    no ``X-Frame-Options`` where the response's own policy allows framing."""
    policy = response.headers.get("Content-Security-Policy", NO_FRAMING)
    add_defaults(response, COMMON_HEADERS if NO_FRAMING in policy else FRAMEABLE_HEADERS)
    if request.method == "OPTIONS":
        add_defaults(response, PREFLIGHT_HEADERS)
    return response
