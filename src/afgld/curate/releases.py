"""The release history (``releases.yaml``) and the retired IRIs (``mappings/retired.yaml``).

Both are written by hand and read here into typed records, every problem with its file and
line. Nothing here reads a clock: a release's date is the one recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afgld.curate import yamlfile
from afgld.errors import FactFilesError, MappingError

VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
REFERENCE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$|^(?:id|concept|graph)/[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Release:
    version: str
    issued: dt.date
    summary: str
    line: int

    @property
    def number(self) -> tuple[int, int, int]:
        major, minor, patch = self.version.split(".")
        return int(major), int(minor), int(patch)


@dataclass(frozen=True)
class History:
    """Every release, oldest first; the last is the one being built."""

    publisher: str
    releases: tuple[Release, ...]
    path: Path

    @property
    def current(self) -> Release:
        return self.releases[-1]

    @property
    def earlier(self) -> tuple[Release, ...]:
        return self.releases[:-1]

    @property
    def first(self) -> Release:
        return self.releases[0]

    def previous(self, release: Release) -> Release | None:
        index = self.releases.index(release)
        return self.releases[index - 1] if index else None


@dataclass(frozen=True)
class Retirement:
    """An IRI an earlier release published and this one no longer mints.

    ``old``, ``moved_to`` and ``replaced_by`` are entity keys or paths under the base
    (``id/statement/002-265-479-2``). Moved: the same thing under a new IRI (HTTP 301).
    Gone (``moved_to`` is None): no longer published (HTTP 410), with its successor if any.
    """

    old: str
    moved_to: str | None
    replaced_by: str | None
    why: str
    line: int


def read_history(path: Path) -> History:
    """``releases.yaml``; FactFilesError listing every problem."""
    problems: list[MappingError] = []
    if not path.is_file():
        raise FactFilesError(
            [
                MappingError(
                    path,
                    None,
                    "no release history: every build is a named, dated release",
                    "write releases.yaml with `publisher` and `releases` (README.md, Releases)",
                )
            ]
        )
    data = yamlfile.load(path)
    if not isinstance(data, Mapping):
        raise FactFilesError([MappingError(path, 1, "releases.yaml is a mapping")])
    publisher = data.get("publisher")
    if not isinstance(publisher, str) or not publisher.strip():
        problems.append(MappingError(path, 1, "`publisher` is missing: who publishes the data"))
    for key in data:
        if key not in ("publisher", "releases"):
            problems.append(MappingError(path, 1, f"unknown field {key!r}", "publisher, releases"))
    raw = data.get("releases")
    releases: list[Release] = []
    if not isinstance(raw, list) or not raw:
        problems.append(MappingError(path, 1, "`releases` lists at least one release"))
        raw = []
    for entry in raw:
        release = _release(path, entry, problems)
        if release is None:
            continue
        if releases and release.number <= releases[-1].number:
            problems.append(
                MappingError(
                    path,
                    release.line,
                    f"version {release.version} does not follow {releases[-1].version}",
                    "list releases oldest first, each version higher than the one before",
                )
            )
        if releases and release.issued < releases[-1].issued:
            problems.append(
                MappingError(
                    path,
                    release.line,
                    f"release {release.version} is dated before {releases[-1].version}",
                )
            )
        releases.append(release)
    if problems:
        raise FactFilesError(problems)
    return History(str(publisher).strip(), tuple(releases), path)


def _release(path: Path, raw: Any, problems: list[MappingError]) -> Release | None:
    line = yamlfile.line_of(raw) or 0
    if not isinstance(raw, Mapping):
        problems.append(MappingError(path, line, "a release is {version, issued, summary}"))
        return None
    version, issued, summary = raw.get("version"), raw.get("issued"), raw.get("summary")
    found = len(problems)
    if not isinstance(version, str) or not VERSION.match(version):
        problems.append(
            MappingError(path, line, f"version {version!r} is not MAJOR.MINOR.PATCH", "0.2.0")
        )
    if not isinstance(issued, dt.date) or isinstance(issued, dt.datetime):
        problems.append(
            MappingError(path, line, f"issued {issued!r} is not a date", "YYYY-MM-DD, unquoted")
        )
    if not isinstance(summary, str) or not summary.strip() or "\n" in summary.strip():
        problems.append(MappingError(path, line, "summary is one line saying what changed"))
    for key in raw:
        if key not in ("version", "issued", "summary"):
            problems.append(MappingError(path, line, f"unknown release field {key!r}"))
    if len(problems) > found:
        return None
    assert isinstance(version, str) and isinstance(issued, dt.date) and isinstance(summary, str)
    return Release(version, issued, summary.strip(), line)


def read_retired(path: Path) -> tuple[Retirement, ...]:
    """``mappings/retired.yaml`` (absent: nothing retired); FactFilesError on any problem."""
    if not path.is_file():
        return ()
    data = yamlfile.load(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("retired") or [], list):
        raise FactFilesError([MappingError(path, 1, "retired.yaml is {retired: [...]}")])
    problems: list[MappingError] = []
    records: list[Retirement] = []
    seen: dict[str, int] = {}
    for raw in data.get("retired") or []:
        record = _retirement(path, raw, problems)
        if record is None:
            continue
        if record.old in seen:
            problems.append(
                MappingError(
                    path, record.line, f"{record.old!r} is retired at line {seen[record.old]} too"
                )
            )
        seen[record.old] = record.line
        records.append(record)
    if problems:
        raise FactFilesError(problems)
    return tuple(records)


def _retirement(path: Path, raw: Any, problems: list[MappingError]) -> Retirement | None:
    line = yamlfile.line_of(raw) or 0
    shape = "{old, moved_to, why} or {old, gone: true, replaced_by (optional), why}"
    if not isinstance(raw, Mapping):
        problems.append(MappingError(path, line, f"a retired IRI is {shape}"))
        return None
    found = len(problems)
    for key in raw:
        if key not in ("old", "moved_to", "gone", "replaced_by", "why"):
            problems.append(MappingError(path, line, f"unknown field {key!r}", shape))
    refs = {k: raw.get(k) for k in ("old", "moved_to", "replaced_by")}
    for key, value in refs.items():
        if value is not None and (not isinstance(value, str) or not REFERENCE.match(value)):
            problems.append(
                MappingError(
                    path,
                    line,
                    f"{key} {value!r} is neither an entity key nor a path under the base",
                    "an entity key (ata-noor) or a path such as id/statement/002-265-479-2",
                )
            )
    if not refs["old"]:
        problems.append(MappingError(path, line, "`old` is missing: the key or path retired"))
    moved, gone = refs["moved_to"] is not None, raw.get("gone") is True
    if moved == gone:
        problems.append(
            MappingError(path, line, "say either `moved_to` (301) or `gone: true` (410)", shape)
        )
    if moved and refs["replaced_by"] is not None:
        problems.append(MappingError(path, line, "`replaced_by` is for gone IRIs only", shape))
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip():
        problems.append(MappingError(path, line, "`why` is missing: the reason, in one line"))
    if len(problems) > found:
        return None
    return Retirement(
        old=str(refs["old"]),
        moved_to=str(refs["moved_to"]) if moved else None,
        replaced_by=str(refs["replaced_by"]) if refs["replaced_by"] else None,
        why=str(why).strip(),
        line=line,
    )
