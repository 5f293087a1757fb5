"""The dataset as sorted Oxigraph quads: the canonical order every artefact is written in."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph
from rdflib.term import Identifier

from afgld import rdfterms


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """As :func:`afgld.rdfterms.to_oxigraph`, refusing blank nodes: dumps mint IRIs."""
    if isinstance(term, BNode):
        raise ValueError(f"blank node {term.n3()} in the dataset: mint an IRI instead")
    return rdfterms.to_oxigraph(term)


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
