"""The dataset under construction: one place that knows which named graph a triple goes to.

Graphs (ONTOLOGY.md §7.5): ``source-NNN`` (an article, its quotes and every statement it
supports), ``entities`` (types, labels, time and membership nodes), ``facts`` (plain triples
derived from undisputed, unhedged article-voice statements), ``curation`` (judgements, ranks),
``ontology`` (afg: terms and concept schemes).
"""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Identifier

from afgld.model.uris import Minter
from afgld.namespaces import Space


class DatasetBuilder:
    def __init__(self, space: Space) -> None:
        self.space = space
        self.mint = Minter(space)
        self.afg = space.afg
        self.dataset = Dataset()
        for prefix, namespace in space.prefixes().items():
            self.dataset.bind(prefix, namespace, override=True, replace=True)

    def graph(self, name: str) -> Graph:
        return self.dataset.graph(self.mint.graph(name))

    def source(self, seed_id: str) -> Graph:
        return self.dataset.graph(self.mint.source_graph(seed_id))

    @property
    def entities(self) -> Graph:
        return self.graph("entities")

    @property
    def facts(self) -> Graph:
        return self.graph("facts")

    @property
    def curation(self) -> Graph:
        return self.graph("curation")

    @property
    def ontology(self) -> Graph:
        return self.graph("ontology")

    def add(self, graph: Graph, subject: URIRef, predicate: URIRef, obj: Identifier) -> None:
        graph.add((subject, predicate, obj))
