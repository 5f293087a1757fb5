"""RDF out: one resource's quads, serialised in any format of the table in ``afgld.formats``.

JSON-LD always carries its context inline (the same one ``/context.jsonld`` serves), so a
client never has to fetch a context, ours or anyone else's
(https://www.w3.org/TR/json-ld11/#the-context).

A document in a format that carries named graphs (TriG, N-Quads, JSON-LD, and the JSON-LD a
page embeds) holds each of its triples twice: in the named graph it comes from (provenance: the
article, the facts, the curation) and in the default graph, so that a Linked Data client that
queries the default graph of what it fetched (Comunica does; its Accept header puts N-Quads
first) finds the triples about the document's subject. Triple formats merge the graphs as
before. Why: docs/decisions/20261206-documents-for-linked-data-clients.md.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Dataset, Literal, URIRef
from rdflib.term import Identifier

from afgld import rdfterms
from afgld.formats import RdfFormat
from afgld.rdfterms import Quad


def context_document(prefixes: dict[str, str]) -> dict[str, object]:
    """The JSON-LD context of this deployment: its prefixes, as served at /context.jsonld."""
    return {"@context": dict(sorted(prefixes.items()))}


def to_dataset(quads: Iterable[Quad]) -> Dataset:
    dataset = Dataset()
    for s, p, o, g in quads:
        graph = dataset.graph(g) if g is not None else dataset.default_graph
        graph.add((s, p, o))
    return dataset


def with_default_graph(quads: list[Quad]) -> list[Quad]:
    """``quads``, and each triple of a named graph in the default graph as well."""
    return quads + [(s, p, o, None) for s, p, o, g in quads if g is not None]


def serialise(quads: list[Quad], fmt: RdfFormat, prefixes: dict[str, str]) -> bytes:
    """Quads in ``fmt``: named graphs kept in TriG, N-Quads and JSON-LD, with every triple in
    the default graph too (:func:`with_default_graph`); merged in the rest. JSON-LD is
    compacted with this deployment's context, inline; the rest is Oxigraph's."""
    if fmt.rdflib_name == "json-ld":
        return jsonld_bytes(quads, prefixes)
    items: list[ox.Quad] | list[ox.Triple]
    if fmt.quads:
        items = sorted({rdfterms.quad(*q) for q in with_default_graph(quads)}, key=str)
    else:
        items = sorted({rdfterms.triple(s, p, o) for s, p, o, _ in quads}, key=str)
    return rdfterms.write(items, fmt, prefixes)


def jsonld_document(quads: list[Quad], prefixes: dict[str, str]) -> dict[str, object]:
    """Compacted JSON-LD with the context inline, named graphs kept, every triple in the
    default graph too.

    Built here from the quads as Python objects: the document rdflib's JSON-LD serialiser
    wrote with a context of prefixes alone (and ``auto_compact``), in a fraction of its time.
    The default graph's nodes are at the top level, each named graph is
    ``{"@id": graph, "@graph": [nodes]}``; one node per subject, its predicates as compact
    IRIs and ``rdf:type`` as ``@type``, its objects as ``{"@id": …}``, plain strings, native
    numbers and booleans, ``{"@language", "@value"}``, ``{"@type", "@value"}``, or
    ``{"@list": […]}`` for a well-formed list of blank nodes. Keys and arrays are sorted (an
    ``@list`` keeps its order), so the same quads always give the same bytes."""
    compact = _compactor(tuple(sorted(prefixes.items())))
    in_default: set[Triple] = set()
    graphs: dict[URIRef, set[Triple]] = {}
    for s, p, o, g in with_default_graph(quads):
        (in_default if g is None else graphs.setdefault(g, set())).add((s, p, o))
    default = _Graph(in_default, compact).nodes()
    named: list[JsonObject] = []
    for name, triples in graphs.items():
        graph: JsonObject = {"@graph": _Graph(triples, compact).nodes(), "@id": compact.iri(name)}
        if len(default) == 1 and default[0]["@id"] == graph["@id"]:
            default[0] = _sorted_keys({**default[0], **graph})  # as rdflib merges them
        else:
            named.append(graph)
    document: JsonObject
    if len(default) == 1 and not named:
        document = default[0]
    elif len(named) == 1 and not default:
        document = named[0]
    else:
        document = {"@graph": _sorted_values([*default, *named])}
    return _sorted_keys({**document, "@context": dict(compact.context)})


def embeddable(document: object) -> object:
    """JSON-LD to embed in a page's ``<script type="application/ld+json">``: the top-level
    nodes under ``@included`` instead of ``@graph``.

    A processor that extracts every script of a page reads them as one array (JSON-LD 1.1
    Processing Algorithms, "Process HTML" with ``extractAllScripts``; Comunica does), and in an
    array an object holding only ``@context`` and ``@graph`` is a graph named by a blank node:
    the page's triples would leave the default graph. Nodes ``@included`` in a top-level node
    stay in its graph, the default one, whether the script is read alone or in an array."""
    if not isinstance(document, dict) or "@graph" not in document or "@id" in document:
        return document  # a node (one that names a graph too): already in the default graph
    nodes = document["@graph"]
    return {
        **{k: v for k, v in document.items() if k != "@graph"},
        "@included": nodes if isinstance(nodes, list) else [nodes],
    }


JsonObject = dict[str, object]
Triple = tuple[Identifier, Identifier, Identifier]
GEN_DELIMS = (":", "/", "?", "#", "[", "]", "@")
# The literals JSON-LD writes as native JSON values (what rdflib's serialiser writes so).
NATIVE = {XSD.boolean: bool, XSD.integer: int, XSD.double: float, XSD.string: str}
TYPE, FIRST, REST, NIL, LIST = RDF.type, RDF.first, RDF.rest, RDF.nil, RDF.List


class _Compactor:
    """IRIs as a context of prefixes alone compacts them: ``prefix:local`` where the IRI's
    namespace (up to its last ``#``, else its last ``/``, else its last ``:``) is a prefix's;
    a term (``foaf``) for a predicate or a type that is a prefix's IRI itself."""

    def __init__(self, prefixes: tuple[tuple[str, str], ...]) -> None:
        self.context: JsonObject = dict(prefixes)
        # a prefix is a term whose IRI ends with a gen-delim (JSON-LD 1.1, Create Term Definition)
        self.prefix = {iri: name for name, iri in prefixes if iri.endswith(GEN_DELIMS)}
        self.term = {iri: name for name, iri in prefixes}

    def iri(self, iri: str) -> str:
        """An ``@id``: a compact IRI, or the IRI."""
        for delimiter in "#/:":
            at = iri.rfind(delimiter)
            if at > -1:
                name = self.prefix.get(iri[: at + 1])
                return f"{name}:{iri[at + 1 :]}" if name else iri
        return iri

    def symbol(self, iri: str) -> str:
        """A key or an ``@type``: a term, a compact IRI, or the IRI."""
        return self.term.get(iri) or self.iri(iri)


@functools.lru_cache(maxsize=8)
def _compactor(prefixes: tuple[tuple[str, str], ...]) -> _Compactor:
    return _Compactor(prefixes)


class _Graph:
    """One graph's triples as JSON-LD nodes."""

    def __init__(self, triples: set[Triple], compact: _Compactor) -> None:
        self.compact = compact
        self.symbols: dict[Identifier, str] = {}  # predicates and types, compacted once
        self.edges: dict[Identifier, list[tuple[Identifier, Identifier]]] = {}
        self.referenced: set[Identifier] = set()
        for s, p, o in triples:
            self.edges.setdefault(s, []).append((p, o))
            if isinstance(o, BNode):
                self.referenced.add(o)

    def nodes(self) -> list[JsonObject]:
        """A node for each subject but the blank nodes of a list another node holds."""
        return _sorted_values(
            [
                self.node(s)
                for s in self.edges
                if not (s in self.referenced and self.items(s) is not None)
            ]
        )

    def node(self, subject: Identifier) -> JsonObject:
        node: dict[str, list[object]] = {}
        for p, o in self.edges[subject]:
            if p == TYPE and isinstance(o, URIRef):
                node.setdefault("@type", []).append(self.symbol(o))
            else:
                node.setdefault(self.symbol(p), []).append(self.value(o))
        out: JsonObject = {"@id": self.id(subject)}
        for key, values in node.items():
            out[key] = values[0] if len(values) == 1 else _sorted_values(values)
        return _sorted_keys(out)

    def symbol(self, term: Identifier) -> str:
        found = self.symbols.get(term)
        if found is None:
            found = self.symbols[term] = self.compact.symbol(term)
        return found

    def id(self, term: Identifier) -> str:
        if isinstance(term, BNode):
            return f"_:{term}"
        return self.compact.iri(term)

    def value(self, term: Identifier) -> object:
        if not isinstance(term, Literal):
            items = self.items(term) if isinstance(term, BNode) or term == NIL else None
            if items is not None:
                return {"@list": [self.value(item) for item in items]}
            return {"@id": self.id(term)}
        if term.language:
            return {"@language": term.language, "@value": str(term)}
        if term.datatype is None:
            return str(term)
        native = NATIVE.get(term.datatype)
        value = term.toPython()
        if native is not None and isinstance(value, native) and _finite(value):
            return value
        return {"@type": self.symbol(term.datatype), "@value": str(term)}

    def items(self, term: Identifier) -> list[Identifier] | None:
        """The members of the list ``term`` heads (``rdf:nil``: none), or None when ``term``
        is not a well-formed list of blank nodes (each an ``rdf:first``, an ``rdf:rest``, and
        nothing but an ``rdf:type rdf:List`` more)."""
        found: list[Identifier] = []
        seen: set[Identifier] = set()
        while term != NIL:
            if not isinstance(term, BNode) or term in seen:
                return None
            seen.add(term)
            edges = self.edges.get(term, ())
            first = [o for p, o in edges if p == FIRST]
            rest = [o for p, o in edges if p == REST]
            extra = [(p, o) for p, o in edges if p not in (FIRST, REST) and (p, o) != (TYPE, LIST)]
            if len(first) != 1 or len(rest) != 1 or extra:
                return None
            found.append(first[0])
            term = rest[0]
        return found


def _finite(value: object) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _sorted_keys(value: JsonObject) -> JsonObject:
    return dict(sorted(value.items()))


def _sorted_values(values: list[Any]) -> list[Any]:
    """A JSON array in a fixed order: by each value's JSON text, keys sorted.

    A node, or a reference to one, whose first key is ``@id`` is ordered by the start of that
    text alone, ``{"@id": "…"``, which no other value's text begins with and which decides
    the order whenever those starts differ (a JSON string is never the start of another)."""
    keys = [_sort_key(item) for item in values]
    if len(set(keys)) < len(keys):  # two nodes of the same @id: order by their whole text
        keys = [json.dumps(item, sort_keys=True) for item in values]
    return [item for _, item in sorted(zip(keys, values, strict=True), key=lambda kv: kv[0])]


def _sort_key(item: object) -> str:
    if isinstance(item, dict) and next(iter(item), None) == "@id":
        return '{"@id": ' + json.dumps(item["@id"])
    return json.dumps(item, sort_keys=True)


def jsonld_bytes(quads: list[Quad], prefixes: dict[str, str]) -> bytes:
    text = json.dumps(jsonld_document(quads, prefixes), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")
