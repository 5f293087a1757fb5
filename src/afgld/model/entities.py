"""Entity nodes: one IRI per real-world referent, its types, preferred label and class of event;
and each article's notes on the entities it mentions, in that article's graph."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from afgld.curate.facts import ORGANISATION_KINDS, ArticleFacts, Entity
from afgld.model.builder import DatasetBuilder
from afgld.model.terms import CONCEPT_SCHEMES, KIND_TYPES


def add_entity(builder: DatasetBuilder, entity: Entity) -> URIRef:
    graph = builder.entities
    node = builder.mint.entity(entity.key, entity.kind)
    for rdf_type in KIND_TYPES[entity.kind]:
        graph.add((node, RDF.type, rdf_type))
    if entity.kind == "agent":
        graph.add((node, RDF.type, builder.afg.UnidentifiedAgent))
    label = Literal(entity.label, lang="en")
    graph.add((node, SKOS.prefLabel, label))
    graph.add((node, RDFS.label, label))
    if entity.kind in CONCEPT_SCHEMES:
        graph.add((node, SKOS.inScheme, builder.space.scheme(CONCEPT_SCHEMES[entity.kind])))
    if entity.kind in ("event", "action") and entity.type:
        graph.add((node, builder.afg.eventType, builder.mint.concept("event-type", entity.type)))
    if entity.kind == "work" and entity.type:
        graph.add((node, DCTERMS.type, builder.mint.concept("work-type", entity.type)))
    if entity.kind in ORGANISATION_KINDS and entity.type:
        graph.add((node, ORG.classification, builder.mint.concept("org-type", entity.type)))
    return node


def add_entity_notes(builder: DatasetBuilder, article: ArticleFacts) -> None:
    """Every article's notes on its entities, in that article's graph, so each keeps its source:
    ``skos:note`` for readers, ``skos:editorialNote`` for curators only."""
    graph = builder.source(article.seed.id)
    for key, entity in sorted(article.entities.items()):
        node = builder.mint.entity(key, entity.kind)
        if entity.note:
            graph.add((node, SKOS.note, Literal(entity.note, lang="en")))
        if entity.curator_note:
            graph.add((node, SKOS.editorialNote, Literal(entity.curator_note, lang="en")))
