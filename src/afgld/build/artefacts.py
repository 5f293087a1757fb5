"""Write a validated dataset to disk: dumps in every format, checksums, manifest.

Output is byte-identical for identical input: quads are sorted before serialisation, no blank
nodes are minted, and no clock is read. Files are written to a scratch folder next to the target
and moved into place only when all of them are complete, so a reader never sees half a build.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from afgld import rdfterms
from afgld.formats import TURTLE, RdfFormat, file_media_type
from afgld.store.index import INDEX
from afgld.store.manifest import MANIFEST, sha256_of


def write_rdf(
    path: Path,
    items: Sequence[ox.Quad] | Sequence[ox.Triple],
    fmt: RdfFormat,
    prefixes: Mapping[str, str],
    used: Mapping[str, str] | None = None,
) -> None:
    """``items`` in ``fmt``, in the order given: quads for the formats that keep named graphs,
    triples for the others (the caller makes the union: statements assert nothing, so the union
    says no more than the named graphs do). ``used``: the prefixes ``items`` use, when known."""
    path.write_bytes(rdfterms.write(items, fmt, prefixes, used))


def turtle_bytes(graph: Graph, prefixes: dict[str, str]) -> bytes:
    """A small rdflib graph as Turtle, in sorted order, byte-identical on every run."""
    triples = sorted((rdfterms.triple(s, p, o) for s, p, o in graph), key=str)
    return rdfterms.write(triples, TURTLE, prefixes)


class FileHashes:
    """Size and SHA-256 of each file under ``directory``, each file read once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.known: dict[str, tuple[int, str]] = {}

    def of(self, name: str) -> tuple[int, str]:
        if name not in self.known:
            self.known[name] = self._measure(name)
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


def listed_files(directory: Path) -> list[str]:
    """Every file of the build the manifest lists: all but the manifest and the query index
    (Oxigraph's own files, not byte-reproducible; its stamp is checked instead)."""
    return sorted(
        name
        for path in directory.rglob("*")
        if path.is_file()
        and (name := path.relative_to(directory).as_posix()) != MANIFEST
        and not name.startswith(INDEX + "/")
    )


def write_manifest(
    directory: Path,
    meta: dict[str, object],
    titles: dict[str, str],
    hashes: FileHashes | None = None,
) -> None:
    hashes = hashes or FileHashes(directory)
    names = listed_files(directory)
    hashes.compute(names)
    files = {}
    for name in names:
        size, digest = hashes.of(name)
        files[name] = {
            "bytes": size,
            "sha256": digest,
            "media_type": file_media_type(name),
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
