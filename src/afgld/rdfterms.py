"""RDF terms between rdflib (the model, the pages) and Oxigraph (the store, the dumps), and
Oxigraph's writers with the prefixes a document uses.

This is the one seam between the two libraries: every conversion goes through these typed
functions, so the rest of the code holds either rdflib terms or Oxigraph terms, never guesses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from afgld.formats import RdfFormat

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
# What Oxigraph may put in a solution or a triple (RDF-star triples never occur here).
OxValue = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph
OxItem = ox.Quad | ox.Triple
# A quad as the pages hold it: rdflib terms, None for the default graph.
Quad = tuple[Identifier, Identifier, Identifier, URIRef | None]


def to_rdflib(term: OxValue) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term afgld uses: {term!r}")


def identifier(node: Node) -> Identifier:
    """An rdflib node as the term it is (rdflib types what graphs hold as ``Node``)."""
    if isinstance(node, Identifier):
        return node
    raise TypeError(f"not an RDF term: {node!r}")


def triples_of(graph: Graph) -> list[tuple[Identifier, Identifier, Identifier]]:
    """The triples of an rdflib graph, typed as terms."""
    return [(identifier(s), identifier(p), identifier(o)) for s, p, o in graph]


def to_oxigraph(term: Node) -> OxTerm:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def named_node(term: Node) -> ox.NamedNode:
    """An IRI as Oxigraph's term; TypeError for anything else (a predicate, a graph name)."""
    converted = to_oxigraph(term)
    if not isinstance(converted, ox.NamedNode):
        raise TypeError(f"not an IRI: {term!r}")
    return converted


def subject(term: Node) -> ox.NamedNode | ox.BlankNode:
    converted = to_oxigraph(term)
    if isinstance(converted, ox.Literal):
        raise TypeError(f"a literal cannot be a subject: {term!r}")
    return converted


def triple(s: Node, p: Node, o: Node) -> ox.Triple:
    return ox.Triple(subject(s), named_node(p), to_oxigraph(o))


def quad(s: Node, p: Node, o: Node, g: URIRef | None) -> ox.Quad:
    graph = named_node(g) if g is not None else ox.DefaultGraph()
    return ox.Quad(subject(s), named_node(p), to_oxigraph(o), graph)


def triple_to_rdflib(item: ox.Triple) -> tuple[Identifier, Identifier, Identifier]:
    return to_rdflib(item.subject), to_rdflib(item.predicate), to_rdflib(item.object)


def used_prefixes(items: Sequence[OxItem], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes some IRI of ``items`` (a node or a literal's datatype) starts with, in
    prefix order, so that a document declares what it uses and nothing else."""
    # Distinct terms first (a set per position, built in C), then each distinct IRI once.
    nodes: set[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {i.subject for i in items}
    nodes |= {item.object for item in items}
    iris = {item.predicate.value for item in items}
    for node in nodes:
        if isinstance(node, ox.NamedNode):
            iris.add(node.value)
        elif isinstance(node, ox.Literal):
            iris.add(node.datatype.value)
    return {p: ns for p, ns in sorted(prefixes.items()) if any(i.startswith(ns) for i in iris)}


def sorted_prefix_lines(data: bytes) -> bytes:
    """Oxigraph writes ``@prefix`` lines in hash order, which changes between runs: sort them,
    so the same items give the same bytes (a strong ETag and a reproducible build promise it)."""
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def write(
    items: Sequence[ox.Quad] | Sequence[ox.Triple],
    fmt: RdfFormat,
    prefixes: Mapping[str, str],
    used: Mapping[str, str] | None = None,
) -> bytes:
    """``items``, in the order given, in ``fmt`` by Oxigraph's writer, declaring the prefixes
    they use where the syntax has prefixes (JSON-LD comes out expanded: no context to fetch).
    ``used``: those prefixes, when the caller knows them already (see :func:`used_prefixes`)."""
    declared = None
    if fmt.prefixed:
        declared = dict(used) if used is not None else used_prefixes(items, prefixes)
    data = ox.serialize(items, format=fmt.oxigraph, prefixes=declared)
    assert data is not None  # no output file given: the bytes are returned
    return sorted_prefix_lines(data) if fmt.prefixed else data


def value_of(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> str:
    """The IRI, blank node id or lexical form of a term; the N-Triples form of anything else."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term.value
    return str(term)
