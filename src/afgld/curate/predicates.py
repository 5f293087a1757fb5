"""The predicates a fact file may use in `triples`, and what they connect.

The table is the contract between curators (mappings/README.md) and the model: the model maps
each CURIE to an IRI, the reader checks subjects and objects against the kinds listed here.
"""

from __future__ import annotations

from typing import NamedTuple

from afgld.curate.facts import (
    AGENT_KINDS,
    CONCEPT_KINDS,
    ENTITY_KINDS,
    EVENT_KINDS,
    ORGANISATION_KINDS,
    PLACE_KINDS,
)


class PredicateSpec(NamedTuple):
    curie: str
    subject_kinds: tuple[str, ...]
    # a kind group (agent, place, event, person, organization, post, quality, any), time, text,
    # quantity, words (verbatim words of the quote), or thing (any key, or words)
    object: str


ORGANISATIONS = ORGANISATION_KINDS
EVENT_OR_WORK = (*EVENT_KINDS, "work")
ACTIONS = ("action",)
# Anything a quality can be attributed to: not the concepts themselves.
CHARACTERISABLE = tuple(kind for kind in ENTITY_KINDS if kind not in CONCEPT_KINDS)

PREDICATES: dict[str, PredicateSpec] = {
    "attendee": PredicateSpec("schema:attendee", ("event",), "agent"),
    "organizer": PredicateSpec("schema:organizer", ("event",), "agent"),
    "sponsor": PredicateSpec("schema:sponsor", ("event",), "agent"),
    "location": PredicateSpec("schema:location", EVENT_KINDS, "place"),
    "when": PredicateSpec("sem:hasTime", EVENT_OR_WORK, "time"),
    "title": PredicateSpec("schema:name", EVENT_OR_WORK, "text"),
    "about": PredicateSpec("schema:about", EVENT_OR_WORK, "any"),
    "sub_event": PredicateSpec("schema:subEvent", EVENT_KINDS, "event"),
    "part_of": PredicateSpec("schema:superEvent", EVENT_KINDS, "event"),
    "after": PredicateSpec("afg:follows", EVENT_KINDS, "event"),
    "perpetrator": PredicateSpec("afg:perpetrator", ("event",), "agent"),
    "affected": PredicateSpec("afg:affected", EVENT_KINDS, "any"),
    "agent": PredicateSpec("schema:agent", ACTIONS, "agent"),
    "recipient": PredicateSpec("schema:recipient", ACTIONS, "agent"),
    "object": PredicateSpec("schema:object", ACTIONS, "thing"),
    "instrument": PredicateSpec("schema:instrument", ACTIONS, "thing"),
    "result": PredicateSpec("schema:result", EVENT_KINDS, "thing"),
    "characterised_as": PredicateSpec("afg:characterisedAs", CHARACTERISABLE, "quality"),
    "known_as": PredicateSpec("skos:altLabel", AGENT_KINDS + PLACE_KINDS, "words"),
    "parent": PredicateSpec("schema:parent", ("person",), "person"),
    "knows": PredicateSpec("schema:knows", ("person",), "person"),
    "child": PredicateSpec("schema:children", ("person",), "person"),
    "contained_in": PredicateSpec("schema:containedInPlace", PLACE_KINDS, "place"),
    "unit_of": PredicateSpec("org:unitOf", ("unit",), "organization"),
    "resulted_from": PredicateSpec("org:resultedFrom", ORGANISATIONS, "event"),
    "author": PredicateSpec("schema:author", ("work",), "agent"),
    "publisher": PredicateSpec("schema:publisher", ("work",), "agent"),
    "based_in": PredicateSpec("schema:homeLocation", AGENT_KINDS, "place"),
    "holds": PredicateSpec("org:holds", AGENT_KINDS, "post"),
    "quantity": PredicateSpec("afg:quantity", ENTITY_KINDS, "quantity"),
}
