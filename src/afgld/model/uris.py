"""Every IRI afgld mints, minted here and nowhere else.

IRIs are readable and stable: they derive from curator keys, article numbers and character
offsets, never from row order, counters over the whole corpus, or random numbers, so the same
input always gives the same IRIs (https://www.w3.org/TR/cooluris/).
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from afgld.namespaces import Space

KIND_SEGMENT = {
    "person": "person",
    "organization": "org",
    "collaboration": "org",
    "unit": "org",
    "government": "org",
    "outlet": "org",
    "country": "place",
    "city": "place",
    "region": "place",
    "place": "place",
    "event": "event",
    "action": "event",  # acts are events with an agent (sem:Event), served with the events
    "work": "work",
    "post": "post",
    "agent": "agent",
}


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: 'Ata Mohammad Noor' → 'ata-mohammad-noor'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


class Minter:
    """Mints the IRIs of one deployment's IRI space."""

    def __init__(self, space: Space) -> None:
        self.space = space

    def entity(self, key: str, kind: str) -> URIRef:
        if kind == "role":
            return self.space.concept_in("role", key)
        if kind == "quality":
            return self.space.concept_in("characterisation", key)
        return self.space.kind(KIND_SEGMENT[kind])[key]

    def article(self, seed_id: str) -> URIRef:
        return self.space.kind("article")[seed_id]

    def source_text(self, seed_id: str) -> URIRef:
        return self.space.kind("text")[seed_id]

    def checksum(self, seed_id: str) -> URIRef:
        return URIRef(f"{self.source_text(seed_id)}#sha256")

    def quote(self, seed_id: str, start: int, end: int) -> URIRef:
        return self.space.kind("quote")[f"{seed_id}-{start}-{end}"]

    def selector(self, quote: URIRef, which: str) -> URIRef:
        return URIRef(f"{quote}#{which}")

    def statement(self, seed_id: str, start: int, end: int, number: int) -> URIRef:
        return self.space.kind("statement")[f"{seed_id}-{start}-{end}-{number}"]

    def name_statement(self, seed_id: str, key: str, name: str) -> URIRef:
        # Case is kept: "Panjshir valley" and "Panjshir Valley" are two spellings in one text.
        spelled = re.sub(r"[^A-Za-z0-9]+", "-", unicodedata.normalize("NFKD", name)).strip("-")
        return self.space.kind("statement")[f"{seed_id}-name-{key}-{spelled or 'x'}"]

    def proposition(self, statement: URIRef, number: int) -> URIRef:
        local = str(statement).rsplit("/", 1)[-1]
        return self.space.kind("proposition")[f"{local}-{number}"]

    def quantity(self, statement: URIRef, number: int) -> URIRef:
        local = str(statement).rsplit("/", 1)[-1]
        return self.space.kind("quantity")[f"{local}-{number}"]

    def membership(self, holder: str, role: str, of: str | None) -> URIRef:
        return self.space.kind("membership")[f"{holder}_{role}_{of or 'unstated'}"]

    def membership_interval(self, membership: URIRef) -> URIRef:
        local = str(membership).rsplit("/", 1)[-1]
        return self.space.kind("time")[f"membership-{local}"]

    def time(self, seed_id: str, time_id: str) -> URIRef:
        return self.space.kind("time")[f"{seed_id}-{time_id}"]

    def time_description(self, time: URIRef) -> URIRef:
        return URIRef(f"{time}#description")

    def judgement(self, judgement_id: str) -> URIRef:
        return self.space.kind("judgement")[judgement_id]

    @property
    def curators(self) -> URIRef:
        return self.space.kind("agent")["afgld-curators"]

    def graph(self, name: str) -> URIRef:
        return self.space.graph[name]

    def source_graph(self, seed_id: str) -> URIRef:
        return self.graph(f"source-{seed_id}")

    def concept(self, scheme: str, key: str) -> URIRef:
        return self.space.concept_in(scheme, key)
