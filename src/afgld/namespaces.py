"""Every namespace afgld uses: the only place IRIs are spelled out.

Standard vocabularies are fixed. afgld's own IRIs hang under one configurable base
(``BASE_IRI``), so they are built by :class:`Space` from that base; the ``afg:`` ontology
namespace is closed, so a misspelt term raises instead of minting a new IRI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Namespace, URIRef
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
    VANN,
    VOID,
    XSD,
    ClosedNamespace,
)

OA = Namespace("http://www.w3.org/ns/oa#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")
CC = Namespace("http://creativecommons.org/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
# DCAT 3 terms (https://www.w3.org/TR/vocab-dcat-3/#dataset-versions) newer than rdflib's DCAT.
DCAT3 = ClosedNamespace(
    str(DCAT), ["version", "hasVersion", "hasCurrentVersion", "previousVersion"]
)
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

# The base under which archived releases are stored in the repository (releases/<version>/):
# a name that can never resolve (RFC 6761 reserves .invalid), so an archive's IRIs are plainly
# a canonical form, rebased onto BASE_IRI by every build that serves them.
CANONICAL_BASE = "https://afgld.invalid/"

# The terms afgld mints, and nothing more (ontology/afgld.ttl declares exactly these).
AFG_CLASSES = (
    "Statement",
    "FactStatement",
    "ReportedClaim",
    "Proposition",
    "Quote",
    "SourceText",
    "UnidentifiedAgent",
    "CuratorJudgement",
)
AFG_PROPERTIES = (
    "proposition",
    "evidence",
    "voice",
    "speechAct",
    "polarity",
    "certainty",
    "rank",
    "eventType",
    "section",
    "speaker",
    "addressee",
    "target",
    "relayedBy",
    "occasion",
    "madeAt",
    "disputes",
    "restsOn",
    "conflictsWith",
    "sameEventAs",
    "perpetrator",
    "affected",
    "follows",
    "characterisedAs",
    "forPost",
    "dateAsStated",
    "dateValue",
    "precision",
    "relativeTo",
    "season",
    "resolutionRule",
    "notStatedInSource",
    "listIsIncomplete",
    "seedFile",
    "hasText",
    "characterCount",
    "bylineAsStated",
    "publishedAt",
    "quantity",
    "quantityAsStated",
    "approximate",
    "judgementKind",
    "basis",
    "disagreesOn",
)
AFG_TERMS = AFG_CLASSES + AFG_PROPERTIES

# Concept schemes under <base>concept/<scheme>/<slug>.
CONCEPT_SCHEMES = (
    "speech-act",
    "event-type",
    "work-type",
    "role",
    "section",
    "voice",
    "polarity",
    "certainty",
    "rank",
    "precision",
    "judgement",
    "season",
    "org-type",
    "characterisation",
)

# Kinds of resource under <base>id/<kind>/<key>, with the prefix each is written with.
ID_KINDS: dict[str, str] = {
    "person": "person",
    "org": "group",
    "place": "place",
    "event": "event",
    "post": "post",
    "agent": "agent",
    "work": "work",
    "membership": "mem",
    "article": "art",
    "text": "text",
    "quote": "quote",
    "statement": "stmt",
    "proposition": "prop",
    "time": "t",
    "quantity": "qty",
    "judgement": "judgement",
}
SCHEME_PREFIXES: dict[str, str] = {
    "speech-act": "act",
    "event-type": "etype",
    "work-type": "wtype",
    "role": "role",
    "section": "section",
    "voice": "voice",
    "polarity": "polarity",
    "certainty": "certainty",
    "rank": "rank",
    "precision": "precision",
    "judgement": "jkind",
    "season": "season",
    "org-type": "orgtype",
    "characterisation": "quality",
}

# Prefixes bound in every serialisation and offered to SPARQL users; base-relative ones are
# added by Space.prefixes().
STANDARD_PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "schema": str(SDO),
    "org": str(ORG),
    "prov": str(PROV),
    "time": str(TIME),
    "sem": str(SEM),
    "oa": str(OA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "spdx": str(SPDX),
    "vann": str(VANN),
    "foaf": str(FOAF),
    "sd": str(SD),
    "adms": str(ADMS),
}


def _checked_base(base: str) -> str:
    if not base.startswith(("http://", "https://")) or not base.endswith("/"):
        raise ValueError(f"BASE_IRI must be an http(s) IRI ending in '/', got {base!r}")
    return base


@dataclass(frozen=True)
class Space:
    """The IRI space of one deployment: everything afgld mints lives under ``base``."""

    base: str
    afg: ClosedNamespace = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _checked_base(self.base)
        object.__setattr__(self, "afg", ClosedNamespace(self.base + "ontology#", list(AFG_TERMS)))

    @property
    def ontology(self) -> URIRef:
        return URIRef(self.base + "ontology")

    def ontology_version(self, version: str) -> URIRef:
        return URIRef(f"{self.base}ontology/{version}")

    @property
    def id(self) -> Namespace:
        return Namespace(self.base + "id/")

    @property
    def concept(self) -> Namespace:
        return Namespace(self.base + "concept/")

    @property
    def graph(self) -> Namespace:
        return Namespace(self.base + "graph/")

    def scheme(self, scheme: str) -> URIRef:
        if scheme not in CONCEPT_SCHEMES:
            raise KeyError(f"unknown concept scheme {scheme!r}")
        return URIRef(f"{self.base}concept/{scheme}")

    def concept_in(self, scheme: str, slug: str) -> URIRef:
        return URIRef(f"{self.scheme(scheme)}/{slug}")

    @property
    def root(self) -> URIRef:
        """The home page: the dataset's ``void:rootResource``."""
        return URIRef(self.base)

    @property
    def dataset(self) -> URIRef:
        return URIRef(self.base + "dataset")

    def dataset_part(self, fragment: str) -> URIRef:
        """A node described inside the dataset description, such as its publisher."""
        return URIRef(f"{self.base}dataset#{fragment}")

    @property
    def releases(self) -> URIRef:
        """The page listing every release."""
        return URIRef(self.base + "releases/")

    def release(self, version: str) -> URIRef:
        """One release (a version of the dataset); its files live under ``releases/<version>/``."""
        return URIRef(f"{self.base}releases/{version}")

    def release_file(self, version: str, name: str) -> URIRef:
        return URIRef(f"{self.base}releases/{version}/{name}")

    @property
    def catalog(self) -> URIRef:
        return URIRef(self.base + "catalog")

    @property
    def validation_report(self) -> URIRef:
        """The release's own SHACL validation report."""
        return URIRef(self.base + "dataset/validation")

    @property
    def uri_space(self) -> str:
        """Where the things of the dataset are named (``void:uriSpace``)."""
        return self.base + "id/"

    @property
    def sparql_endpoint(self) -> URIRef:
        return URIRef(self.base + "sparql")

    def dump(self, name: str) -> URIRef:
        """A file of the release as published, ``dumps/afgld.nq``."""
        return URIRef(f"{self.base}dumps/{name}")

    def dump_part(self, name: str, part: str) -> URIRef:
        """A node about a dump in the catalogue: ``#distribution``, ``#sha256``."""
        return self.fragment(self.dump(name), part)

    @staticmethod
    def fragment(iri: URIRef, part: str) -> URIRef:
        """A node about a published file, as a fragment of its IRI (``…#sha256``)."""
        return URIRef(f"{iri}#{part}")

    def page(self, path: str) -> URIRef:
        """The IRI of a page or document of this site, by its path (``/people``, ``doc/…``):
        ``BASE_IRI`` + the path without its leading slash. Never from a request's Host."""
        return URIRef(self.base + path.lstrip("/"))

    def local_path(self, iri: str) -> str:
        """``/id/person/x`` for ``<BASE>id/person/x``: links that work on any host served."""
        return "/" + iri[len(self.base) :]

    def kind(self, kind: str) -> Namespace:
        """Namespace of one kind of resource, such as ``id/person/``."""
        if kind not in ID_KINDS:
            raise KeyError(f"unknown kind of resource {kind!r}")
        return Namespace(f"{self.base}id/{kind}/")

    def prefixes(self) -> dict[str, str]:
        own = {"afg": self.base + "ontology#", "afgc": self.base + "concept/"}
        own["afgg"] = self.base + "graph/"
        own.update({prefix: f"{self.base}id/{kind}/" for kind, prefix in ID_KINDS.items()})
        own.update({prefix: f"{self.base}concept/{s}/" for s, prefix in SCHEME_PREFIXES.items()})
        return {**STANDARD_PREFIXES, **own}
