"""Write a validated dataset to disk: dumps in every format, checksums, manifest.

Output is byte-identical for identical input: quads are sorted before serialisation, no blank
nodes are minted, and no clock is read. Files are written to a scratch folder next to the target
and moved into place only when all of them are complete, so a reader never sees half a build.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from afgld import rdfterms
from afgld.formats import TURTLE, RdfFormat, file_media_type
from afgld.store.index import INDEX
from afgld.store.manifest import MANIFEST, sha256_of


def write_rdf(path: Path, quads: list[ox.Quad], fmt: RdfFormat, prefixes: dict[str, str]) -> None:
    """The dataset in ``fmt``: quad formats keep the named graphs; triple formats hold their
    union (statements assert nothing, so the union says no more than the named graphs do)."""
    items: list[ox.Quad] | list[ox.Triple] = quads
    if not fmt.quads:
        items = sorted({q.triple for q in quads}, key=str)
    path.write_bytes(rdfterms.write(items, fmt, prefixes))


def turtle_bytes(graph: Graph, prefixes: dict[str, str]) -> bytes:
    """A small rdflib graph as Turtle, in sorted order, byte-identical on every run."""
    triples = sorted((rdfterms.triple(s, p, o) for s, p, o in graph), key=str)
    return rdfterms.write(triples, TURTLE, prefixes)


def write_checksums(directory: Path, names: list[str]) -> None:
    lines = [f"{sha256_of(directory / name)}  {name}\n" for name in sorted(names)]
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


def write_manifest(directory: Path, meta: dict[str, object], titles: dict[str, str]) -> None:
    files = {}
    for name in listed_files(directory):
        path = directory / name
        files[name] = {
            "bytes": path.stat().st_size,
            "sha256": sha256_of(path),
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
