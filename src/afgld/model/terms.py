"""What the fact-file vocabulary means in RDF: types per entity kind, CURIEs to IRIs."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import FOAF, ORG, PROV, SDO, SKOS, DefinedNamespace

from afgld.namespaces import SEM, Space

# Superclasses are stated too: the served graph is not inferred over, and a query for
# schema:Place or org:Organization should find every place and every organisation.
KIND_TYPES: dict[str, tuple[URIRef, ...]] = {
    "person": (SDO.Person, FOAF.Person),
    "organization": (ORG.Organization, SDO.Organization),
    "collaboration": (ORG.OrganizationalCollaboration, ORG.Organization, SDO.Organization),
    "unit": (ORG.OrganizationalUnit, ORG.Organization, SDO.Organization),
    "government": (
        ORG.FormalOrganization,
        ORG.Organization,
        SDO.GovernmentOrganization,
        SDO.Organization,
    ),
    "outlet": (SDO.NewsMediaOrganization, ORG.Organization, SDO.Organization),
    "country": (SDO.Country, SDO.Place),
    "city": (SDO.City, SDO.Place),
    "region": (SDO.AdministrativeArea, SDO.Place),
    "place": (SDO.Place,),
    "event": (SEM.Event, SDO.Event),
    "action": (SDO.Action, SEM.Event),  # an act with an agent: an offer, a refusal, a guarantee
    "work": (SDO.CreativeWork,),
    "post": (ORG.Post,),
    "role": (ORG.Role, SKOS.Concept),
    "quality": (SKOS.Concept,),  # a characterisation, in the scheme concept/characterisation
    "agent": (PROV.Agent,),  # plus afg:UnidentifiedAgent, added with the deployment's space
}

CLOSED_PREFIXES: dict[str, type[DefinedNamespace]] = {"schema": SDO, "org": ORG, "skos": SKOS}
# The concept scheme each kind of concept entity belongs to.
CONCEPT_SCHEMES = {"role": "role", "quality": "characterisation"}


def resolve_curie(space: Space, curie: str) -> URIRef:
    """'schema:attendee' → the IRI; closed namespaces make a typo fail here, at build time."""
    prefix, local = curie.split(":", 1)
    if prefix == "afg":
        return space.afg[local]
    if prefix == "sem":
        return SEM[local]
    term: URIRef = getattr(CLOSED_PREFIXES[prefix], local)  # AttributeError for a typo
    return term
