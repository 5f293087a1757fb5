"""What a build published about its releases and retired IRIs, read for the server.

Pure functions over files the build wrote and ``manifest.json`` lists: no Flask, no pipeline.

* ``/releases/``: :func:`read_index` gives every release (version, date, summary, previous
  version, files with size, SHA-256 and media type, counts of the changes).
* ``/releases/<version>/<name>``: :func:`release_file` names the build file to send, or raises
  KeyError (404); :func:`is_archived` says whether it may be cached as immutable.
* Retired IRIs: :meth:`RedirectTable.lookup` maps a request path to a 301 (``location``) or a
  410 (with ``replaced_by`` when the IRI has a successor), for ``/id/…``, ``/concept/…``,
  ``/graph/…`` and their ``/doc/…`` documents with any format suffix.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from afgld.formats import BY_SUFFIX

RELEASES = "releases"
INDEX = f"{RELEASES}/index.json"
REDIRECTS_JSON = "redirects.json"
REDIRECTS_TTL = "redirects.ttl"
VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
SUFFIXES = frozenset({"html", *BY_SUFFIX})


class ReleaseFile(TypedDict):
    bytes: int
    sha256: str
    media_type: str
    title: str


class ReleaseEntry(TypedDict):
    version: str
    issued: str  # YYYY-MM-DD
    summary: str
    previous: str | None
    current: bool
    iri: str
    archive_sha256: str | None  # the archive's SHA-256 in the repository; None: unpublished
    files: dict[str, ReleaseFile]  # name under releases/<version>/ → its entry
    changes: dict[str, Any] | None  # counts of what changed since the previous release


class ReleaseIndex(TypedDict):
    publisher: str
    releases: list[ReleaseEntry]  # oldest first; the last is the one built


def read_index(build_dir: Path) -> ReleaseIndex:
    """``releases/index.json``: every release, oldest first."""
    data: ReleaseIndex = json.loads((build_dir / INDEX).read_text(encoding="utf-8"))
    return data


def release_file(index: ReleaseIndex, version: str, name: str) -> str:
    """The build file (a ``manifest.json`` name) serving ``/releases/<version>/<name>``.

    KeyError unless the index lists that file of that release (so no other path is reachable).
    """
    for release in index["releases"]:
        if release["version"] == version and VERSION.match(version) and name in release["files"]:
            return f"{RELEASES}/{version}/{name}"
    raise KeyError(f"{version}/{name}")


def is_archived(index: ReleaseIndex, version: str) -> bool:
    """True for a published (archived) release, whose files never change."""
    return any(
        release["version"] == version and release["archive_sha256"] is not None
        for release in index["releases"]
    )


@dataclass(frozen=True)
class Redirect:
    """What to answer for a retired IRI or one of its documents."""

    status: int  # 301 Moved Permanently or 410 Gone
    location: str | None  # 301: the path to send the client to, under the base
    replaced_by: str | None  # 410: the path of the successor, if any (dcterms:isReplacedBy)
    why: str
    retired_in: str  # the first release without the IRI
    iri: str = ""  # the retired IRI's path under the base (``id/person/ata-noor``)


@dataclass(frozen=True)
class RedirectTable:
    """Retired IRIs by path under the base (``id/person/ata-noor``)."""

    entries: dict[str, dict[str, Any]]

    @classmethod
    def read(cls, build_dir: Path) -> RedirectTable:
        path = build_dir / REDIRECTS_JSON
        if not path.is_file():
            return cls({})
        return cls(dict(json.loads(path.read_text(encoding="utf-8"))["redirects"]))

    def lookup(self, path: str) -> Redirect | None:
        """The answer for a request path (``/doc/person/ata-noor.ttl``), or None."""
        path = path.lstrip("/")
        document = path.startswith("doc/")
        stem, suffix = _split_suffix(path.removeprefix("doc/") if document else path)
        if document:
            stem = stem if stem.startswith("concept/") else "id/" + stem
        entry = self.entries.get(stem)
        if entry is None:
            return None
        target = entry.get("location") or entry.get("replaced_by")
        if target is not None and (document or suffix):
            target = _document(target, suffix) if document else target + suffix
        return Redirect(
            status=int(entry["status"]),
            location=target if entry["status"] == 301 else None,
            replaced_by=target if entry["status"] == 410 else None,
            why=str(entry["why"]),
            retired_in=str(entry["retired_in"]),
            iri=stem,
        )


def _split_suffix(path: str) -> tuple[str, str]:
    """``person/x.ttl`` → (``person/x``, ``.ttl``) for a known format suffix only."""
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in SUFFIXES and "/" not in suffix:
        return stem, "." + suffix
    return path, ""


def _document(target: str, suffix: str) -> str:
    """The document path of an IRI path: ``id/person/x`` → ``doc/person/x`` (+ suffix)."""
    if target.startswith("id/"):
        return "doc/" + target.removeprefix("id/") + suffix
    if target.startswith("concept/"):
        return "doc/" + target + suffix
    return target + suffix
