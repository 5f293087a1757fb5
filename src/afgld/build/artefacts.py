"""Write a validated dataset to disk: dumps in every format, checksums, manifest.

Output is byte-identical for identical input: quads are sorted before serialisation, no blank
nodes are minted, and no clock is read. Files are written to a scratch folder next to the target
and moved into place only when all of them are complete, so a reader never sees half a build.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from afgld.formats import BY_SUFFIX
from afgld.model.quads import to_oxigraph
from afgld.store.manifest import MANIFEST, sha256_of


def write_rdf(
    path: Path,
    items: Sequence[ox.Quad] | Sequence[ox.Triple],
    suffix: str,
    prefixes: dict[str, str],
    used: dict[str, str] | None = None,
) -> None:
    """Quads (TriG, N-Quads) or triples (Turtle, N-Triples, RDF/XML), in the order given.

    Quads given for a triple format are written as the union of their graphs. ``used``: the
    prefixes ``items`` use, when the caller knows them already (see :func:`used_prefixes`).
    """
    fmt = {
        "trig": ox.RdfFormat.TRIG,
        "nq": ox.RdfFormat.N_QUADS,
        "ttl": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "rdf": ox.RdfFormat.RDF_XML,
    }[suffix]
    if suffix in {"ttl", "nt", "rdf"} and items and isinstance(items[0], ox.Quad):
        items = sorted({q.triple for q in items if isinstance(q, ox.Quad)}, key=str)
    usable = None
    if suffix in {"trig", "ttl", "rdf"}:
        usable = used if used is not None else used_prefixes(items, prefixes)
    ox.serialize(items, str(path), fmt, prefixes=usable)
    if suffix in {"trig", "ttl"}:
        sort_prefix_lines(path)


def used_prefixes(
    items: Sequence[ox.Quad] | Sequence[ox.Triple], prefixes: dict[str, str]
) -> dict[str, str]:
    """Only the prefixes some IRI of ``items`` starts with, so each file declares what it uses."""
    # Distinct terms first (a set per position, built in C), then their types and namespaces.
    nodes: set[ox.NamedNode] = {item.predicate for item in items}
    datatypes: set[ox.NamedNode] = set()
    for term in {item.subject for item in items} | {item.object for item in items}:
        if isinstance(term, ox.NamedNode):
            nodes.add(term)
        elif isinstance(term, ox.Literal):
            datatypes.add(term.datatype)
    # Each distinct IRI once: "…/id/person/ahmad-massoud" → "…/id/person", "…#Claim" → "…"
    iris = {node.value.rsplit("#", 1)[0].rsplit("/", 1)[0] for node in nodes}
    iris |= {datatype.value.rsplit("#", 1)[0] for datatype in datatypes}
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


def write_jsonld(path: Path, quads: Sequence[ox.Quad]) -> None:
    """Expanded JSON-LD (no context to fetch or trust), one named graph per ``@graph``."""
    ox.serialize(quads, str(path), ox.RdfFormat.JSON_LD)


class FileHashes:
    """Size and SHA-256 of each file under ``directory``, each file read once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.known: dict[str, tuple[int, str]] = {}

    def of(self, name: str) -> tuple[int, str]:
        if name not in self.known:
            path = self.directory / name
            self.known[name] = (path.stat().st_size, sha256_of(path))
        return self.known[name]

    def compute(self, names: Iterable[str]) -> None:
        """Hash ``names`` two at a time (hashlib lets go of the GIL on large buffers)."""
        todo = sorted(set(names) - set(self.known))
        with ThreadPoolExecutor(2) as pool:
            for name, found in zip(todo, pool.map(self._measure, todo), strict=True):
                self.known[name] = found

    def _measure(self, name: str) -> tuple[int, str]:
        path = self.directory / name
        return path.stat().st_size, sha256_of(path)


def write_checksums(directory: Path, names: list[str], hashes: FileHashes | None = None) -> None:
    hashes = hashes or FileHashes(directory)
    hashes.compute(names)
    lines = [f"{hashes.of(name)[1]}  {name}\n" for name in sorted(names)]
    (directory / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def media_type_of(name: str) -> str:
    """The media type a file of the build is served with."""
    suffix = name.rsplit(".", 1)[-1]
    if suffix in BY_SUFFIX:
        return BY_SUFFIX[suffix].media_type
    return {"json": "application/json", "gz": "application/gzip", "md": "text/markdown"}.get(
        suffix, "text/plain"
    )


def write_manifest(
    directory: Path,
    meta: dict[str, object],
    titles: dict[str, str],
    hashes: FileHashes | None = None,
) -> None:
    hashes = hashes or FileHashes(directory)
    names = [
        path.relative_to(directory).as_posix()
        for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST)
    ]
    hashes.compute(names)
    files = {}
    for name in names:
        size, digest = hashes.of(name)
        files[name] = {
            "bytes": size,
            "sha256": digest,
            "media_type": media_type_of(name),
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
