"""The dataset as sorted Oxigraph quads: the canonical order every artefact is written in."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        raise ValueError(f"blank node {term.n3()} in the dataset: mint an IRI instead")
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def sorted_quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of the named graphs, in N-Quads line order."""
    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g is None or g == dataset.default_graph.identifier:
            raise ValueError(f"triple outside a named graph: {s} {p} {o}")
        graph = g.identifier if isinstance(g, Graph) else g
        quads.append(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.NamedNode(str(graph)))
        )
    return sorted(quads, key=str)
