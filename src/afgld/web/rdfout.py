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


def jsonld_document(quads: list[Quad], prefixes: dict[str, str]) -> object:
    """Compacted JSON-LD with the context inline, named graphs kept, every triple in the
    default graph too."""
    context = context_document(prefixes)["@context"]
    dataset = to_dataset(with_default_graph(quads))
    text = dataset.serialize(format="json-ld", context=context, auto_compact=True)
    document = _normalise(_default_graph_at_top(json.loads(text)))
    if isinstance(document, dict):
        document["@context"] = context
    return document


def embeddable(document: object) -> object:
    """JSON-LD to embed in a page's ``<script type="application/ld+json">``: the top-level
    nodes under ``@included`` instead of ``@graph``.

    A processor that extracts every script of a page reads them as one array (JSON-LD 1.1
    Processing Algorithms, "Process HTML" with ``extractAllScripts``; Comunica does), and in an
    array an object holding only ``@context`` and ``@graph`` is a graph named by a blank node:
    the page's triples would leave the default graph. Nodes ``@included`` in a top-level node
    stay in its graph, the default one, whether the script is read alone or in an array."""
    if not isinstance(document, dict) or "@graph" not in document:
        return document
    nodes = document["@graph"]
    return {
        **{k: v for k, v in document.items() if k != "@graph"},
        "@included": nodes if isinstance(nodes, list) else [nodes],
    }


def _default_graph_at_top(document: object) -> object:
    """rdflib writes a dataset's default graph as an object holding only ``@graph``, inside the
    top-level ``@graph``: JSON-LD reads that as a graph named by a blank node (JSON-LD 1.1,
    §4.9 "Named Graphs"), so a client found none of it in the default graph. Its nodes are
    lifted to the top level, where they belong to the default graph."""
    if not isinstance(document, dict) or not isinstance(document.get("@graph"), list):
        return document
    nodes: list[object] = []
    for node in document["@graph"]:
        if isinstance(node, dict) and set(node) == {"@graph"}:
            inner = node["@graph"]
            nodes.extend(inner if isinstance(inner, list) else [inner])
        else:
            nodes.append(node)
    return {**document, "@graph": nodes}


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
