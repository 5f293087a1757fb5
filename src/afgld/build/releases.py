"""The release files of a build: every release's dump, the changes between consecutive ones,
an index for the ``/releases/`` page, and the table of retired IRIs.

Layout (all listed in ``manifest.json``, each file pinned by its SHA-256)::

    releases/index.json                    every release: date, summary, files, changes
    releases/<version>/afgld.nq.gz         the release's data under this build's base
    releases/<version>/changes/…           the patch and summary from the previous release
    releases/<version>/SHA256SUMS          that release's files
    redirects.json, redirects.ttl          retired IRIs: 301 to a new IRI, or 410

Earlier releases come from their archives (``releases/<version>/`` in the repository),
rebased onto this build's base; the current release is this build's own ``afgld.nq.gz``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS

from afgld.build.artefacts import turtle_bytes
from afgld.build.void import DumpFile, Version
from afgld.curate.releases import Release
from afgld.formats import file_media_type
from afgld.namespaces import Space
from afgld.releases.archive import ARCHIVE_DUMP, gzip_bytes, nquads_bytes, sha256_bytes, sums_text
from afgld.releases.diff import change_files, diff, summary
from afgld.releases.published import (
    INDEX,
    REDIRECTS_JSON,
    REDIRECTS_TTL,
    RELEASES,
    ReleaseEntry,
    ReleaseFile,
    ReleaseIndex,
)
from afgld.validate.history import Redirect, Releases

TITLES = {
    ARCHIVE_DUMP: "The release's whole dataset, every named graph (N-Quads, gzipped)",
    "changes/removed.nq.gz": "Quads removed since the previous release (N-Quads, gzipped)",
    "changes/added.nq.gz": "Quads added since the previous release (N-Quads, gzipped)",
    "changes/changes.json": "What changed since the previous release (JSON)",
    "changes/changes.md": "What changed since the previous release, in words (Markdown)",
}


@dataclass
class ReleaseFiles:
    files: dict[str, bytes]  # path in the build → bytes
    versions: list[Version]  # for the dataset description


def release_files(
    space: Space,
    releases: Releases,
    current: Sequence[ox.Quad],
    current_dump: bytes,
) -> ReleaseFiles:
    """Every release's files; ``current_dump`` is this build's ``afgld.nq.gz``."""
    history = releases.history
    files: dict[str, bytes] = {}
    versions: list[Version] = []
    entries: list[ReleaseEntry] = []
    data: dict[str, Sequence[ox.Quad]] = {**releases.earlier, history.current.version: current}
    for release in history.releases:
        previous = history.previous(release)
        own: dict[str, bytes] = {}
        if release is history.current:
            own[ARCHIVE_DUMP] = current_dump
        elif release.version in releases.earlier:
            quads = releases.earlier[release.version]
            own[ARCHIVE_DUMP] = gzip_bytes(nquads_bytes(quads, presorted=True))
        changes = None
        if previous is not None and previous.version in data and release.version in data:
            change = diff(list(data[previous.version]), list(data[release.version]), space)
            for name, content in change_files(change, previous.version, release.version).items():
                own[f"changes/{name}"] = content
            changes = summary(change, previous.version, release.version)
        own["SHA256SUMS"] = sums_text(own)
        folder = f"{RELEASES}/{release.version}"
        files.update({f"{folder}/{name}": content for name, content in own.items()})
        listed = [
            DumpFile(name, TITLES.get(name, name), len(content), sha256_bytes(content))
            for name, content in sorted(own.items())
        ]
        versions.append(
            Version(
                release.version,
                release.issued,
                release.summary,
                previous.version if previous else None,
                listed,
            )
        )
        archive = releases.archives.get(release.version)
        entry = _entry(space, release, previous, listed, changes)
        entry["current"] = release is history.current
        entry["archive_sha256"] = archive.sha256 if archive else None
        entries.append(entry)
    files[INDEX] = _json(ReleaseIndex(publisher=history.publisher, releases=entries))
    files.update(redirect_files(space, releases.redirects))
    return ReleaseFiles(files, versions)


def _entry(
    space: Space,
    release: Release,
    previous: Release | None,
    listed: list[DumpFile],
    changes: dict[str, object] | None,
) -> ReleaseEntry:
    """A release as ``releases/index.json`` lists it (``current`` and the archive filled in
    by the caller)."""
    return ReleaseEntry(
        version=release.version,
        issued=release.issued.isoformat(),
        summary=release.summary,
        previous=previous.version if previous else None,
        current=False,
        iri=str(space.release(release.version)),
        archive_sha256=None,
        files={
            dump.name: ReleaseFile(
                bytes=dump.bytes,
                sha256=dump.sha256,
                media_type=file_media_type(dump.name),
                title=dump.title,
            )
            for dump in listed
        },
        changes=_counts(changes),
    )


def _counts(changes: dict[str, object] | None) -> dict[str, Any] | None:
    """The summary's counts (changes.json names every IRI)."""
    if changes is None:
        return None
    counts: dict[str, Any] = {"quads": changes["quads"], "graphs": changes["graphs"]}
    for name in ("entities", "statements", "claims", "judgements"):
        lists = changes[name]
        assert isinstance(lists, dict)
        counts[name] = {which: len(members) for which, members in lists.items()}
    return counts


def redirect_files(space: Space, redirects: list[Redirect]) -> dict[str, bytes]:
    """The table of retired IRIs, as JSON for the server and as RDF (Dublin Core, OWL)."""
    table: dict[str, dict[str, object]] = {}
    graph = Graph()
    for redirect in sorted(redirects, key=lambda r: r.old):
        path = redirect.old.removeprefix(space.base)
        target = redirect.target.removeprefix(space.base) if redirect.target else None
        table[path] = {
            "status": redirect.status,
            "location" if redirect.status == 301 else "replaced_by": target,
            "why": redirect.why,
            "retired_in": redirect.retired_in,
        }
        old = URIRef(redirect.old)
        if redirect.target is not None:
            graph.add((old, DCTERMS.isReplacedBy, URIRef(redirect.target)))
            if redirect.status == 301:
                graph.add((old, OWL.sameAs, URIRef(redirect.target)))
        graph.add((old, RDFS.comment, Literal(redirect.why, lang="en")))
    return {
        REDIRECTS_JSON: _json({"base_iri": space.base, "redirects": table}),
        REDIRECTS_TTL: turtle_bytes(graph, space.prefixes()),
    }


def _json(document: object) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
