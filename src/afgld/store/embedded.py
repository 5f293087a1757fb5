"""The embedded store: the build's on-disk Oxigraph index, opened read-only.

Page queries run in the web worker on the index opened with ``Store.read_only``: no copy of the
data is loaded, and every process that serves reads the same files through the operating
system's page cache. User queries run in killable query processes over the same index
(``afgld.store.pool``), so that a deadline really stops the work. Every triple of the dataset
sits in a named graph; queries see the union of all graphs as their default graph, as the
service description says.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from afgld.config import Settings
from afgld.namespaces import Space
from afgld.rdfterms import to_oxigraph, to_rdflib, triple_to_rdflib
from afgld.store import EMBEDDED, Bindings, Health, Row
from afgld.store.index import index_of
from afgld.store.jobs import Answer, Job
from afgld.store.manifest import Manifest
from afgld.store.pool import QueryPool


def _substitutions(
    bindings: Bindings | None,
) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None:
    if not bindings:
        return None
    return {ox.Variable(name): to_oxigraph(value) for name, value in bindings.items()}


class EmbeddedStore:
    """The index of one verified build, and the query processes reading it."""

    backend = EMBEDDED

    def __init__(self, manifest: Manifest, directory: Path, pool: QueryPool) -> None:
        self.manifest = manifest
        self.directory = directory
        self.oxigraph = ox.Store.read_only(str(directory))
        self.pool = pool

    @classmethod
    def open(cls, manifest: Manifest, settings: Settings) -> EmbeddedStore:
        """Over a verified manifest; BuildError if the build's index is missing or stale."""
        directory = index_of(manifest)
        pool = QueryPool(
            directory,
            settings.query_workers,
            Space(manifest.base_iri).prefixes(),
            settings.query_wait_s,
            settings.query_workers_max,
        )
        return cls(manifest, directory, pool)

    def _query(
        self, query: str, bindings: Bindings | None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        return self.oxigraph.query(
            query, use_default_graph_as_union=True, substitutions=_substitutions(bindings)
        )

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        solutions = self._query(query, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError("page query is not a SELECT")
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
        if not isinstance(answer, ox.QueryBoolean):
            raise TypeError("page query is not an ASK")
        return bool(answer)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        triples = self._query(query, bindings)
        if not isinstance(triples, ox.QueryTriples):
            raise TypeError("page query is not a CONSTRUCT")
        graph = Graph()
        for triple in triples:
            graph.add(triple_to_rdflib(triple))
        return graph

    # -- user queries: the query processes -----------------------------------------------------
    def run(self, job: Job, timeout_s: float) -> Answer:
        return self.pool.run(job, timeout_s)

    async def run_async(self, job: Job, timeout_s: float) -> Answer:
        return await self.pool.run_async(job, timeout_s)

    def start(self) -> None:
        self.pool.start()

    def wait_until_ready(self, timeout_s: float = 30.0) -> None:
        self.pool.start()
        self.pool.wait_until_ready(timeout_s)

    def health(self) -> Health:
        """Unhealthy while this process's query processes have been started and none is alive
        (all starting, or all gone): a query could not be answered now."""
        state = self.pool.state()
        ok = not state["started"] or int(state["live"]) > 0
        return Health(ok, {"query_processes": state})

    def close(self) -> None:
        self.pool.close()
