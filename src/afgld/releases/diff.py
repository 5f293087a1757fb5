"""What changed between two releases: the quads removed and added, and what they amount to.

The patch is two N-Quads files (https://www.w3.org/TR/n-quads/), ``removed.nq.gz`` and
``added.nq.gz``: apply it by deleting the first from the older release and inserting the
second. Every quad names its graph, so the pair holds the changes of every named graph; the
lines are grouped by graph. The summary counts quads per graph and names the entities,
statements, claims and judgements added, removed or changed (a changed one keeps its IRI
while some quad about it was added or removed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SDO, SKOS

from afgld.namespaces import Space
from afgld.rdfterms import value_of
from afgld.releases.archive import gzip_bytes, load_release, nquads_bytes, rebase

REMOVED = "removed.nq.gz"
ADDED = "added.nq.gz"
CHANGES_JSON = "changes.json"
CHANGES_TEXT = "changes.md"
ENTITY_SEGMENTS = ("person", "org", "place", "event", "work", "post", "agent")
LISTED = 40  # members of each category named in the text summary; changes.json has all
LABELS = (SKOS.prefLabel, RDFS.label, SDO.name, SDO.text)


@dataclass(frozen=True)
class Category:
    name: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


@dataclass
class Diff:
    removed: list[ox.Quad]
    added: list[ox.Quad]
    categories: list[Category] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def per_graph(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for which, quads in (("removed", self.removed), ("added", self.added)):
            for quad in quads:
                row = counts.setdefault(value_of(quad.graph_name), {"removed": 0, "added": 0})
                row[which] += 1
        return dict(sorted(counts.items()))


def _by_graph(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(quads, key=lambda q: (value_of(q.graph_name), str(q)))


def diff(old: list[ox.Quad], new: list[ox.Quad], space: Space) -> Diff:
    """The change from ``old`` to ``new`` (both minted under ``space``)."""
    before, after = set(old), set(new)
    result = Diff(_by_graph(before - after), _by_graph(after - before))
    touched = {value_of(q.subject) for q in (*result.removed, *result.added)}
    for name, members in _categories(space):
        was, now = members(old), members(new)
        result.categories.append(
            Category(
                name,
                tuple(sorted(now - was)),
                tuple(sorted(was - now)),
                tuple(sorted((was & now) & touched)),
            )
        )
    wanted = {iri for c in result.categories for iri in (*c.added, *c.removed, *c.changed)}
    result.labels = _labels(old, wanted) | _labels(new, wanted)
    return result


Finder = Callable[[list[ox.Quad]], set[str]]


def _categories(space: Space) -> list[tuple[str, Finder]]:
    afg = space.base + "ontology#"
    entities_graph = space.base + "graph/entities"
    prefixes = tuple(f"{space.base}id/{segment}/" for segment in ENTITY_SEGMENTS)
    prefixes += (f"{space.base}concept/role/",)
    rdf_type = str(RDF.type)

    def entities(quads: list[ox.Quad]) -> set[str]:
        return {
            value_of(q.subject)
            for q in quads
            if q.predicate.value == rdf_type
            and value_of(q.graph_name) == entities_graph
            and value_of(q.subject).startswith(prefixes)
        }

    return [
        ("entities", entities),
        ("statements", _typed(afg + "FactStatement")),
        ("claims", _typed(afg + "ReportedClaim")),
        ("judgements", _typed(afg + "CuratorJudgement")),
    ]


def _typed(class_iri: str) -> Finder:
    rdf_type = str(RDF.type)

    def members(quads: list[ox.Quad]) -> set[str]:
        return {
            value_of(q.subject)
            for q in quads
            if q.predicate.value == rdf_type
            and isinstance(q.object, ox.NamedNode)
            and q.object.value == class_iri
        }

    return members


def _labels(quads: list[ox.Quad], wanted: set[str]) -> dict[str, str]:
    """The best label of each IRI in ``wanted``: prefLabel, label, name, then text."""
    order = {str(p): rank for rank, p in enumerate(LABELS)}
    ranked: dict[str, tuple[int, str]] = {}
    for quad in quads:
        rank = order.get(quad.predicate.value)
        if rank is None or value_of(quad.subject) not in wanted:
            continue
        if not isinstance(quad.object, ox.Literal):
            continue
        held = ranked.get(value_of(quad.subject))
        if held is None or (rank, quad.object.value) < held:
            ranked[value_of(quad.subject)] = (rank, quad.object.value)
    return {iri: label for iri, (_, label) in ranked.items()}


def summary(result: Diff, old_version: str, new_version: str) -> dict[str, object]:
    """The machine-readable summary (``changes.json``)."""
    return {
        "from": old_version,
        "to": new_version,
        "quads": {"removed": len(result.removed), "added": len(result.added)},
        "graphs": result.per_graph(),
        **{
            c.name: {
                which: [{"iri": iri, "label": result.labels.get(iri)} for iri in members]
                for which, members in (
                    ("added", c.added),
                    ("removed", c.removed),
                    ("changed", c.changed),
                )
            }
            for c in result.categories
        },
    }


def summary_text(result: Diff, old_version: str, new_version: str) -> str:
    """The human summary (``changes.md``): counts, then what was added, removed or changed."""
    lines = [f"# Changes from {old_version} to {new_version}", ""]
    lines.append(f"{len(result.removed)} quads removed, {len(result.added)} added.")
    lines.append("")
    for c in result.categories:
        counts = f"{len(c.added)} added, {len(c.removed)} removed, {len(c.changed)} changed"
        lines.append(f"- {c.name}: {counts}")
    graphs = result.per_graph()
    if graphs:
        lines += ["", "| graph | removed | added |", "|---|---:|---:|"]
        lines += [f"| <{g}> | {n['removed']} | {n['added']} |" for g, n in graphs.items()]
    for c in result.categories:
        for which, members in (("added", c.added), ("removed", c.removed), ("changed", c.changed)):
            if not members:
                continue
            lines += ["", f"## {c.name.capitalize()} {which}", ""]
            for iri in members[:LISTED]:
                label = result.labels.get(iri)
                lines.append(f"- <{iri}>" + (f" {_one_line(label)}" if label else ""))
            if len(members) > LISTED:
                lines.append(f"- … and {len(members) - LISTED} more ({CHANGES_JSON} lists all)")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return f"“{flat[:117]}…”" if len(flat) > 120 else f"“{flat}”"


def change_files(result: Diff, old_version: str, new_version: str) -> dict[str, bytes]:
    """The files of ``changes/``: the patch and both summaries."""
    document = summary(result, old_version, new_version)
    return {
        REMOVED: gzip_bytes(nquads_bytes(result.removed, presorted=True)),
        ADDED: gzip_bytes(nquads_bytes(result.added, presorted=True)),
        CHANGES_JSON: (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode(),
        CHANGES_TEXT: summary_text(result, old_version, new_version).encode(),
    }


def diff_paths(old: Path, new: Path) -> tuple[Diff, str, str]:
    """The change from the release at ``old`` to the one at ``new`` (archive folders, builds or
    N-Quads files), the older rebased onto the newer's base; with both releases' names."""
    before, after = load_release(old), load_release(new)
    quads = rebase(before.quads, before.base, after.base)
    return diff(quads, after.quads, Space(after.base)), before.name, after.name
