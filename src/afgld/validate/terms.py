"""Every term the data uses is declared: in afgld's ontology or concept schemes, or in a
reused vocabulary (checked against rdflib's closed namespaces, or the lists below)."""

from __future__ import annotations

from rdflib import Graph, URIRef
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
    SH,
    SKOS,
    TIME,
    VANN,
    VOID,
    XSD,
)

from afgld.namespaces import OA, SEM, SPDX, Space

CLOSED = (DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, VANN, VOID, XSD, SH)
# Terms used from vocabularies that rdflib does not ship as closed namespaces.
OPEN_TERMS = {
    *(
        OA[t]
        for t in (
            "SpecificResource",
            "TextPositionSelector",
            "TextQuoteSelector",
            "hasSource",
            "hasSelector",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
        )
    ),
    *(
        SEM[t]
        for t in (
            "Event",
            "hasActor",
            "hasTime",
            "hasEarliestBeginTimeStamp",
            "hasLatestEndTimeStamp",
        )
    ),
    *(
        SPDX[t]
        for t in ("checksum", "Checksum", "algorithm", "checksumValue", "checksumAlgorithm_sha256")
    ),
}


def is_declared(term: URIRef, declared: set[URIRef]) -> bool:
    if term in declared or term in OPEN_TERMS:
        return True
    return any(str(term).startswith(str(ns)) and term in ns for ns in CLOSED)


def check_terms(union: Graph, ontology: Graph, space: Space) -> list[str]:
    """One problem per undeclared predicate, class or concept."""
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    declared |= {
        s
        for s in union.subjects(RDF.type, SKOS.Concept)
        if isinstance(s, URIRef) and str(s).startswith(space.base)
    }
    problems = []
    used: dict[URIRef, str] = {}
    for _, predicate, obj in union:
        if isinstance(predicate, URIRef):
            used.setdefault(predicate, "property")
        if predicate == RDF.type and isinstance(obj, URIRef):
            used.setdefault(obj, "class")
        if isinstance(obj, URIRef) and str(obj).startswith(str(space.concept)):
            used.setdefault(obj, "concept")
    for term, role in sorted(used.items()):
        if not is_declared(term, declared):
            problems.append(
                f"{role} {term} is declared neither by afgld nor by a reused vocabulary"
            )
    return problems
