"""The dataset description and the downloads.

* ``/.well-known/void``: the VoID + DCAT description the build wrote (RFC 8615 well-known URI,
  https://www.w3.org/TR/void/#well-known), as HTML or any RDF format.
* ``/dataset/validation``: the release's own SHACL conformance report, likewise.
* ``/dumps/``: every file of the build with its media type, size and SHA-256; each file served
  with Content-Length, a strong ETag (its SHA-256), ``Repr-Digest`` (RFC 9530), ranges, and
  gzip when asked (files up to ``GZIP_MAX_BYTES``, kept compressed in memory; larger ones are
  streamed from disk as they are). ``?sha256=<hex>`` pins a download to one release: cached as
  immutable.
* ``/context.jsonld``: the JSON-LD context every JSON-LD response of this server embeds.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache

from flask import Blueprint, request, send_file
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from afgld.formats import HTML, file_media_type
from afgld.web.answer import (
    MIN_COMPRESS_BYTES,
    Document,
    compressible,
    document,
    gzip_bytes,
    page,
    respond,
    wants_gzip,
)
from afgld.web.extension import site
from afgld.web.rdfout import context_document
from afgld.web.views.catalog import catalog_of, described, is_dump

bp = Blueprint("catalog", __name__)
IMMUTABLE = "public, max-age=31536000, immutable"
DUMP_CACHE = "public, max-age=3600"
JSONLD_CONTEXT = "application/ld+json"
GZIP_MAX_BYTES = 4_000_000


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
    catalog = catalog_of(s.store.manifest)
    return document(
        Document(
            path,
            lambda: described(s.store.manifest, name),
            lambda: page(
                template,
                path,
                dumps=catalog.dumps,
                manifest=catalog.manifest,
                graphs=catalog.graphs,
            ),
            s.fingerprint,
            s.prefixes,
        ),
        suffix,
    )


@bp.get("/dumps/")
def dumps_index() -> Response:
    s = site()
    catalog = catalog_of(s.store.manifest)
    body = page(
        "catalog/dumps.html",
        "/dumps/",
        dumps=catalog.dumps,
        manifest=catalog.manifest,
        graphs=catalog.graphs,
    )
    return respond(body.encode("utf-8"), HTML, etag=f"{s.fingerprint}-dumps")


@bp.get("/dumps/<path:name>")
def dump(name: str) -> Response:
    manifest = site().store.manifest
    entry = manifest.files.get(name) if is_dump(name) else None
    if entry is None:
        raise NotFound(f"No file {name!r} in this release; the list is at /dumps/.")
    sha256 = str(entry["sha256"])
    pinned = request.args.get("sha256")
    if pinned is not None and pinned != sha256:
        raise NotFound(f"This server holds {name} with SHA-256 {sha256}, not {pinned}.")
    media, path = file_media_type(name), str(manifest.path(name))
    response: Response
    if int(entry["bytes"]) > GZIP_MAX_BYTES:  # streamed from disk, never held in memory
        response = send_file(path, mimetype=media, etag=sha256, conditional=True)
    else:
        etag, coded = sha256, read_file(path, sha256)
        whole = Response(content_type=media)
        if wants_gzip() and compressible(media) and len(coded) >= MIN_COMPRESS_BYTES:
            coded, etag = compressed(path, sha256), sha256 + "-gz"
            whole.headers["Content-Encoding"] = "gzip"
        whole.set_data(coded)
        whole.set_etag(etag)
        response = whole.make_conditional(request, accept_ranges=True, complete_length=len(coded))
    response.vary.add("Accept-Encoding")
    digest = base64.b64encode(bytes.fromhex(sha256)).decode("ascii")
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"
    response.headers["Cache-Control"] = IMMUTABLE if pinned else DUMP_CACHE
    download = name.rsplit("/", 1)[-1]
    response.headers["Content-Disposition"] = f'inline; filename="{download}"'
    return response


@lru_cache(maxsize=16)
def read_file(path: str, sha256: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


@lru_cache(maxsize=16)
def compressed(path: str, sha256: str) -> bytes:
    return gzip_bytes(read_file(path, sha256))


@bp.get("/context.jsonld")
def context() -> Response:
    s = site()
    body = json.dumps(context_document(s.prefixes), indent=1).encode("utf-8") + b"\n"
    return respond(body, JSONLD_CONTEXT, etag=f"{s.fingerprint}-context")
