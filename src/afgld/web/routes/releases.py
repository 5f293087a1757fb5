"""Every release of the dataset, named, dated and archived (W3C Data on the Web Best Practices 7
and 8: version indicator, version history, https://www.w3.org/TR/dwbp/#dataVersioning).

* ``/releases/``: every release with its date, summary, previous release, files (size, SHA-256,
  media type) and counts of what changed, as HTML or, at ``/releases.<suffix>`` or by
  ``Accept``, the releases' part of the dataset description in any RDF format.
* ``/releases/<version>``: a release's IRI (a version of the dataset): ``303 See Other`` to the
  page that describes it.
* ``/releases/<version>/<name>``: the files the release index lists, and no other path, answered
  as every file of the build is (``afgld.web.answer.stored_file``: strong ETag, ranges, gzip);
  an archived release's files never change, so they are cached as immutable.
"""

from __future__ import annotations

from flask import Blueprint, redirect
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from afgld.formats import file_media_type
from afgld.web.answer import (
    FILE_CACHE,
    IMMUTABLE,
    PAGE_CACHE,
    Document,
    document,
    page,
    stored_file,
)
from afgld.web.extension import site
from afgld.web.views.releases import RELEASES_PAGE, Releases, release_quads, releases_of

bp = Blueprint("releases", __name__)
VARIANTS = "/releases"  # its formats at /releases.<suffix>, beside the files folder


def published() -> Releases:
    found = releases_of(site().store.manifest)
    if found is None:
        raise NotFound("This build lists no releases (it was made by an earlier afgld).")
    return found


@bp.get(RELEASES_PAGE)
@bp.get(f"{VARIANTS}.<suffix>")
def index(suffix: str | None = None) -> Response:
    s, found = site(), published()
    return document(
        Document(
            RELEASES_PAGE,
            lambda: release_quads(s.store.manifest, s.space),
            lambda: page(
                "releases/index.html",
                VARIANTS,
                releases=found.views(),
                publisher=found.index["publisher"],
            ),
            s.fingerprint,
            s.prefixes,
            variants=VARIANTS,
        ),
        suffix,
    )


@bp.get("/releases/<version>")
def release(version: str) -> Response:
    if not any(r["version"] == version for r in published().index["releases"]):
        raise NotFound(f"No release {version}; the releases are listed at {RELEASES_PAGE}.")
    response = redirect(site().space.page(RELEASES_PAGE), code=303)
    response.headers["Cache-Control"] = PAGE_CACHE
    return response


@bp.get("/releases/<version>/<path:name>")
def release_file(version: str, name: str) -> Response:
    manifest = site().store.manifest
    try:
        built, archived = published().file(version, name)
    except KeyError:
        raise NotFound(
            f"Release {version} has no file {name}; its files are listed at {RELEASES_PAGE}."
        ) from None
    entry = manifest.files[built]
    return stored_file(
        str(manifest.path(built)),
        str(entry["sha256"]),
        int(entry["bytes"]),
        file_media_type(built),
        IMMUTABLE if archived else FILE_CACHE,
    )
