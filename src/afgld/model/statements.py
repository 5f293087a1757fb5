"""The statement layer: what each article says, in whose voice, with its evidence.

A statement asserts nothing by itself. Its formal content is a list of ``afg:Proposition``s
(``rdf:Statement``s, which RDF semantics does not entail), so the graph stays true to the
sources even when every named graph is merged into one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, TIME
from rdflib.term import Identifier

from afgld.curate.corpus import handle as handle_of
from afgld.curate.facts import (
    ArticleFacts,
    Entity,
    Item,
    Quantity,
    RoleSpec,
    Span,
    Triple,
    Words,
)
from afgld.curate.predicates import PREDICATES
from afgld.model.builder import DatasetBuilder
from afgld.model.sources import add_quote
from afgld.model.terms import CONCEPT_SCHEMES, resolve_curie

Proposition = tuple[URIRef, URIRef, Identifier]
ROLE_RELATIONS = {
    "current": TIME.inside,
    "former": TIME.before,
    "before": TIME.before,
    "after": TIME.after,
    "during": TIME.intervalDuring,
}


@dataclass
class StatementRecord:
    """What the curation and truthy stages need to know about one statement."""

    iri: URIRef
    seed_id: str
    voice: str
    certainty: str
    handle: str | None
    where: str = ""  # file and line of the fact file it comes from, for error messages
    disputes: str | None = None  # `NNN#id` of a statement this one rejects, per the text
    propositions: list[Proposition] = field(default_factory=list)
    polarity: str = "affirmative"
    rests_on: list[str] = field(default_factory=list)  # `NNN#id`s of statements it depends on


class ArticleStatements:
    """Turns one article's statement blocks (and its entity names) into RDF."""

    def __init__(
        self, builder: DatasetBuilder, article: ArticleFacts, entities: dict[str, Entity]
    ) -> None:
        self.builder = builder
        self.article = article
        self.entities = entities
        self.seed_id = article.seed.id
        self.graph = builder.source(self.seed_id)
        self.afg = builder.afg
        self.mint = builder.mint
        self.records: list[StatementRecord] = []

    def iri(self, key: str) -> URIRef:
        return self.mint.entity(key, self.entities[key].kind)

    def add_all(self) -> list[StatementRecord]:
        for block in self.article.statements:
            quote = add_quote(self.builder, self.article, block.quote)
            for number, item in enumerate(block.items, start=1):
                self.add_item(block.quote, quote, number, item)
        self.add_names()
        return self.records

    # -- one fact or claim -----------------------------------------------------------------
    def add_item(self, span: Span, quote: URIRef, number: int, item: Item) -> None:
        node = self.mint.statement(self.seed_id, span.start, span.end, number)
        handle = f"{self.seed_id}#{item.id}" if item.id else None
        where = f"mappings/{self.article.path.name}:{item.line}"
        record = StatementRecord(node, self.seed_id, item.voice, item.certainty, handle, where)
        record.polarity = item.polarity
        if item.disputes:
            record.disputes = handle_of(item.disputes, self.seed_id)
        record.rests_on = [handle_of(ref, self.seed_id) for ref in item.rests_on]
        self.records.append(record)
        g, afg = self.graph, self.afg
        claim = item.voice == "claim"
        for rdf_type in (afg.Statement, PROV.Entity):
            g.add((node, RDF.type, rdf_type))
        g.add((node, RDF.type, afg.ReportedClaim if claim else afg.FactStatement))
        voice = "reported-speech" if claim else "article"
        g.add((node, afg.voice, self.mint.concept("voice", voice)))
        g.add((node, SDO.text, Literal(item.says, lang="en")))
        g.add((node, afg.evidence, quote))
        g.add((node, afg.certainty, self.mint.concept("certainty", item.certainty)))
        g.add((node, afg.polarity, self.mint.concept("polarity", item.polarity)))
        if handle:
            g.add((node, DCTERMS.identifier, Literal(handle)))
        if item.incomplete:
            g.add((node, afg.listIsIncomplete, Literal(True)))
        about: set[str] = set(item.about)
        for triple in item.triples:
            about.add(triple.subject)
            record.propositions.append(self.triple(node, triple, len(record.propositions)))
            if isinstance(triple.object, str) and PREDICATES[triple.predicate].object not in (
                "time",
                "text",
                "quality",
            ):
                about.add(triple.object)
        for role in item.roles:
            about |= {k for k in (role.holder, role.of) if k}
            record.propositions.extend(self.role(role))
        if claim:
            about |= self.add_claim(node, item)
        for key in sorted(about):
            g.add((node, SDO.about, self.iri(key)))
        for index, proposition in enumerate(record.propositions, start=1):
            self.add_proposition(node, index, proposition)

    def add_claim(self, node: URIRef, item: Item) -> set[str]:
        g, afg, mint = self.graph, self.afg, self.mint
        g.add((node, RDF.type, SDO.Claim))
        g.add((node, SDO.appearance, mint.article(self.seed_id)))
        g.add((node, afg.speechAct, mint.concept("speech-act", item.act or "assertion")))
        keys: set[str] = set()
        if item.by:
            g.add((node, afg.speaker, self.iri(item.by)))
            keys.add(item.by)
        for key in item.target:
            g.add((node, afg.target, self.iri(key)))
            keys.add(key)
        if item.to:
            g.add((node, afg.addressee, self.iri(item.to)))
        for key in item.via:
            g.add((node, afg.relayedBy, self.iri(key)))
        if item.at:
            g.add((node, SDO.locationCreated, self.iri(item.at)))
        if item.on:
            g.add((node, afg.madeAt, mint.time(self.seed_id, item.on)))
        if item.occasion:
            g.add((node, afg.occasion, self.iri(item.occasion)))
        return keys

    # -- formal content --------------------------------------------------------------------
    def triple(self, node: URIRef, triple: Triple, index: int) -> Proposition:
        spec = PREDICATES[triple.predicate]
        predicate = resolve_curie(self.builder.space, spec.curie)
        subject = self.iri(triple.subject)
        value = triple.object
        obj: Identifier
        if isinstance(value, Quantity):
            obj = self.quantity(node, index + 1, value)
        elif isinstance(value, Words):
            obj = Literal(value.text, lang="en")
        elif spec.object == "time":
            obj = self.mint.time(self.seed_id, value)
        elif spec.object == "text":
            obj = Literal(value, lang="en")
        else:
            obj = self.iri(value)
        return (subject, predicate, obj)

    def quantity(self, node: URIRef, number: int, value: Quantity) -> URIRef:
        qty = self.mint.quantity(node, number)
        g, afg = self.graph, self.afg
        g.add((qty, RDF.type, SDO.QuantitativeValue))
        g.add((qty, SDO.value, Literal(value.value)))
        g.add((qty, SDO.unitText, Literal(value.unit, lang="en")))
        g.add((qty, afg.quantityAsStated, Literal(value.as_stated)))
        g.add((qty, RDFS.label, Literal(value.as_stated, lang="en")))  # shown as the text gives it
        if value.approximate:
            g.add((qty, afg.approximate, Literal(True)))
        return qty

    def role(self, role: RoleSpec) -> list[Proposition]:
        mint, entities = self.mint, self.builder.entities
        membership = mint.membership(role.holder, role.role, role.of)
        interval = mint.membership_interval(membership)
        entities.add((membership, RDF.type, ORG.Membership))
        labels = [self.entities[k].label for k in (role.holder, role.role, role.of) if k]
        entities.add((membership, RDFS.label, Literal(", ".join(labels), lang="en")))
        entities.add((interval, RDF.type, TIME.ProperInterval))
        entities.add((interval, RDF.type, TIME.TemporalEntity))
        found: list[Proposition] = [
            (membership, ORG.member, self.iri(role.holder)),
            (membership, ORG.role, self.iri(role.role)),
        ]
        if role.of:
            found.append((membership, ORG.organization, self.iri(role.of)))
        if role.post:
            found.append((membership, self.afg.forPost, self.iri(role.post)))
        found.append((membership, ORG.memberDuring, interval))
        anchor = role.when_time or "publication"
        found.append((interval, ROLE_RELATIONS[role.when], mint.time(self.seed_id, anchor)))
        return found

    def add_proposition(self, node: URIRef, index: int, proposition: Proposition) -> None:
        prop = self.mint.proposition(node, index)
        g = self.graph
        g.add((node, self.afg.proposition, prop))
        g.add((prop, RDF.type, self.afg.Proposition))
        g.add((prop, RDF.type, RDF.Statement))
        g.add((prop, RDF.subject, proposition[0]))
        g.add((prop, RDF.predicate, proposition[1]))
        g.add((prop, RDF.object, proposition[2]))

    # -- names -----------------------------------------------------------------------------
    def add_names(self) -> None:
        """Every spelling the article uses becomes a label backed by the sentence it is in."""
        evidence = self.article.name_evidence
        for key, entity in sorted(self.article.entities.items()):
            if entity.kind in CONCEPT_SCHEMES:
                continue  # role and quality concepts are labelled by their declaration alone
            for name in entity.names:
                span = evidence.get((key, name))
                if span is None:
                    continue  # the reader reports names without evidence
                self.add_name(key, entity, name, span)

    def add_name(self, key: str, entity: Entity, name: str, span: Span) -> None:
        node = self.mint.name_statement(self.seed_id, key, name)
        canonical = self.entities[key]
        where = f"mappings/{self.article.path.name}:{entity.line}"
        record = StatementRecord(node, self.seed_id, "fact", "certain", None, where)
        self.records.append(record)
        g, afg = self.graph, self.afg
        for rdf_type in (afg.Statement, afg.FactStatement, PROV.Entity):
            g.add((node, RDF.type, rdf_type))
        g.add((node, afg.voice, self.mint.concept("voice", "article")))
        g.add((node, afg.certainty, self.mint.concept("certainty", "certain")))
        g.add((node, afg.polarity, self.mint.concept("polarity", "affirmative")))
        if name == canonical.label:
            says = f"The article names {canonical.label}."
        else:
            says = f"The article calls {canonical.label} “{name}”."
        g.add((node, SDO.text, Literal(says, lang="en")))
        g.add((node, SDO.about, self.iri(key)))
        g.add((node, afg.evidence, add_quote(self.builder, self.article, span)))
        predicate = SKOS.prefLabel if name == canonical.label else SKOS.altLabel
        record.propositions.append((self.iri(key), predicate, Literal(name, lang="en")))
        self.add_proposition(node, 1, record.propositions[0])


__all__ = ["ArticleStatements", "StatementRecord"]
