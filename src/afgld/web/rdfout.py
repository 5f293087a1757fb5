"""RDF out: one resource's quads, serialised in any format of the table in ``afgld.formats``.

JSON-LD always carries its context inline (the same one ``/context.jsonld`` serves), so a
client never has to fetch a context, ours or anyone else's
(https://www.w3.org/TR/json-ld11/#the-context).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset

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


def serialise(quads: list[Quad], fmt: RdfFormat, prefixes: dict[str, str]) -> bytes:
    """Quads in ``fmt``: named graphs kept in TriG, N-Quads and JSON-LD, merged in the rest.
    JSON-LD is compacted with this deployment's context, inline; the rest is Oxigraph's."""
    if fmt.rdflib_name == "json-ld":
        return jsonld_bytes(quads, prefixes)
    items: list[ox.Quad] | list[ox.Triple]
    if fmt.quads:
        items = sorted({rdfterms.quad(*q) for q in quads}, key=str)
    else:
        items = sorted({rdfterms.triple(s, p, o) for s, p, o, _ in quads}, key=str)
    return rdfterms.write(items, fmt, prefixes)


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
