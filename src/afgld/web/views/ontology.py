"""The ontology's documentation, generated from the ontology graph the build loaded from
``ontology/*.ttl``: one page, each ``afg:`` term at its own anchor (its hash IRI), and the
concept schemes with their concepts (Best Practice Recipes for Publishing RDF Vocabularies,
recipe 3: https://www.w3.org/TR/swbp-vocab-pub/#recipe3).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN
from rdflib.term import Identifier

from afgld.web.views.site import Site, iris
from afgld.web.views.terms import Term, term


@dataclass
class TermDoc:
    iri: URIRef
    name: str  # the local name: the anchor on the page
    label: str
    definition: str
    kind: str  # class | object property | datatype property | property
    details: list[tuple[str, list[Term]]] = field(default_factory=list)


@dataclass
class SchemeDoc:
    term: Term
    definition: str
    concepts: list[tuple[Term, str]]


@dataclass
class OntologyView:
    iri: URIRef
    title: str
    description: str
    version: str
    version_iri: Term | None
    licence: Term | None
    prefix: str
    classes: list[TermDoc]
    properties: list[TermDoc]
    schemes: list[SchemeDoc]
    triples: list[tuple[Identifier, Identifier, Identifier]]


KINDS = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    RDF.Property: "property",
}
DETAILS = (
    ("subclass of", RDFS.subClassOf),
    ("subproperty of", RDFS.subPropertyOf),
    ("domain", RDFS.domain),
    ("range", RDFS.range),
    ("inverse of", OWL.inverseOf),
    ("equivalent to", OWL.equivalentClass),
)


def ontology_view(site: Site) -> OntologyView:
    triples = [(r["s"], r["p"], r["o"]) for r in site.select("page-ontology")]
    props: dict[Identifier, dict[Identifier, list[Identifier]]] = {}
    for s, p, o in triples:
        props.setdefault(s, {}).setdefault(p, []).append(o)
    iri = site.space.ontology

    def text(node: Identifier, *predicates: URIRef) -> str:
        for predicate in predicates:
            for value in props.get(node, {}).get(predicate, []):
                if isinstance(value, Literal):
                    return str(value)
        return ""

    head = props.get(iri, {})
    version_iri = head.get(OWL.versionIRI, [None])[0]
    licence = head.get(DCTERMS.license, [None])[0]
    namespace = str(site.space.afg)
    terms: list[TermDoc] = []
    for node in sorted(props, key=str):
        if not isinstance(node, URIRef) or not str(node).startswith(namespace):
            continue
        kinds = [KINDS[t] for t in iris(props[node].get(RDF.type, [])) if t in KINDS]
        doc = TermDoc(
            node,
            str(node)[len(namespace) :],
            text(node, RDFS.label),
            text(node, SKOS.definition, RDFS.comment),
            kinds[0] if kinds else "term",
        )
        for label, predicate in DETAILS:
            values = sorted(props[node].get(predicate, []), key=str)
            if values:
                doc.details.append((label, [term(site, v) for v in values]))
        terms.append(doc)
    schemes = []
    for node in sorted(props, key=str):
        if SKOS.ConceptScheme in props[node].get(RDF.type, []):
            concepts = sorted(
                (c for c, values in props.items() if node in values.get(SKOS.inScheme, [])),
                key=str,
            )
            schemes.append(
                SchemeDoc(
                    term(site, node),
                    text(node, SKOS.definition),
                    [(term(site, c), text(c, SKOS.definition)) for c in concepts],
                )
            )
    return OntologyView(
        iri=iri,
        title=text(iri, DCTERMS.title) or "afgld ontology",
        description=text(iri, DCTERMS.description),
        version=text(iri, OWL.versionInfo),
        version_iri=term(site, version_iri) if version_iri is not None else None,
        licence=term(site, licence) if licence is not None else None,
        prefix=text(iri, VANN.preferredNamespacePrefix) or "afg",
        classes=[t for t in terms if t.kind == "class"],
        properties=[t for t in terms if t.kind != "class"],
        schemes=schemes,
        triples=triples,
    )
