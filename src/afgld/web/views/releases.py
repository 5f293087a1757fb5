"""Every release of the dataset and the IRIs retired between them, as the pages show them:
what the build wrote (``releases/index.json``, ``redirects.json``, ``redirects.ttl``, the
releases' part of ``void.ttl``), read through ``afgld.releases.published``. A view model: no
Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import URIRef

from afgld.namespaces import DCAT3, Space
from afgld.rdfterms import Quad
from afgld.releases.published import (
    INDEX,
    REDIRECTS_JSON,
    REDIRECTS_TTL,
    Redirect,
    RedirectTable,
    ReleaseEntry,
    ReleaseIndex,
    is_archived,
    read_index,
    release_file,
)
from afgld.store.manifest import Manifest
from afgld.web.views.catalog import described

CHANGES_SUMMARY = "changes/changes.md"
# What the summary counts, in the order a reader asks (changes.json's keys).
CHANGE_KINDS = ("entities", "statements", "claims", "judgements")
RELEASES_PAGE = "/releases/"


@dataclass(frozen=True)
class ReleaseDownload:
    name: str  # under releases/<version>/
    href: str
    title: str
    media_type: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Changes:
    """Counts of what changed since the previous release."""

    kinds: tuple[tuple[str, int, int, int], ...]  # (kind, added, removed, changed)
    quads_added: int
    quads_removed: int
    summary: str | None  # the path of the summary in words (changes.md), when served


@dataclass(frozen=True)
class ReleaseView:
    version: str
    issued: str
    summary: str
    previous: str | None
    current: bool
    archived: bool
    iri: str
    files: tuple[ReleaseDownload, ...]
    changes: Changes | None


@dataclass(frozen=True)
class Releases:
    """What a build published about its releases: the index and the retired IRIs."""

    index: ReleaseIndex
    redirects: RedirectTable

    def file(self, version: str, name: str) -> tuple[str, bool]:
        """The build file (a manifest name) serving ``/releases/<version>/<name>``, and whether
        it may be cached as immutable; KeyError unless the index lists it."""
        return release_file(self.index, version, name), is_archived(self.index, version)

    def views(self) -> list[ReleaseView]:
        """Every release, newest first."""
        return [_view(entry) for entry in reversed(self.index["releases"])]

    def retired(self, path: str) -> Redirect | None:
        """The answer for a request path that names a retired IRI or its document."""
        return self.redirects.lookup(path)


def releases_of(manifest: Manifest) -> Releases | None:
    """The build's releases; None for a build that wrote no release index."""
    entry = manifest.files.get(INDEX)
    if entry is None:
        return None
    redirects = manifest.files.get(REDIRECTS_JSON, {}).get("sha256")
    return _read(str(manifest.directory), str(entry["sha256"]), str(redirects))


@lru_cache(maxsize=4)
def _read(directory: str, index_sha256: str, redirects_sha256: str) -> Releases:
    """Read once per build (the hashes change with the files)."""
    return Releases(read_index(Path(directory)), RedirectTable.read(Path(directory)))


def _view(release: ReleaseEntry) -> ReleaseView:
    version = release["version"]
    files = tuple(
        ReleaseDownload(
            name,
            f"/releases/{version}/{name}",
            info["title"],
            info["media_type"],
            info["bytes"],
            info["sha256"],
        )
        for name, info in sorted(release["files"].items())
    )
    counts = release["changes"]
    changes = None
    if counts is not None:
        kinds = tuple(
            (kind, int(n.get("added", 0)), int(n.get("removed", 0)), int(n.get("changed", 0)))
            for kind in CHANGE_KINDS
            if isinstance(n := counts.get(kind), dict)
        )
        quads = counts.get("quads", {})
        summary = f"/releases/{version}/{CHANGES_SUMMARY}"
        changes = Changes(
            kinds,
            int(quads.get("added", 0)),
            int(quads.get("removed", 0)),
            summary if CHANGES_SUMMARY in release["files"] else None,
        )
    return ReleaseView(
        version,
        release["issued"],
        release["summary"],
        release["previous"],
        release["current"],
        release["archive_sha256"] is not None,
        release["iri"],
        files,
        changes,
    )


def release_quads(manifest: Manifest, space: Space) -> list[Quad]:
    """The releases' part of the dataset description: which versions the dataset has, and
    everything said of each release, its distributions and their checksums (all under
    ``releases/``)."""
    under = space.base + "releases/"
    versions = (DCAT3.hasVersion, DCAT3.hasCurrentVersion, DCAT3.version)
    return [
        q
        for q in described(manifest, "void.ttl")
        if str(q[0]).startswith(under) or (q[0] == space.dataset and q[1] in versions)
    ]


def retired_quads(manifest: Manifest, space: Space, redirect: Redirect) -> list[Quad]:
    """What the build says of a retired IRI (``redirects.ttl``): its successor
    (``dcterms:isReplacedBy``, and ``owl:sameAs`` when it moved) and why it was retired."""
    if REDIRECTS_TTL not in manifest.files:
        return []
    old = URIRef(space.base + redirect.iri)
    return [q for q in described(manifest, REDIRECTS_TTL) if q[0] == old]
