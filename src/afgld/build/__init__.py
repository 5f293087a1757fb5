"""Build: mappings → RDF → validation → artefacts in ``build/``. Writes nothing unless valid."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from afgld.build.artefacts import (
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
from afgld.store.index import INDEX, write_index
from afgld.store.lists import LISTS_FILE
from afgld.store.manifest import DATASET_NQUADS, sha256_of


def dump_title(fmt: RdfFormat) -> str:
    """What the whole-dataset dump in ``fmt`` holds (JSON-LD is written in expanded form)."""
    label = "JSON-LD, expanded form" if fmt.rdflib_name == "json-ld" else fmt.label
    if fmt.quads:
        return f"Whole dataset, every named graph ({label})"
    return f"Union of all graphs ({label})"


Describe = Callable[[Path, list[DumpFile], dict[str, int]], dict[str, bytes]]


def write_build(
    dataset: Dataset,
    out: Path,
    *,
    prefixes: dict[str, str],
    meta: dict[str, object],
    describe: Describe | None = None,
) -> Path:
    """Serialise ``dataset`` into ``out`` atomically, with the query index of its N-Quads;
    returns ``out``.

    ``meta`` goes into manifest.json (base_iri, release, ontology_version, inputs_sha256…).
    ``describe(scratch, dumps, graph_sizes)`` returns further files (name → bytes) written
    beside the dumps, such as the VoID description, which needs the dumps' sizes and hashes.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        quads = sorted_quads(dataset)
        titles: dict[str, str] = {}
        for fmt in FORMATS:
            name = f"afgld.{fmt.suffix}"
            write_rdf(scratch / name, quads, fmt, prefixes)
            titles[name] = dump_title(fmt)
        by_graph: dict[str, list[ox.Quad]] = {}
        for quad in quads:
            graph = quad.graph_name  # sorted_quads puts every quad in a named graph
            if isinstance(graph, ox.NamedNode):
                by_graph.setdefault(graph.value, []).append(quad)
        (scratch / "graphs").mkdir()
        for graph_iri, graph_quads in sorted(by_graph.items()):
            name = f"graphs/{graph_iri.rstrip('/').rsplit('/', 1)[-1]}.ttl"
            write_rdf(scratch / name, graph_quads, TURTLE, prefixes)
            titles[name] = f"Graph <{graph_iri}> (Turtle)"
        dumps = [
            DumpFile(name, title, (scratch / name).stat().st_size, sha256_of(scratch / name))
            for name, title in sorted(titles.items())
        ]
        sizes = {iri: len(qs) for iri, qs in sorted(by_graph.items())}
        for name, content in sorted((describe(scratch, dumps, sizes) if describe else {}).items()):
            (scratch / name).parent.mkdir(parents=True, exist_ok=True)
            (scratch / name).write_bytes(content)
        # The index is not listed in the manifest (its stamp is afgld.nq's hash); the list
        # tables, asked of it, are.
        nquads = scratch / DATASET_NQUADS
        write_index(nquads, scratch / INDEX, sha256_of(nquads))
        write_lists(scratch / INDEX, scratch / LISTS_FILE, Space(str(meta["base_iri"])))
        write_checksums(scratch, listed_files(scratch))
        counts = {"quads": len(quads), "triples": len({q.triple for q in quads}), "graphs": sizes}
        write_manifest(scratch, {**meta, **counts}, titles)
        replace_directory(scratch, out)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return out
