"""RDF out: one resource's quads, serialised in any format of the table in ``afgld.formats``.

JSON-LD always carries its context inline (the same one ``/context.jsonld`` serves), so a
client never has to fetch a context, ours or anyone else's
(https://www.w3.org/TR/json-ld11/#the-context).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.term import Identifier

from afgld.formats import RdfFormat
from afgld.rdfterms import to_oxigraph

Quad = tuple[Identifier, Identifier, Identifier, URIRef | None]


def context_document(prefixes: dict[str, str]) -> dict[str, object]:
    """The JSON-LD context of this deployment: its prefixes, as served at /context.jsonld."""
    return {"@context": dict(sorted(prefixes.items()))}


def to_dataset(quads: Iterable[Quad]) -> Dataset:
    dataset = Dataset()
    for s, p, o, g in quads:
        graph = dataset.graph(g) if g is not None else dataset.default_graph
        graph.add((s, p, o))
    return dataset


OXIGRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}


def serialise(quads: list[Quad], fmt: RdfFormat, prefixes: dict[str, str]) -> bytes:
    """Quads in ``fmt``: named graphs kept in TriG, N-Quads and JSON-LD, merged in the rest."""
    if fmt.rdflib_name == "json-ld":
        return jsonld_bytes(quads, prefixes)
    items: list = []
    seen = set()
    for s, p, o, g in quads:
        if fmt.quads:
            graph = ox.NamedNode(str(g)) if g is not None else ox.DefaultGraph()
            item = ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)
        else:
            item = ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
        if item not in seen:
            seen.add(item)
            items.append(item)
    items.sort(key=str)
    used = _used(items, prefixes) if fmt.suffix in ("ttl", "trig", "rdf") else None
    data = ox.serialize(items, format=OXIGRAPH_FORMATS[fmt.suffix], prefixes=used)
    return _sorted_prefix_lines(data) if fmt.suffix in ("ttl", "trig") else data


def _sorted_prefix_lines(data: bytes) -> bytes:
    """Oxigraph writes prefixes in hash order; sort them so the same quads give the same bytes
    (a strong ETag promises byte-identical bodies)."""
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def _used(items: list, prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes some IRI of ``items`` starts with, so a document declares what it uses."""
    iris = set()
    for item in items:
        for node in (item.subject, item.predicate, item.object):
            if isinstance(node, ox.NamedNode):
                iris.add(node.value)
            elif isinstance(node, ox.Literal):
                iris.add(node.datatype.value)
    return {p: ns for p, ns in sorted(prefixes.items()) if any(i.startswith(ns) for i in iris)}


def jsonld_document(quads: list[Quad], prefixes: dict[str, str]) -> object:
    """Compacted JSON-LD with the context inline, named graphs kept."""
    context = context_document(prefixes)["@context"]
    text = to_dataset(quads).serialize(format="json-ld", context=context, auto_compact=True)
    document = _normalise(json.loads(text))
    if isinstance(document, dict):
        document["@context"] = context
    return document


def _normalise(value: object) -> object:
    """Sort keys and node lists, so the same quads always give the same JSON-LD bytes."""
    if isinstance(value, dict):
        return {key: _normalise(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [_normalise(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def jsonld_bytes(quads: list[Quad], prefixes: dict[str, str]) -> bytes:
    text = json.dumps(jsonld_document(quads, prefixes), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")
