"""Write a validated dataset to disk: dumps in every format, checksums, manifest.

Output is byte-identical for identical input: quads are sorted before serialisation, no blank
nodes are minted, and no clock is read. Files are written to a scratch folder next to the target
and moved into place only when all of them are complete, so a reader never sees half a build.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from afgld.formats import BY_SUFFIX, SQLITE
from afgld.model.quads import to_oxigraph
from afgld.store.manifest import MANIFEST, sha256_of


def write_rdf(path: Path, quads: Iterable[ox.Quad], suffix: str, prefixes: dict[str, str]) -> None:
    fmt = {
        "trig": ox.RdfFormat.TRIG,
        "nq": ox.RdfFormat.N_QUADS,
        "ttl": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "rdf": ox.RdfFormat.RDF_XML,
    }[suffix]
    items: Iterable[ox.Quad | ox.Triple] = quads
    if suffix in {"ttl", "nt", "rdf"}:
        # Triple formats hold the union of the graphs; statements assert nothing, so the
        # union says no more than the named graphs do.
        items = sorted({q.triple for q in quads}, key=str)
    usable = _used_prefixes(items, prefixes) if suffix in {"trig", "ttl", "rdf"} else None
    ox.serialize(items, str(path), fmt, prefixes=usable)
    if suffix in {"trig", "ttl"}:
        sort_prefix_lines(path)


def _used_prefixes(
    items: Iterable[ox.Quad | ox.Triple], prefixes: dict[str, str]
) -> dict[str, str]:
    """Only the prefixes some IRI of ``items`` starts with, so each file declares what it uses."""
    iris: set[str] = set()
    for item in items:
        for term in (item.subject, item.predicate, item.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value.rsplit("#", 1)[0].rsplit("/", 1)[0])
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value.rsplit("#", 1)[0])
    return {
        p: ns for p, ns in prefixes.items() if any(iri.startswith(ns.rstrip("#/")) for iri in iris)
    }


def sort_prefix_lines(path: Path) -> None:
    """Oxigraph writes prefixes in hash order, which changes between runs: sort them."""
    path.write_bytes(_sorted_prefixes(path.read_bytes()))


def _sorted_prefixes(data: bytes) -> bytes:
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def turtle_bytes(graph: Graph, prefixes: dict[str, str]) -> bytes:
    """A small rdflib graph as Turtle, in sorted order, byte-identical on every run."""
    triples = sorted(
        (ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph),
        key=str,
    )
    used = {p: ns for p, ns in prefixes.items() if any(ns in str(t) for t in triples)}
    return _sorted_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used))


def write_jsonld(path: Path, quads: list[ox.Quad]) -> None:
    """Expanded JSON-LD (no context to fetch or trust), one named graph per ``@graph``."""
    ox.serialize(quads, str(path), ox.RdfFormat.JSON_LD)


def write_checksums(directory: Path, names: list[str]) -> None:
    lines = [f"{sha256_of(directory / name)}  {name}\n" for name in sorted(names)]
    (directory / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def write_manifest(directory: Path, meta: dict[str, object], titles: dict[str, str]) -> None:
    files = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST):
        name = path.relative_to(directory).as_posix()
        suffix = name.rsplit(".", 1)[-1]
        media = BY_SUFFIX[suffix].media_type if suffix in BY_SUFFIX else "text/plain"
        if suffix == "json":
            media = "application/json"
        if suffix == "sqlite":
            media = SQLITE
        files[name] = {
            "bytes": path.stat().st_size,
            "sha256": sha256_of(path),
            "media_type": media,
            "title": titles.get(name, name),
        }
    document = {**meta, "files": files}
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (directory / MANIFEST).write_text(text, encoding="utf-8")


def replace_directory(scratch: Path, target: Path) -> None:
    """Move ``scratch`` to ``target`` in as few steps as the filesystem allows."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        scratch.rename(target)
        shutil.rmtree(old)
    else:
        scratch.rename(target)
