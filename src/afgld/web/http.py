"""HTTP around every representation: validators, caching, compression, alternates.

* ETag (RFC 9110 §8.8.3): strong, from the release's content hash, the page code and the
  variant (format, coding), so a new build or a new page template changes it; 304 on a match.
* Cache-Control (RFC 9111 §5.2): pages and documents briefly, dumps by content hash.
* gzip (RFC 9110 §8.4.1) when the client accepts it and the body is worth compressing.
* ``Link: <…>; rel="alternate"; type="…"`` (RFC 8288) for every format of a document.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable

from flask import Response, request

from afgld.formats import FORMATS, HTML

PAGE_CACHE = "public, max-age=300"
COMPRESSIBLE = (
    "text/",
    "application/ld+json",
    "application/json",
    "application/rdf+xml",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/sparql-results",
    "image/svg+xml",
)
MIN_COMPRESS_BYTES = 1024


def wants_gzip() -> bool:
    return request.accept_encodings.quality("gzip") > 0


def compressible(media_type: str) -> bool:
    return media_type.startswith(COMPRESSIBLE)


def gzip_bytes(body: bytes) -> bytes:
    """Deterministic gzip (no timestamp), so the same body gives the same bytes and ETag."""
    return gzip.compress(body, compresslevel=6, mtime=0)


def representation(
    body: bytes,
    media_type: str,
    *,
    etag: str,
    cache: str = PAGE_CACHE,
    negotiated: bool = False,
    status: int = 200,
) -> Response:
    """A response with a strong ETag, caching headers, optional gzip, and 304 when fresh."""
    charset = "; charset=utf-8" if _is_text(media_type) else ""
    response = Response(status=status, content_type=media_type + charset)
    coded = body
    if wants_gzip() and compressible(media_type) and len(body) >= MIN_COMPRESS_BYTES:
        coded = gzip_bytes(body)
        response.headers["Content-Encoding"] = "gzip"
        etag += "-gz"
    response.vary.add("Accept-Encoding")
    if negotiated:
        response.vary.add("Accept")
    response.set_data(coded)
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache
    return response.make_conditional(request)


def _is_text(media_type: str) -> bool:
    """UTF-8 text, which gets a charset parameter: every compressible type but SVG images and
    SPARQL results (whose media types fix UTF-8 themselves)."""
    return media_type.startswith(COMPRESSIBLE) and not media_type.startswith(
        ("image/", "application/sparql-results")
    )


def alternates(paths: Iterable[tuple[str, str]]) -> str:
    """A ``Link`` header value from (path, media type) pairs."""
    return ", ".join(f'<{path}>; rel="alternate"; type="{media}"' for path, media in paths)


def format_links(path: str) -> list[tuple[str, str, str]]:
    """(suffix URL, media type, label) of every representation of the document at ``path``."""
    links = [(f"{path}.html", HTML, "HTML")]
    links += [(f"{path}.{f.suffix}", f.media_type, f.label) for f in FORMATS]
    return links
