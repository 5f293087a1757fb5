"""Statements as pages show them: what is said, in whose voice, and the sentence it comes from.

A fact statement is the article's own voice; a reported claim is someone else's, with speaker,
speech act, polarity, target, addressee and relay (ONTOLOGY.md §5). Every statement shows its
evidence: the article, its outlet and date as stated, and the verbatim quote in its context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SDO, SKOS
from rdflib.term import Identifier

from afgld.web.views.site import Article, Site, bool_in, iri_in, iris
from afgld.web.views.terms import Term, natural_key, quote_anchor, term


@dataclass
class Evidence:
    quote: Term
    article: Term
    info: Article | None
    outlet: Term | None
    date_as_stated: str | None
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    section: Term | None

    @property
    def in_place(self) -> str | None:
        """The sentence where it sits, on its article's page."""
        if self.article.href is None:
            return None
        return f"{self.article.href}#{quote_anchor(self.quote.value)}"


@dataclass
class Proposition:
    iri: Term
    subject: Term
    predicate: Term
    object: Term
    asserted: bool


@dataclass
class Judgement:
    iri: Term
    kind: Term | None
    note: str
    date: str | None


@dataclass
class StatementView:
    iri: URIRef
    term: Term
    claim: bool
    text: str
    graph: Term | None
    certainty: Term | None = None
    rank: Term | None = None
    voice: Term | None = None
    speaker: Term | None = None
    speech_act: Term | None = None
    polarity: Term | None = None
    targets: list[Term] = field(default_factory=list)
    addressees: list[Term] = field(default_factory=list)
    relayed_by: list[Term] = field(default_factory=list)
    said_in: Term | None = None
    made_at: Term | None = None
    occasion: Term | None = None
    appearance: Term | None = None
    about: list[Term] = field(default_factory=list)
    disputes: list[Term] = field(default_factory=list)
    disputed_by: list[Term] = field(default_factory=list)
    conflicts: list[Term] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    incomplete: bool = False
    identifier: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    propositions: list[Proposition] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return self.rank is not None and self.rank.value.endswith("/disputed")

    @property
    def hedged(self) -> bool:
        return self.certainty is not None and not self.certainty.value.endswith("/certain")

    @property
    def negative(self) -> bool:
        return self.polarity is not None and self.polarity.value.endswith("/negative")

    @property
    def is_name(self) -> bool:
        """A name statement: it only says that an article uses a name for an entity."""
        names = ("skos:prefLabel", "skos:altLabel")
        return bool(self.propositions) and all(
            p.predicate.curie in names for p in self.propositions
        )

    @property
    def anchor(self) -> str:
        return "st-" + str(self.iri).rsplit("/", 1)[-1]


class Statements:
    """Builds statement views for one site; each is built once and kept (the data is fixed)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.view = lru_cache(maxsize=4096)(self._view)
        self.evidence = lru_cache(maxsize=4096)(self._evidence)

    def views(self, iris: list[URIRef]) -> list[StatementView]:
        return [self.view(iri) for iri in sorted(set(iris), key=lambda i: natural_key(str(i)))]

    def _view(self, iri: URIRef) -> StatementView:
        site = self.site
        afg = site.space.afg
        rows = site.select("page-statement", iri)
        by: dict[Identifier, list[Identifier]] = {}
        graph = None
        for row in rows:
            by.setdefault(row["p"], []).append(row["o"])
            if row["o"] == afg.Statement:
                graph = row["g"]

        def one(prop: URIRef) -> Term | None:
            values = sorted(by.get(prop, []), key=str)
            return term(site, values[0]) if values else None

        def many(prop: URIRef) -> list[Term]:
            return [term(site, v) for v in sorted(by.get(prop, []), key=str)]

        types = set(by.get(RDF.type, []))
        text = by.get(SDO.text, [""])[0]
        view = StatementView(
            iri=iri,
            term=term(site, iri),
            claim=afg.ReportedClaim in types,
            text=str(text),
            graph=term(site, graph) if graph is not None else None,
            certainty=one(afg.certainty),
            rank=one(afg.rank),
            voice=one(afg.voice),
            speaker=one(afg.speaker),
            speech_act=one(afg.speechAct),
            polarity=one(afg.polarity),
            targets=many(afg.target),
            addressees=many(afg.addressee),
            relayed_by=many(afg.relayedBy),
            said_in=one(SDO.locationCreated),
            made_at=one(afg.madeAt),
            occasion=one(afg.occasion),
            appearance=one(SDO.appearance),
            about=many(SDO.about),
            disputes=many(afg.disputes),
            conflicts=many(afg.conflictsWith),
            incomplete=bool(by.get(afg.listIsIncomplete)),
            identifier=str(by[DCTERMS.identifier][0]) if DCTERMS.identifier in by else None,
        )
        for row in site.select("page-statement-incoming", iri):
            source, prop = iri_in(row, "s"), row["p"]
            if prop == afg.disputes:
                view.disputed_by.append(term(site, source))
            elif prop == SDO.about and afg.CuratorJudgement in site.types.get(source, set()):
                view.judgements.append(self.judgement(source))
        for quote in sorted(iris(by.get(afg.evidence, [])), key=lambda q: natural_key(str(q))):
            view.evidence.extend(self.evidence(quote))
        propositions = iris(by.get(afg.proposition, []))
        for prop in sorted(propositions, key=lambda p: natural_key(str(p))):
            view.propositions.extend(self.proposition(prop))
        return view

    def judgement(self, iri: URIRef) -> Judgement:
        site = self.site
        values: dict[Identifier, list[Identifier]] = {}
        for row in site.select("page-statement", iri):
            values.setdefault(row["p"], []).append(row["o"])
        kind = values.get(site.space.afg.judgementKind)
        date = values.get(DCTERMS.date)
        return Judgement(
            term(site, iri),
            term(site, kind[0]) if kind else None,
            str(values.get(SKOS.note, [""])[0]),
            str(date[0]) if date else None,
        )

    def proposition(self, iri: URIRef) -> list[Proposition]:
        site = self.site
        found: list[Proposition] = []
        for row in site.select("page-proposition", iri)[:1]:
            found.append(
                Proposition(
                    term(site, iri),
                    term(site, row["subject"]),
                    term(site, row["predicate"], as_property=True),
                    term(site, row["object"]),
                    bool_in(row, "asserted"),
                )
            )
        return found

    def _evidence(self, quote: URIRef) -> list[Evidence]:
        site = self.site
        found = []
        for row in site.select("page-quote", quote):
            article = site.articles.get(iri_in(row, "article"))
            outlet = term(site, article.publisher) if article and article.publisher else None
            date = None
            if article and article.published_at and article.published_at in site.times:
                date = site.times[article.published_at].as_stated
            found.append(
                Evidence(
                    quote=term(site, quote),
                    article=term(site, row["article"]),
                    info=article,
                    outlet=outlet,
                    date_as_stated=date,
                    exact=str(row["exact"]),
                    prefix=str(row.get("prefix", "")),
                    suffix=str(row.get("suffix", "")),
                    start=int(row["start"]),
                    end=int(row["end"]),
                    section=term(site, row["section"]) if "section" in row else None,
                )
            )
        return found[:1]
