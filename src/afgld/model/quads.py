"""The dataset as sorted Oxigraph quads: the canonical order every artefact is written in."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Identifier, Node

from afgld import rdfterms


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """As :func:`afgld.rdfterms.to_oxigraph`, refusing blank nodes: dumps mint IRIs."""
    if isinstance(term, BNode):
        raise ValueError(f"blank node {term.n3()} in the dataset: mint an IRI instead")
    return rdfterms.to_oxigraph(term)


def sorted_quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of the named graphs, in N-Quads line order."""
    converted: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def convert(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        # A term recurs in many quads: convert it once (a third of the time at 1M quads).
        found = converted.get(term)
        if found is None:
            if not isinstance(term, Identifier):
                raise TypeError(f"not an RDF term: {term!r}")
            found = converted[term] = to_oxigraph(term)
        return found

    quads = []
    for graph in dataset.graphs():  # graph by graph: a third cheaper than dataset.quads()
        name = convert(graph.identifier)
        for s, p, o in graph:
            if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
                raise ValueError(f"triple outside a named graph: {s} {p} {o}")
            subject, predicate = convert(s), convert(p)
            if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
                raise ValueError(f"not an RDF triple: {s} {p} {o}")
            if not isinstance(name, ox.NamedNode):
                raise ValueError(f"graph {graph.identifier} is not named by an IRI")
            quads.append(ox.Quad(subject, predicate, convert(o), name))
    return sorted(quads, key=str)
