"""The dataset description and the downloads.

* ``/.well-known/void``: the VoID + DCAT description the build wrote (RFC 8615 well-known URI,
  https://www.w3.org/TR/void/#well-known), as HTML or any RDF format.
* ``/dumps/``: every file of the build with its media type, size and SHA-256; each file served
  with Content-Length, a strong ETag (its SHA-256), ``Repr-Digest`` (RFC 9530), ranges, and
  gzip when asked. ``?sha256=<hex>`` pins a download to one release: cached as immutable.
* ``/context.jsonld``: the JSON-LD context every JSON-LD response of this server embeds.
* ``/dataset/validation``: the release's own SHACL conformance report.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache

from flask import Blueprint, Response, request
from rdflib import Graph
from werkzeug.exceptions import NotFound

from afgld.formats import BY_MEDIA_TYPE, BY_SUFFIX, HTML, file_media_type
from afgld.web import http
from afgld.web.extension import site
from afgld.web.negotiation import PAGE_OFFERS, negotiate
from afgld.web.rdfout import Quad, context_document, serialise
from afgld.web.resources import _page

bp = Blueprint("catalog", __name__)
IMMUTABLE = "public, max-age=31536000, immutable"
DUMP_CACHE = "public, max-age=3600"
JSONLD_CONTEXT = "application/ld+json"
PRIVATE = ("texts/",)


@bp.get("/.well-known/void")
@bp.get("/.well-known/void.<suffix>")
def void(suffix: str | None = None) -> Response:
    return build_file_document("void.ttl", "/.well-known/void", "catalog/void.html", suffix)


@bp.get("/dataset/validation")
@bp.get("/dataset/validation.<suffix>")
def validation(suffix: str | None = None) -> Response:
    return build_file_document(
        "validation.ttl", "/dataset/validation", "catalog/validation.html", suffix
    )


def build_file_document(name: str, path: str, template: str, suffix: str | None) -> Response:
    """A description the build wrote as Turtle, in the format asked for."""
    s = site()
    if suffix is not None and suffix not in BY_SUFFIX and suffix != "html":
        raise NotFound(f"No format .{suffix}; see the Link header of {path} for those there are.")
    graph = parsed(str(s.store.manifest.path(name)))
    quads: list[Quad] = [(a, b, c, None) for a, b, c in graph]
    negotiated = suffix is None
    if negotiated:
        media = negotiate(PAGE_OFFERS)
    else:
        media = HTML if suffix == "html" else BY_SUFFIX[suffix].media_type
    fmt = BY_MEDIA_TYPE.get(media)
    if fmt is None:
        body = _page(template, path, **catalog_context()).encode("utf-8")
    else:
        body = serialise(quads, fmt, s.prefixes)
    tag = f"{s.fingerprint}-{fmt.suffix if fmt else 'html'}"
    response = http.representation(body, media, etag=tag, negotiated=negotiated)
    response.headers["Link"] = http.alternates((p, m) for p, m, _ in http.format_links(path))
    if negotiated:
        response.headers["Content-Location"] = f"{path}.{fmt.suffix if fmt else 'html'}"
    return response


@lru_cache(maxsize=8)
def parsed(path: str) -> Graph:
    return Graph().parse(path, format="turtle")


def catalog_context() -> dict[str, object]:
    s = site()
    manifest = s.store.manifest
    dumps = []
    for name, entry in sorted(manifest.files.items()):
        if not is_dump(name):
            continue
        dumps.append(
            {
                "name": name,
                "href": f"/dumps/{name}?sha256={entry['sha256']}",
                "title": entry.get("title", name),
                "media_type": entry.get("media_type", "application/octet-stream"),
                "bytes": entry["bytes"],
                "sha256": entry["sha256"],
            }
        )
    return {
        "dumps": dumps,
        "manifest": manifest,
        "graphs": sorted(manifest.data.get("graphs", {}).items()),
    }


@bp.get("/dumps/")
def dumps_index() -> Response:
    s = site()
    body = _page("catalog/dumps.html", "/dumps/", **catalog_context()).encode("utf-8")
    return http.representation(body, HTML, etag=f"{s.fingerprint}-dumps")


@bp.get("/dumps/<path:name>")
def dump(name: str) -> Response:
    s = site()
    entry = s.store.manifest.files.get(name) if is_dump(name) else None
    if entry is None:
        raise NotFound(f"No file {name!r} in this release; the list is at /dumps/.")
    pinned = request.args.get("sha256")
    if pinned is not None and pinned != entry["sha256"]:
        raise NotFound(f"This server holds {name} with SHA-256 {entry['sha256']}, not {pinned}.")
    media = file_media_type(name)
    data = read_file(str(s.store.manifest.path(name)), entry["sha256"])
    response = Response(content_type=media)
    etag = entry["sha256"]
    coded = data
    if http.wants_gzip() and http.compressible(media) and len(data) >= http.MIN_COMPRESS_BYTES:
        coded = compressed(str(s.store.manifest.path(name)), entry["sha256"])
        response.headers["Content-Encoding"] = "gzip"
        etag += "-gz"
    response.set_data(coded)
    response.vary.add("Accept-Encoding")
    response.set_etag(etag)
    digest = base64.b64encode(bytes.fromhex(entry["sha256"])).decode("ascii")
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"
    response.headers["Cache-Control"] = IMMUTABLE if pinned else DUMP_CACHE
    download = name.rsplit("/", 1)[-1]
    response.headers["Content-Disposition"] = f'inline; filename="{download}"'
    return response.make_conditional(request, accept_ranges=True, complete_length=len(coded))


def is_dump(name: str) -> bool:
    """Every file of the build except the article texts, which are the publishers' (shown, with
    their quotes marked, on the article pages only)."""
    return not name.startswith(PRIVATE)


@lru_cache(maxsize=32)
def read_file(path: str, sha256: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


@lru_cache(maxsize=32)
def compressed(path: str, sha256: str) -> bytes:
    return http.gzip_bytes(read_file(path, sha256))


@bp.get("/context.jsonld")
def context() -> Response:
    s = site()
    body = json.dumps(context_document(s.prefixes), indent=1).encode("utf-8") + b"\n"
    return http.representation(body, JSONLD_CONTEXT, etag=f"{s.fingerprint}-context")
