"""Build: mappings → RDF → validation → artefacts in ``build/``. Writes nothing unless valid."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rdflib import Dataset

from afgld.build.artefacts import (
    _write_rdf,
    replace_directory,
    sorted_quads,
    write_checksums,
    write_jsonld,
    write_manifest,
)
from afgld.store.manifest import DATASET_NQUADS

DUMP_TITLES = {
    DATASET_NQUADS: "Whole dataset, every named graph (N-Quads)",
    "afgld.trig": "Whole dataset, every named graph (TriG)",
    "afgld.jsonld": "Whole dataset, every named graph (JSON-LD)",
    "afgld.ttl": "Union of all graphs (Turtle)",
    "afgld.nt": "Union of all graphs (N-Triples)",
    "afgld.rdf": "Union of all graphs (RDF/XML)",
}


def write_build(
    dataset: Dataset,
    out: Path,
    *,
    prefixes: dict[str, str],
    meta: dict[str, object],
    extra_files: dict[str, bytes] | None = None,
) -> Path:
    """Serialise ``dataset`` into ``out`` atomically; returns ``out``.

    ``meta`` goes into manifest.json (base_iri, release, ontology_version, inputs_sha256…);
    ``extra_files`` (name → bytes) are written beside the dumps and listed in the manifest.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        quads = sorted_quads(dataset)
        for name in DUMP_TITLES:
            suffix = name.rsplit(".", 1)[-1]
            if suffix == "jsonld":
                write_jsonld(scratch / name, quads, dict(sorted(prefixes.items())))
            else:
                _write_rdf(scratch / name, quads, suffix, prefixes)
        graphs_dir = scratch / "graphs"
        graphs_dir.mkdir()
        titles = dict(DUMP_TITLES)
        by_graph: dict[str, list] = {}
        for quad in quads:
            by_graph.setdefault(quad.graph_name.value, []).append(quad)
        for graph_iri, graph_quads in sorted(by_graph.items()):
            name = graph_iri.rstrip("/").rsplit("/", 1)[-1]
            _write_rdf(graphs_dir / f"{name}.ttl", graph_quads, "ttl", prefixes)
            titles[f"graphs/{name}.ttl"] = f"Graph <{graph_iri}> (Turtle)"
        for name, content in sorted((extra_files or {}).items()):
            (scratch / name).write_bytes(content)
        dumps = sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*") if p.is_file())
        write_checksums(scratch, dumps)
        counts = {
            "quads": len(quads),
            "triples": len({q.triple for q in quads}),
            "graphs": {iri: len(qs) for iri, qs in sorted(by_graph.items())},
        }
        write_manifest(scratch, {**meta, **counts}, titles)
        replace_directory(scratch, out)
    except BaseException:
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return out
