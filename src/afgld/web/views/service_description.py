"""The endpoint's SPARQL 1.1 Service Description: small, and true.

https://www.w3.org/TR/sparql11-service-description/: the real endpoint IRI, the formats
actually served, the union default graph, the named graphs with their sizes, and the limits.
No ``sd:BasicFederatedQuery``: SERVICE is refused.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, VOID, XSD

from afgld.config import Settings
from afgld.formats import BOOLEAN_FORMATS, GRAPH_FORMATS, SOLUTION_FORMATS
from afgld.namespaces import SD, Space
from afgld.store.manifest import Manifest

LIMITS = (
    ("QUERY_TIMEOUT_S", "A query is stopped after {} s of wall-clock time (503, Retry-After)."),
    ("MAX_QUERY_BYTES", "A query text may take at most {} bytes."),
    ("MAX_QUERY_NESTING", "Brackets may nest at most {} deep."),
    ("MAX_RESULT_ROWS", "A result may hold at most {} rows or triples; beyond, an error (400)."),
    ("MAX_RESULT_BYTES", "A serialised result may take at most {} bytes; beyond, an error."),
    ("MAX_BODY_BYTES", "A request body may take at most {} bytes (413)."),
)


def _limits(service: URIRef, graph: Graph, settings: Settings) -> None:
    graph.add((service, RDFS.comment, Literal("Read-only: SPARQL Update is refused.", lang="en")))
    graph.add(
        (
            service,
            RDFS.comment,
            Literal(
                "SERVICE is refused, and FROM, FROM NAMED, default-graph-uri and "
                "named-graph-uri select among this dataset's own graphs; nothing is fetched.",
                lang="en",
            ),
        )
    )
    for name, sentence in LIMITS:
        text = f"{sentence.format(getattr(settings, name.lower()))} ({name})"
        graph.add((service, RDFS.comment, Literal(text, lang="en")))


def _dataset(service: URIRef, graph: Graph, manifest: Manifest) -> None:
    dataset, default = BNode("dataset"), BNode("default")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    counts: dict[str, int] = dict(manifest.data.get("graphs", {}))
    triples = manifest.data.get("triples")
    if triples is not None:
        graph.add((default, VOID.triples, Literal(int(triples), datatype=XSD.integer)))
    for number, (iri, size) in enumerate(sorted(counts.items())):
        named, described = BNode(f"named{number}"), BNode(f"graph{number}")
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(int(size), datatype=XSD.integer)))


def describe(space: Space, manifest: Manifest, settings: Settings) -> Graph:
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    service = space.sparql_endpoint
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    formats = {*SOLUTION_FORMATS, *BOOLEAN_FORMATS, *GRAPH_FORMATS}
    for fmt in sorted(formats):
        graph.add((service, SD.resultFormat, URIRef(fmt.sd_iri)))
    _limits(service, graph, settings)
    _dataset(service, graph, manifest)
    return graph
