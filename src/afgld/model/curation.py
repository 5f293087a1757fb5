"""Curators' judgements, statement ranks, and the plain ("truthy") triples they allow.

A proposition becomes a plain triple in the ``facts`` graph only when a statement in the
article's own voice supports it, unhedged, and no curator has ranked that statement disputed
(Wikidata's rule for ``wdt:``: https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format).
Claims never do.
"""

from __future__ import annotations

from itertools import combinations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

from afgld.curate.facts import Corpus
from afgld.model.builder import DatasetBuilder
from afgld.model.statements import StatementRecord

LEADER_ROLE = "leader"


def add_curation(
    builder: DatasetBuilder, corpus: Corpus, records: list[StatementRecord]
) -> set[URIRef]:
    """Record every judgement; return the statements ranked disputed."""
    graph, afg, mint = builder.curation, builder.afg, builder.mint
    by_handle = {r.handle: r.iri for r in records if r.handle}
    curators = mint.curators
    graph.add((curators, RDF.type, PROV.Agent))
    graph.add((curators, RDFS.label, Literal(corpus.curation.curator, lang="en")))
    disputed: set[URIRef] = set()
    for judgement in corpus.curation.judgements:
        node = mint.judgement(judgement.id)
        graph.add((node, RDF.type, afg.CuratorJudgement))
        graph.add((node, RDF.type, PROV.Entity))
        graph.add((node, afg.judgementKind, mint.concept("judgement", judgement.kind)))
        graph.add((node, SKOS.note, Literal(judgement.note, lang="en")))
        graph.add((node, PROV.wasAttributedTo, curators))
        graph.add((node, DCTERMS.date, Literal(judgement.date, datatype=XSD.date)))
        subjects = []
        for subject in judgement.subjects:
            if "#" in subject:
                subjects.append(by_handle[subject])
            else:
                entity = corpus.entities[subject]
                subjects.append(mint.entity(subject, entity.kind))
        for subject in subjects:
            graph.add((node, SDO.about, subject))
        if judgement.kind == "same-event":
            first, second = subjects
            graph.add((first, afg.sameEventAs, second))
            graph.add((second, afg.sameEventAs, first))
        if judgement.kind == "conflict":
            for first, second in combinations(subjects, 2):
                graph.add((first, afg.conflictsWith, second))
                graph.add((second, afg.conflictsWith, first))
            disputed.update(subjects)
    for record in records:
        rank = "disputed" if record.iri in disputed else "normal"
        graph.add((record.iri, afg.rank, mint.concept("rank", rank)))
    return disputed


def link_disputes(builder: DatasetBuilder, records: list[StatementRecord]) -> None:
    """afg:disputes, where an article says one statement rejects another."""
    by_handle = {r.handle: r.iri for r in records if r.handle}
    for record in records:
        if record.disputes:
            graph = builder.source(record.seed_id)
            graph.add((record.iri, builder.afg.disputes, by_handle[record.disputes]))


def add_truthy(
    builder: DatasetBuilder, records: list[StatementRecord], disputed: set[URIRef]
) -> None:
    """Plain triples from undisputed, certain, article-voice statements, plus ORG shortcuts."""
    facts = builder.facts
    for record in records:
        if record.voice != "fact" or record.certainty != "certain" or record.iri in disputed:
            continue
        for triple in record.propositions:
            if triple not in builder.entities:  # labels declared there already; no duplicates
                facts.add(triple)
    _derive_shortcuts(builder)


def _derive_shortcuts(builder: DatasetBuilder) -> None:
    """org:memberOf / org:headOf / org:holds for memberships that are facts themselves."""
    facts = builder.facts
    leader = builder.mint.concept("role", LEADER_ROLE)
    for membership in set(facts.subjects(RDF.type, ORG.Membership)) | set(
        facts.subjects(ORG.member, None)
    ):
        members = list(facts.objects(membership, ORG.member))
        organisations = list(facts.objects(membership, ORG.organization))
        roles = set(facts.objects(membership, ORG.role))
        posts = list(facts.objects(membership, builder.afg.forPost))
        for member in members:
            for organisation in organisations:
                facts.add((member, ORG.memberOf, organisation))
                if leader in roles:
                    facts.add((member, ORG.headOf, organisation))
            for post in posts:
                facts.add((member, ORG.holds, post))
    _derive_dates(builder)


def _derive_dates(builder: DatasetBuilder) -> None:
    """schema:startDate for events whose time is a full date, for schema.org consumers."""
    facts, entities = builder.facts, builder.entities
    from afgld.namespaces import SEM

    for event, _, time in list(facts.triples((None, SEM.hasTime, None))):
        for value in entities.objects(time, TIME.inXSDDate):
            facts.add((event, SDO.startDate, Literal(str(value), datatype=XSD.date)))
