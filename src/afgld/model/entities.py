"""Entity nodes: one IRI per real-world referent, its types, preferred label and class of event."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from afgld.curate.facts import Entity
from afgld.model.builder import DatasetBuilder
from afgld.model.terms import KIND_TYPES


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
    if entity.kind == "role":
        graph.add((node, SKOS.inScheme, builder.space.scheme("role")))
    if entity.kind == "event" and entity.type:
        graph.add((node, builder.afg.eventType, builder.mint.concept("event-type", entity.type)))
    if entity.kind == "work" and entity.type:
        graph.add((node, DCTERMS.type, builder.mint.concept("work-type", entity.type)))
    if entity.note:
        graph.add((node, SKOS.editorialNote, Literal(entity.note, lang="en")))
    return node
