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
    listed_files,
    replace_directory,
    write_checksums,
    write_manifest,
    write_rdf,
)
from afgld.build.lists import write_lists
from afgld.build.void import DumpFile
from afgld.formats import FORMATS, TURTLE, RdfFormat
from afgld.model.quads import sorted_quads
from afgld.namespaces import Space
from afgld.rdfterms import used_prefixes, value_of
from afgld.releases.archive import gzip_file
from afgld.store.index import INDEX, write_index
from afgld.store.lists import LISTS_FILE
from afgld.store.manifest import DATASET_NQUADS

GZIP_SUFFIX = ".gz"
COMPRESS_THREADS = 2  # zlib and hashlib let go of the GIL: two files at once on two cores


def dump_name(fmt: RdfFormat) -> str:
    return f"afgld.{fmt.suffix}"


def dump_title(fmt: RdfFormat) -> str:
    """What the whole-dataset dump in ``fmt`` holds (JSON-LD is written in expanded form)."""
    label = "JSON-LD, expanded form" if fmt.rdflib_name == "json-ld" else fmt.label
    if fmt.quads:
        return f"Whole dataset, every named graph ({label})"
    return f"Union of all graphs ({label})"


Describe = Callable[[Path, list[DumpFile], dict[str, int]], dict[str, bytes]]


def write_build(
    dataset: Dataset | Sequence[ox.Quad],
    out: Path,
    *,
    prefixes: dict[str, str],
    meta: dict[str, object],
    describe: Describe | None = None,
) -> Path:
    """Serialise ``dataset`` (or its quads, sorted as N-Quads lines) into ``out`` atomically,
    with the query index of its N-Quads; returns ``out``.

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
        triples, graphs = _union(quads), _by_graph(quads)
        titles = write_dumps(scratch, quads, triples, graphs, prefixes)
        hashes = FileHashes(scratch)
        hashes.compute(titles)
        by_graph = {name: len(graph) for name, graph in sorted(graphs.items())}
        dumps = [DumpFile(name, title, *hashes.of(name)) for name, title in sorted(titles.items())]
        for name, content in sorted(
            (describe(scratch, dumps, by_graph) if describe else {}).items()
        ):
            (scratch / name).parent.mkdir(parents=True, exist_ok=True)
            (scratch / name).write_bytes(content)
        # The query index is not listed in the manifest (its stamp is afgld.nq's hash); the
        # list tables, asked of it, are.
        write_index(scratch / DATASET_NQUADS, scratch / INDEX, hashes.of(DATASET_NQUADS)[1])
        write_lists(scratch / INDEX, scratch / LISTS_FILE, Space(str(meta["base_iri"])))
        names = listed_files(scratch)
        write_checksums(scratch, names, hashes)
        counts = {"quads": len(quads), "triples": len(triples), "graphs": by_graph}
        write_manifest(scratch, {**meta, **counts}, titles, hashes)
        replace_directory(scratch, out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return out


def write_dumps(
    scratch: Path,
    quads: Sequence[ox.Quad],
    triples: list[ox.Triple],
    graphs: dict[str, list[ox.Quad]],
    prefixes: dict[str, str],
) -> dict[str, str]:
    """Every dump, per-graph Turtle and gzipped whole-dataset dumps; returns name → title."""
    titles = {dump_name(fmt): dump_title(fmt) for fmt in FORMATS}
    (scratch / "graphs").mkdir()
    used: dict[str, str] = {}
    for graph_iri, graph_quads in sorted(graphs.items()):
        name = f"graphs/{graph_iri.rstrip('/').rsplit('/', 1)[-1]}.ttl"
        # One graph's quads are in N-Quads order, so its triples are in N-Triples order.
        graph_triples = [quad.triple for quad in graph_quads]
        graph_used = used_prefixes(graph_triples, prefixes)
        write_rdf(scratch / name, graph_triples, TURTLE, prefixes, graph_used)
        used.update(graph_used)  # the whole dataset uses what its graphs use
        titles[name] = f"Graph <{graph_iri}> (Turtle)"
    whole = dict(sorted(used.items()))
    for fmt in FORMATS:
        write_rdf(scratch / dump_name(fmt), quads if fmt.quads else triples, fmt, prefixes, whole)
    dumps = [dump_name(fmt) for fmt in FORMATS]
    with ThreadPoolExecutor(COMPRESS_THREADS) as pool:
        list(
            pool.map(lambda name: gzip_file(scratch / name, scratch / (name + GZIP_SUFFIX)), dumps)
        )
    for fmt in FORMATS:
        titles[dump_name(fmt) + GZIP_SUFFIX] = f"{dump_title(fmt)}, gzipped"
    return titles


def _union(quads: Sequence[ox.Quad]) -> list[ox.Triple]:
    """The union of the graphs, in N-Triples line order.

    Triple formats hold the union; statements assert nothing, so the union says no more than
    the named graphs do. An N-Quads line is its triple's N-Triples line, a space and the graph,
    and no term's text goes on with a space or a control character, so quads in line order hold
    their triples in line order, each triple's quads side by side: one pass, no sort.
    """
    triples: list[ox.Triple] = []
    for quad in quads:
        triple = quad.triple
        if not triples or triples[-1] != triple:
            triples.append(triple)
    return triples


def _by_graph(quads: Sequence[ox.Quad]) -> dict[str, list[ox.Quad]]:
    by_node: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Quad]] = {}
    for quad in quads:
        by_node.setdefault(quad.graph_name, []).append(quad)
    return {value_of(node): graph for node, graph in by_node.items()}
