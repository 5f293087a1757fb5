"""The dataset description: VoID (https://www.w3.org/TR/void/) and DCAT 3
(https://www.w3.org/TR/vocab-dcat-3/), generated from the build itself, never by hand."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    VOID,
    XSD,
)

from afgld.formats import file_media_type
from afgld.namespaces import OA, SD, SEM, SPDX, Space

SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
VOCABULARIES = (SDO, ORG, PROV, TIME, SEM, OA, SKOS, DCTERMS, FOAF, SPDX)
IANA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class DumpFile:
    name: str
    title: str
    bytes: int
    sha256: str


def describe(
    space: Space,
    *,
    release: str,
    ontology_version: str,
    license_iri: str,
    graph_sizes: dict[str, int],
    triples: int,
    dumps: list[DumpFile],
    examples: list[URIRef],
) -> Graph:
    graph = Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("sd", SD)):
        graph.bind(prefix, namespace)
    graph.bind("spdx", SPDX)
    dataset = space.dataset
    catalog = space.catalog
    service = space.sparql_endpoint
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("afgld data catalogue", lang="en")))
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((catalog, DCAT.service, service))
    for rdf_type in (VOID.Dataset, DCAT.Dataset, PROV.Entity):
        graph.add((dataset, RDF.type, rdf_type))
    title = "afgld: Afghan opposition politics in the news"
    graph.add((dataset, DCTERMS.title, Literal(title, lang="en")))
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Facts and claims stated by news articles (2022-2024) about Afghanistan's "
                "anti-Taliban opposition, each with the verbatim sentence that supports it and "
                "who asserts it. Claims are attributed to their speakers and never published "
                "as plain facts.",
                lang="en",
            ),
        )
    )
    graph.add((dataset, DCTERMS.license, URIRef(license_iri)))
    graph.add((dataset, URIRef(f"{DCAT}version"), Literal(release)))  # DCAT 3, newer than rdflib's
    graph.add((dataset, OWL.versionInfo, Literal(release)))
    graph.add((dataset, DCTERMS.conformsTo, space.ontology_version(ontology_version)))
    graph.add((dataset, VOID.uriSpace, Literal(space.uri_space)))
    graph.add((dataset, VOID.sparqlEndpoint, service))
    graph.add((dataset, VOID.triples, Literal(triples)))
    graph.add((dataset, VOID.rootResource, space.root))
    graph.add((dataset, DCTERMS.language, Literal("en", datatype=XSD.language)))
    for vocabulary in (*VOCABULARIES, space.afg):
        graph.add((dataset, VOID.vocabulary, URIRef(str(vocabulary))))
    for example in examples:
        graph.add((dataset, VOID.exampleResource, example))
    for graph_iri, size in sorted(graph_sizes.items()):
        subset = URIRef(graph_iri)
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, VOID.triples, Literal(size)))
        graph.add((subset, RDFS.label, Literal(graph_iri.rsplit("/", 1)[-1], lang="en")))
    for dump in dumps:
        _distribution(graph, space, dataset, dump)
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, DCTERMS.title, Literal("afgld SPARQL 1.1 query endpoint", lang="en")))
    graph.add((service, DCAT.endpointURL, service))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    graph.add((service, SD.endpoint, service))
    return graph


def _distribution(graph: Graph, space: Space, dataset: URIRef, dump: DumpFile) -> None:
    url = space.dump(dump.name)
    node = space.dump_part(dump.name, "distribution")
    checksum = space.dump_part(dump.name, "sha256")
    media_type = file_media_type(dump.name)
    graph.add((dataset, DCAT.distribution, node))
    if dump.name.startswith("afgld."):
        graph.add((dataset, VOID.dataDump, url))
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(dump.title, lang="en")))
    graph.add((node, DCAT.downloadURL, url))
    graph.add((node, DCAT.accessURL, url))
    graph.add((node, DCAT.mediaType, URIRef(IANA + media_type)))
    graph.add((node, DCAT.byteSize, Literal(dump.bytes, datatype=XSD.nonNegativeInteger)))
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
