"""Curators' judgements, statement ranks, and the plain ("truthy") triples they allow.

A proposition becomes a plain triple in the ``facts`` graph only when a statement in the
article's own voice supports it, affirmatively, unhedged, and no curator has ranked that
statement disputed (Wikidata's rule for ``wdt:``:
https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format). Claims never do.

A statement is disputed when a conflict judgement pairs it with a statement it contradicts,
or when it rests on a disputed statement. Its rank is written into its own article's graph,
beside its text, voice and evidence; the curation graph keeps the judgements.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

from afgld.curate.facts import Corpus, Judgement
from afgld.model.builder import DatasetBuilder
from afgld.model.statements import StatementRecord
from afgld.namespaces import SEM

LEADER_ROLE = "leader"


def add_curation(
    builder: DatasetBuilder, corpus: Corpus, records: list[StatementRecord]
) -> set[URIRef]:
    """Record every judgement; rank every statement; return the statements ranked disputed."""
    graph, mint = builder.curation, builder.mint
    by_handle = {r.handle: r.iri for r in records if r.handle}
    curators = mint.curators
    graph.add((curators, RDF.type, PROV.Agent))
    graph.add((curators, RDFS.label, Literal(corpus.curation.curator, lang="en")))
    conflicting: set[URIRef] = set()
    for judgement in corpus.curation.judgements:
        add_judgement(builder, corpus, judgement, by_handle)
        for first, second in judgement.pairs:
            conflicting |= {by_handle[first], by_handle[second]}
    disputed = _with_dependants(conflicting, records, by_handle)
    for record in records:
        rank = "disputed" if record.iri in disputed else "normal"
        builder.source(record.seed_id).add(
            (record.iri, builder.afg.rank, mint.concept("rank", rank))
        )
    return disputed


def add_judgement(
    builder: DatasetBuilder, corpus: Corpus, judgement: Judgement, by_handle: dict[str, URIRef]
) -> None:
    graph, afg, mint = builder.curation, builder.afg, builder.mint
    node = mint.judgement(judgement.id)
    graph.add((node, RDF.type, afg.CuratorJudgement))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, afg.judgementKind, mint.concept("judgement", judgement.kind)))
    graph.add((node, afg.certainty, mint.concept("certainty", judgement.certainty)))
    graph.add((node, afg.basis, Literal(judgement.basis, lang="en")))
    graph.add((node, SKOS.note, Literal(judgement.note, lang="en")))
    graph.add((node, PROV.wasAttributedTo, mint.curators))
    graph.add((node, DCTERMS.date, Literal(judgement.date, datatype=XSD.date)))
    subjects = []
    for subject in judgement.subjects:
        if "#" in subject:
            subjects.append(by_handle[subject])
        else:
            subjects.append(mint.entity(subject, corpus.entities[subject].kind))
    for subject in subjects:
        graph.add((node, SDO.about, subject))
    if judgement.kind == "same-event":
        first, second = subjects
        graph.add((first, afg.sameEventAs, second))
        graph.add((second, afg.sameEventAs, first))
    if judgement.on:
        graph.add((node, afg.disagreesOn, Literal(judgement.on, lang="en")))
    for one, other in judgement.pairs:  # only the pairs that contradict: never a clique
        graph.add((by_handle[one], afg.conflictsWith, by_handle[other]))
        graph.add((by_handle[other], afg.conflictsWith, by_handle[one]))


def _with_dependants(
    disputed: set[URIRef], records: list[StatementRecord], by_handle: dict[str, URIRef]
) -> set[URIRef]:
    """``disputed`` plus every statement resting, directly or not, on one of them."""
    found = set(disputed)
    changed = True
    while changed:
        changed = False
        for record in records:
            if record.iri not in found and any(by_handle[h] in found for h in record.rests_on):
                found.add(record.iri)
                changed = True
    return found


def link_disputes(builder: DatasetBuilder, records: list[StatementRecord]) -> None:
    """afg:disputes, where an article says one statement rejects another; afg:restsOn, where a
    statement depends on another."""
    by_handle = {r.handle: r.iri for r in records if r.handle}
    for record in records:
        graph = builder.source(record.seed_id)
        if record.disputes:
            graph.add((record.iri, builder.afg.disputes, by_handle[record.disputes]))
        for ref in record.rests_on:
            graph.add((record.iri, builder.afg.restsOn, by_handle[ref]))


def add_truthy(
    builder: DatasetBuilder, records: list[StatementRecord], disputed: set[URIRef]
) -> None:
    """Plain triples from undisputed, certain, affirmative, article-voice statements (but no
    characterisation: "legendary" stays the article's word), plus ORG shortcuts for the
    memberships among them that held at publication."""
    facts = builder.facts
    for record in records:
        if (
            record.voice != "fact"
            or record.certainty != "certain"
            or record.polarity != "affirmative"
            or record.iri in disputed
        ):
            continue
        for triple in record.propositions:
            if triple[1] == builder.afg.characterisedAs:
                continue  # what the article calls something is its word, never a plain fact
            if triple not in builder.entities:  # labels declared there already; no duplicates
                facts.add(triple)
    _derive_shortcuts(builder)


def _derive_shortcuts(builder: DatasetBuilder) -> None:
    """org:memberOf / org:headOf / org:holds for memberships that are facts themselves and held
    at publication. A former or time-bounded membership keeps only its time-qualified form: a
    timeless shortcut would say it holds today."""
    facts = builder.facts
    leader = builder.mint.concept("role", LEADER_ROLE)
    publications = {
        o for _, _, o, _ in builder.dataset.quads((None, builder.afg.publishedAt, None, None))
    }
    memberships = set(facts.subjects(RDF.type, ORG.Membership))
    for membership in memberships | set(facts.subjects(ORG.member, None)):
        held = {
            instant
            for interval in facts.objects(membership, ORG.memberDuring)
            for instant in facts.objects(interval, TIME.inside)
        }
        if not held & publications:
            continue
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
    for event, _, time in list(facts.triples((None, SEM.hasTime, None))):
        for value in entities.objects(time, TIME.inXSDDate):
            facts.add((event, SDO.startDate, Literal(str(value), datatype=XSD.date)))
