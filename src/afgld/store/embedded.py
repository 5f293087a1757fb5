"""The embedded store: the built N-Quads loaded into Oxigraph (pyoxigraph), in memory.

Every triple of the dataset sits in a named graph; queries see the union of all graphs as
their default graph, as the service description says.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from afgld.rdfterms import to_oxigraph, to_rdflib
from afgld.store import Bindings, Row
from afgld.store.manifest import DATASET_NQUADS, Manifest


def _substitutions(bindings: Bindings | None) -> dict[ox.Variable, object] | None:
    if not bindings:
        return None
    return {ox.Variable(name): to_oxigraph(value) for name, value in bindings.items()}


class EmbeddedStore:
    """An in-memory Oxigraph store holding one verified build."""

    def __init__(self, manifest: Manifest, oxigraph: ox.Store) -> None:
        self.manifest = manifest
        self.oxigraph = oxigraph

    @classmethod
    def open(cls, build_dir: Path, *, verify: bool = True) -> EmbeddedStore:
        manifest = Manifest.read(build_dir)
        if verify:
            manifest.verify()
        oxigraph = ox.Store()
        oxigraph.bulk_load(path=str(manifest.path(DATASET_NQUADS)), format=ox.RdfFormat.N_QUADS)
        return cls(manifest, oxigraph)

    def _query(self, query: str, bindings: Bindings | None) -> object:
        return self.oxigraph.query(
            query, use_default_graph_as_union=True, substitutions=_substitutions(bindings)
        )

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        solutions = self._query(query, bindings)
        assert isinstance(solutions, ox.QuerySolutions), "page query is not a SELECT"
        names = [variable.value for variable in solutions.variables]
        rows: list[Row] = []
        for solution in solutions:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        answer = self._query(query, bindings)
        assert isinstance(answer, ox.QueryBoolean), "page query is not an ASK"
        return bool(answer)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        triples = self._query(query, bindings)
        assert isinstance(triples, ox.QueryTriples), "page query is not a CONSTRUCT"
        graph = Graph()
        for triple in triples:
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )
        return graph

    def close(self) -> None:
        self.oxigraph = ox.Store()
