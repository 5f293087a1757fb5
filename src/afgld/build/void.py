"""The dataset description: VoID (https://www.w3.org/TR/void/) and DCAT 3
(https://www.w3.org/TR/vocab-dcat-3/), generated from the build itself, never by hand.

Versions follow DCAT 3 §11 (https://www.w3.org/TR/vocab-dcat-3/#dataset-versions): the dataset
``dcat:hasVersion`` each release and ``dcat:hasCurrentVersion`` the one built; each release has
its ``dcat:version``, ``dcterms:issued``, ``dcat:previousVersion`` (and ``prov:wasRevisionOf``),
``adms:versionNotes`` and its own archived dump. Gzipped dumps are distributions of their own,
with the media type of what they hold and ``dcat:compressFormat``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
from afgld.namespaces import ADMS, DCAT3, IANA_MEDIA_TYPES, OA, SD, SEM, SPDX, Space
from afgld.releases.archive import ARCHIVE_DUMP

SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
VOCABULARIES = (SDO, ORG, PROV, TIME, SEM, OA, SKOS, DCTERMS, FOAF, SPDX)
GZIP = URIRef(IANA_MEDIA_TYPES + "application/gzip")


@dataclass(frozen=True)
class DumpFile:
    name: str
    title: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Version:
    """One release, as its description lists it; ``files`` live under releases/<version>/."""

    version: str
    issued: dt.date
    summary: str
    previous: str | None
    files: list[DumpFile] = field(default_factory=list)


@dataclass(frozen=True)
class Publication:
    """Who publishes the data, its releases (oldest first, the last being built) and what
    the data covers: everything here is recorded in the repository or derived from the data."""

    publisher: str
    versions: list[Version]
    articles: int
    creator: URIRef | None = None
    creator_label: str | None = None
    coverage: tuple[Literal, Literal] | None = None

    @property
    def current(self) -> Version:
        return self.versions[-1]


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
    publication: Publication,
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
                f"Facts and claims stated by news articles ({publication.articles} in this "
                "release) about Afghanistan's anti-Taliban opposition, each with the verbatim "
                "sentence that supports it and who asserts it. Claims are attributed to their "
                "speakers and never published as plain facts.",
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
    _publication(graph, space, dataset, publication)
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, DCTERMS.title, Literal("afgld SPARQL 1.1 query endpoint", lang="en")))
    graph.add((service, DCAT.endpointURL, service))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    graph.add((service, SD.endpoint, service))
    return graph


def _distribution(
    graph: Graph,
    space: Space,
    dataset: URIRef,
    dump: DumpFile,
    url: URIRef | None = None,
) -> None:
    url = url or space.dump(dump.name)
    node = space.fragment(url, "distribution")
    checksum = space.fragment(url, "sha256")
    inner = dump.name.removesuffix(".gz")
    graph.add((dataset, DCAT.distribution, node))
    if dump.name.startswith("afgld.") and dump.name == inner:
        graph.add((dataset, VOID.dataDump, url))
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(dump.title, lang="en")))
    graph.add((node, DCAT.downloadURL, url))
    graph.add((node, DCAT.accessURL, url))
    graph.add((node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + file_media_type(inner))))
    if inner != dump.name:
        graph.add((node, DCAT.compressFormat, GZIP))
    graph.add((node, DCAT.byteSize, Literal(dump.bytes, datatype=XSD.nonNegativeInteger)))
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))


def _publication(graph: Graph, space: Space, dataset: URIRef, publication: Publication) -> None:
    """Dates, publisher, creator, temporal coverage and every release."""
    graph.bind("adms", ADMS)
    first, current = publication.versions[0], publication.current
    graph.add((dataset, DCTERMS.issued, Literal(first.issued, datatype=XSD.date)))
    graph.add((dataset, DCTERMS.modified, Literal(current.issued, datatype=XSD.date)))
    publisher = space.dataset_part("publisher")
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(publication.publisher, lang="en")))
    if publication.creator is not None:
        graph.add((dataset, DCTERMS.creator, publication.creator))
        graph.add((publication.creator, RDF.type, FOAF.Agent))
        if publication.creator_label:
            graph.add(
                (publication.creator, FOAF.name, Literal(publication.creator_label, lang="en"))
            )
    if publication.coverage is not None:
        period = space.dataset_part("temporal-coverage")
        graph.add((dataset, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, publication.coverage[0]))
        graph.add((period, DCAT.endDate, publication.coverage[1]))
        graph.add((period, DCTERMS.description, Literal(COVERAGE_NOTE, lang="en")))
    graph.add((dataset, DCAT3.hasCurrentVersion, space.release(current.version)))
    for version in publication.versions:
        _version(graph, space, dataset, version)


COVERAGE_NOTE = (
    "From the earliest to the latest time the articles state with a year (events and "
    "publication dates alike), each at the precision its text gives; times stated without a "
    "year are left out."
)


def _version(graph: Graph, space: Space, dataset: URIRef, version: Version) -> None:
    node = space.release(version.version)
    graph.add((dataset, DCAT3.hasVersion, node))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, RDF.type, VOID.Dataset))
    graph.add((node, DCTERMS.isVersionOf, dataset))
    graph.add((node, DCTERMS.title, Literal(f"afgld {version.version}", lang="en")))
    graph.add((node, DCAT3.version, Literal(version.version)))
    graph.add((node, DCTERMS.issued, Literal(version.issued, datatype=XSD.date)))
    graph.add((node, ADMS.versionNotes, Literal(version.summary, lang="en")))
    if version.previous is not None:
        previous = space.release(version.previous)
        graph.add((node, DCAT3.previousVersion, previous))
        graph.add((node, PROV.wasRevisionOf, previous))
    for dump in version.files:
        url = space.release_file(version.version, dump.name)
        if dump.name == ARCHIVE_DUMP:
            _distribution(graph, space, node, dump, url)
            graph.add((node, VOID.dataDump, url))
        elif dump.name.startswith("changes/"):
            graph.add((node, RDFS.seeAlso, url))  # the changes since the previous version
