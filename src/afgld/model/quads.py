"""The dataset as sorted Oxigraph quads: the canonical order every artefact is written in."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph
from rdflib.term import Node

from afgld import rdfterms


def no_blank(term: Node) -> Node:
    """``term``, unless it is a blank node: dumps mint IRIs."""
    if isinstance(term, BNode):
        raise ValueError(f"blank node {term.n3()} in the dataset: mint an IRI instead")
    return term


def sorted_quads(dataset: Dataset) -> list[ox.Quad]:
    """Every quad of the named graphs, in N-Quads line order."""
    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if g is None or g == dataset.default_graph.identifier:
            raise ValueError(f"triple outside a named graph: {s} {p} {o}")
        graph = g.identifier if isinstance(g, Graph) else g
        quads.append(
            ox.Quad(
                rdfterms.subject(no_blank(s)),
                rdfterms.named_node(p),
                rdfterms.to_oxigraph(no_blank(o)),
                ox.NamedNode(str(graph)),
            )
        )
    return sorted(quads, key=str)
