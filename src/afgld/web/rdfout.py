"""RDF out: one resource's quads, serialised in any format of the table in ``afgld.formats``.

JSON-LD always carries its context inline (the same one ``/context.jsonld`` serves), so a
client never has to fetch a context, ours or anyone else's
(https://www.w3.org/TR/json-ld11/#the-context).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Identifier

from afgld.formats import RdfFormat

Quad = tuple[Identifier, Identifier, Identifier, URIRef | None]


def context_document(prefixes: dict[str, str]) -> dict[str, object]:
    """The JSON-LD context of this deployment: its prefixes, as served at /context.jsonld."""
    return {"@context": dict(sorted(prefixes.items()))}


def to_dataset(quads: Iterable[Quad], prefixes: dict[str, str]) -> Dataset:
    dataset = Dataset()
    for prefix, namespace in prefixes.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    for s, p, o, g in quads:
        graph = dataset.graph(g) if g is not None else dataset.default_graph
        graph.add((s, p, o))
    return dataset


def to_graph(quads: Iterable[Quad], prefixes: dict[str, str]) -> Graph:
    graph = Graph()
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    return graph


def serialise(quads: list[Quad], fmt: RdfFormat, prefixes: dict[str, str]) -> bytes:
    """Quads in ``fmt``: named graphs kept in TriG, N-Quads and JSON-LD, merged in the rest."""
    if fmt.rdflib_name == "json-ld":
        return jsonld_bytes(quads, prefixes)
    if fmt.quads:
        data = to_dataset(quads, prefixes).serialize(format=fmt.rdflib_name, encoding="utf-8")
    else:
        data = to_graph(quads, prefixes).serialize(format=fmt.rdflib_name, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def jsonld_document(quads: list[Quad], prefixes: dict[str, str]) -> object:
    """Compacted JSON-LD with the context inline, named graphs kept."""
    context = context_document(prefixes)["@context"]
    text = to_dataset(quads, prefixes).serialize(
        format="json-ld", context=context, auto_compact=True
    )
    document = json.loads(text)
    if isinstance(document, dict):
        document["@context"] = context
    return document


def jsonld_bytes(quads: list[Quad], prefixes: dict[str, str]) -> bytes:
    text = json.dumps(jsonld_document(quads, prefixes), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")
