"""The predicates a fact file may use in `triples`, and what they connect.

The table is the contract between curators (mappings/README.md) and the model: the model maps
each CURIE to an IRI, the reader checks subjects and objects against the kinds listed here.
"""

from __future__ import annotations

from typing import NamedTuple

from afgld.curate.facts import AGENT_KINDS, ENTITY_KINDS, PLACE_KINDS


class PredicateSpec(NamedTuple):
    curie: str
    subject_kinds: tuple[str, ...]
    # a kind group (agent, place, event, person, organization, post, any), time, text, quantity
    object: str


ORGANISATIONS = ("organization", "collaboration", "unit", "government", "outlet")
EVENT_OR_WORK = ("event", "work")

PREDICATES: dict[str, PredicateSpec] = {
    "attendee": PredicateSpec("schema:attendee", ("event",), "agent"),
    "organizer": PredicateSpec("schema:organizer", ("event",), "agent"),
    "sponsor": PredicateSpec("schema:sponsor", ("event",), "agent"),
    "location": PredicateSpec("schema:location", ("event",), "place"),
    "when": PredicateSpec("sem:hasTime", EVENT_OR_WORK, "time"),
    "title": PredicateSpec("schema:name", EVENT_OR_WORK, "text"),
    "about": PredicateSpec("schema:about", EVENT_OR_WORK, "any"),
    "sub_event": PredicateSpec("schema:subEvent", ("event",), "event"),
    "part_of": PredicateSpec("schema:superEvent", ("event",), "event"),
    "perpetrator": PredicateSpec("afg:perpetrator", ("event",), "agent"),
    "affected": PredicateSpec("afg:affected", ("event",), "any"),
    "parent": PredicateSpec("schema:parent", ("person",), "person"),
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
