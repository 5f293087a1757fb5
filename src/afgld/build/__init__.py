"""Build: mappings → RDF → validation → artefacts in ``build/``. Writes nothing unless valid."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from afgld.build.artefacts import (
    FileHashes,
    replace_directory,
    write_checksums,
    write_jsonld,
    write_manifest,
    write_rdf,
)
from afgld.build.void import DumpFile
from afgld.model.quads import sorted_quads
from afgld.rdfterms import value_of
from afgld.releases.archive import gzip_file
from afgld.store.manifest import DATASET_NQUADS

DUMP_TITLES = {
    DATASET_NQUADS: "Whole dataset, every named graph (N-Quads)",
    "afgld.trig": "Whole dataset, every named graph (TriG)",
    "afgld.jsonld": "Whole dataset, every named graph (JSON-LD, expanded form)",
    "afgld.ttl": "Union of all graphs (Turtle)",
    "afgld.nt": "Union of all graphs (N-Triples)",
    "afgld.rdf": "Union of all graphs (RDF/XML)",
}
GZIP_SUFFIX = ".gz"
COMPRESS_THREADS = 2  # zlib and hashlib let go of the GIL: two files at once on two cores

Describe = Callable[[Path, list[DumpFile], dict[str, int]], dict[str, bytes]]


def write_build(
    dataset: Dataset | Sequence[ox.Quad],
    out: Path,
    *,
    prefixes: dict[str, str],
    meta: dict[str, object],
    describe: Describe | None = None,
) -> Path:
    """Serialise ``dataset`` (or its quads, sorted as N-Quads lines) into ``out`` atomically.

    ``meta`` goes into manifest.json (base_iri, release, ontology_version, inputs_sha256…).
    ``describe(scratch, dumps, graph_sizes)`` returns further files (name → bytes) written
    beside the dumps, such as the VoID description, which needs the dumps' sizes and hashes.
    Every whole-dataset dump is also written gzipped (``afgld.nq.gz`` …), without a time stamp.
    """
    quads = sorted_quads(dataset) if isinstance(dataset, Dataset) else dataset
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        titles = write_dumps(scratch, quads, prefixes)
        hashes = FileHashes(scratch)
        by_graph = _graph_sizes(quads)
        dumps = [DumpFile(name, title, *hashes.of(name)) for name, title in sorted(titles.items())]
        for name, content in sorted(
            (describe(scratch, dumps, by_graph) if describe else {}).items()
        ):
            (scratch / name).parent.mkdir(parents=True, exist_ok=True)
            (scratch / name).write_bytes(content)
        names = sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*") if p.is_file())
        write_checksums(scratch, names, hashes)
        counts = {"quads": len(quads), "triples": _triple_count(quads), "graphs": by_graph}
        write_manifest(scratch, {**meta, **counts}, titles, hashes)
        replace_directory(scratch, out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return out


def write_dumps(
    scratch: Path, quads: Sequence[ox.Quad], prefixes: dict[str, str]
) -> dict[str, str]:
    """Every dump, per-graph Turtle and gzipped whole-dataset dumps; returns name → title."""
    titles = dict(DUMP_TITLES)
    triples = _union(quads)
    for name in DUMP_TITLES:
        suffix = name.rsplit(".", 1)[-1]
        if suffix == "jsonld":
            write_jsonld(scratch / name, quads)
        else:
            write_rdf(
                scratch / name,
                triples if suffix in {"ttl", "nt", "rdf"} else quads,
                suffix,
                prefixes,
            )
    (scratch / "graphs").mkdir()
    for graph_iri, graph_quads in sorted(_by_graph(quads).items()):
        name = f"graphs/{graph_iri.rstrip('/').rsplit('/', 1)[-1]}.ttl"
        write_rdf(scratch / name, graph_quads, "ttl", prefixes)
        titles[name] = f"Graph <{graph_iri}> (Turtle)"
    with ThreadPoolExecutor(COMPRESS_THREADS) as pool:
        done = pool.map(
            lambda name: gzip_file(scratch / name, scratch / (name + GZIP_SUFFIX)), DUMP_TITLES
        )
        list(done)
    for name, title in DUMP_TITLES.items():
        titles[name + GZIP_SUFFIX] = f"{title}, gzipped"
    return titles


def _union(quads: Sequence[ox.Quad]) -> list[ox.Triple]:
    """The union of the graphs, in N-Triples line order.

    Triple formats hold the union; statements assert nothing, so the union says no more than
    the named graphs do.
    """
    return sorted({q.triple for q in quads}, key=str)


def _triple_count(quads: Sequence[ox.Quad]) -> int:
    return len({q.triple for q in quads})


def _by_graph(quads: Sequence[ox.Quad]) -> dict[str, list[ox.Quad]]:
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        by_graph.setdefault(value_of(quad.graph_name), []).append(quad)
    return by_graph


def _graph_sizes(quads: Sequence[ox.Quad]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for quad in quads:
        name = value_of(quad.graph_name)
        sizes[name] = sizes.get(name, 0) + 1
    return dict(sorted(sizes.items()))
