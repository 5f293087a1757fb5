"""Terms as pages show them: a label, a link, and what kind of thing they are."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from afgld.web.views.site import Site, TimeNode, humanise

# Readable names for the standard properties pages show most (the ontology labels afg: terms).
PROPERTY_LABELS = {
    "rdf:type": "type",
    "rdfs:label": "label",
    "skos:prefLabel": "preferred name",
    "skos:altLabel": "also called",
    "skos:editorialNote": "curator's note",
    "skos:note": "note",
    "skos:definition": "definition",
    "skos:inScheme": "in scheme",
    "schema:attendee": "participant",
    "schema:location": "place",
    "schema:about": "about",
    "schema:text": "proposition",
    "schema:name": "title",
    "schema:startDate": "start date",
    "schema:locationCreated": "said in",
    "schema:appearance": "appears in",
    "schema:superEvent": "part of",
    "schema:subEvent": "includes",
    "schema:containedInPlace": "located in",
    "schema:homeLocation": "based in",
    "schema:children": "child",
    "sem:hasTime": "time",
    "org:memberOf": "member of",
    "org:headOf": "head of",
    "org:member": "member",
    "org:organization": "organisation",
    "org:role": "role",
    "org:memberDuring": "during",
    "org:holds": "holds post",
    "org:unitOf": "unit of",
    "org:resultedFrom": "resulted from",
    "prov:wasQuotedFrom": "quoted from",
    "prov:wasAttributedTo": "attributed to",
    "oa:hasSource": "source text",
    "time:inside": "includes the instant",
    "time:before": "before",
    "time:after": "after",
    "time:intervalDuring": "during",
    "dcterms:date": "date",
}


@dataclass(frozen=True)
class Term:
    """One RDF term ready for a template: ``label`` to show, ``href`` to follow (or None)."""

    value: str
    label: str
    href: str | None = None
    kind: str = ""  # person, org, statement, literal, external …
    curie: str = ""
    language: str | None = None
    datatype: str | None = None
    time: TimeNode | None = None

    @property
    def is_literal(self) -> bool:
        return self.kind == "literal"


def term(site: Site, value: Identifier, *, as_property: bool = False) -> Term:
    if isinstance(value, Literal):
        datatype = None
        if value.datatype is not None and value.datatype != XSD.string:
            datatype = site.curie(value.datatype)
        return Term(str(value), str(value), None, "literal", "", value.language, datatype)
    if not isinstance(value, URIRef):
        return Term(str(value), str(value), None, "blank")
    curie = site.curie(value)
    if as_property:
        label = site.labels.get(value) or PROPERTY_LABELS.get(curie) or humanise(curie)
    else:
        label = site.label(value)
    kind = site.kind(value) or "external"
    return Term(str(value), label, site.href(value), kind, curie, time=site.times.get(value))


_NUMBER = re.compile(r"(\d+)")


def natural_key(iri: str) -> tuple[int | str, ...]:
    """Sort ``002-51-264-2`` before ``002-265-479-1``: numbers compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in _NUMBER.split(iri))


def quote_anchor(quote: str) -> str:
    """The anchor of a quote on its article's page (``q-002-265-479``): where a statement's
    sentence sits in place, and what the article's marks link to."""
    return "q-" + quote.rsplit("/", 1)[-1]
