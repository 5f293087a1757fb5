"""The dataset description and the downloads.

* ``/.well-known/void``: the VoID + DCAT description the build wrote (RFC 8615 well-known URI,
  https://www.w3.org/TR/void/#well-known), as HTML or any RDF format.
* ``/dataset/validation``: the release's own SHACL conformance report, likewise.
* ``/dumps/``: every file of the build with its media type, size and SHA-256; each file served
  as ``afgld.web.answer.stored_file`` answers a file: Content-Length, a strong ETag (its
  SHA-256), ``Repr-Digest`` (RFC 9530), ranges, and gzip when asked. ``?sha256=<hex>`` pins
  a download to one release: cached as immutable.
* ``/context.jsonld``: the JSON-LD context every JSON-LD response of this server embeds.
"""

from __future__ import annotations

import json

from flask import Blueprint, request
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from afgld.formats import HTML, file_media_type
from afgld.web.answer import (
    FILE_CACHE,
    IMMUTABLE,
    Document,
    document,
    page,
    respond,
    stored_file,
)
from afgld.web.extension import site
from afgld.web.rdfout import context_document
from afgld.web.views.catalog import catalog_of, described, is_dump

bp = Blueprint("catalog", __name__)
JSONLD_CONTEXT = "application/ld+json"


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
    cache = IMMUTABLE if pinned else FILE_CACHE
    path, size = str(manifest.path(name)), int(entry["bytes"])
    return stored_file(path, sha256, size, file_media_type(name), cache)


@bp.get("/context.jsonld")
def context() -> Response:
    s = site()
    body = json.dumps(context_document(s.prefixes), indent=1).encode("utf-8") + b"\n"
    return respond(body, JSONLD_CONTEXT, etag=f"{s.fingerprint}-context")
