"""Content negotiation on werkzeug's MIMEAccept: q-values, wildcards, specificity.

https://www.rfc-editor.org/rfc/rfc9110#name-accept
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Response, request
from werkzeug.exceptions import NotAcceptable

from afgld.formats import FORMATS, HTML

PAGE_OFFERS: tuple[str, ...] = (HTML, *(f.media_type for f in FORMATS))


class NoAcceptableVariant(NotAcceptable):
    """406, listing the media types the resource is available in."""

    def __init__(self, offers: Sequence[str]) -> None:
        self.offers = tuple(offers)
        listed = ", ".join(self.offers)
        super().__init__(f"This resource is available as: {listed}.")


def negotiate(offers: Sequence[str] = PAGE_OFFERS, default: str | None = None) -> str:
    """The best of ``offers`` for this request's Accept header, or 406.

    With no Accept header at all, ``default`` (or the first offer) is chosen.
    """
    accept = request.accept_mimetypes
    if not request.headers.get("Accept", "").strip():
        return default or offers[0]
    best = accept.best_match(offers)
    if best is None:
        raise NoAcceptableVariant(offers)
    return best


# Content Security Policy (https://www.w3.org/TR/CSP3/): scripts, styles, images and fetches from
# this origin only; no inline script, no plugins, no framing, no <base> rewriting. The query
# editor's page alone widens style-src with 'unsafe-inline' (EDITOR_POLICY): the vendored YASGUI
# sets style attributes and injects <style> elements at run time (CodeMirror's measurements,
# column widths), which the browser otherwise refuses; scripts stay 'self' there too.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
EDITOR_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self';", "style-src 'self' 'unsafe-inline';"
)
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
    """CORS for read-only use from any origin, without credentials (Fetch standard, §3.2),
    and the security headers, on every response that does not set its own."""
    add_defaults(response, COMMON_HEADERS)
    if request.method == "OPTIONS":
        add_defaults(response, PREFLIGHT_HEADERS)
    return response
