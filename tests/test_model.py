"""Facts become RDF that keeps claims, hedges and disputes out of the plain-fact graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from afgld.build.pipeline import build_project
from afgld.project import Project
from afgld.store import Store
from tests.conftest import BASE, open_build

PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX afg: <http://127.0.0.1:8080/ontology#>
PREFIX afgg: <http://127.0.0.1:8080/graph/>
PREFIX person: <http://127.0.0.1:8080/id/person/>
PREFIX group: <http://127.0.0.1:8080/id/org/>
PREFIX event: <http://127.0.0.1:8080/id/event/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
"""


@pytest.fixture(scope="module")
def store(mini_build: Path) -> Store:
    return open_build(mini_build)


def ask(store: Store, where: str) -> bool:
    return store.ask(PREFIXES + f"ASK {{ {where} }}")


def test_a_claim_is_expressed_but_never_asserted(store: Store) -> None:
    assert ask(
        store,
        "?claim a afg:ReportedClaim ; afg:speaker person:amir-khan-muttaqi ; afg:proposition ?p . "
        "?p rdf:subject event:iran-talks-002 ; rdf:predicate schema:attendee ; rdf:object person:ahmad-massoud",
    )
    assert not ask(store, "event:iran-talks-002 schema:attendee person:ahmad-massoud")


def test_an_article_voice_fact_is_asserted_in_the_facts_graph(store: Store) -> None:
    assert ask(store, "GRAPH afgg:facts { person:ali-maisam-nazary org:memberOf group:nrf }")
    assert ask(store, "GRAPH afgg:facts { person:ahmad-massoud org:headOf group:nrf }")


def test_every_statement_carries_a_verbatim_quote(store: Store) -> None:
    rows = store.select(
        PREFIXES
        + "SELECT ?s ?exact WHERE { ?s a afg:Statement ; afg:evidence/oa:hasSelector/oa:exact ?exact }"
    )
    statements = store.select(PREFIXES + "SELECT DISTINCT ?s WHERE { ?s a afg:Statement }")
    assert rows and {r["s"] for r in rows} == {r["s"] for r in statements}


def test_every_alias_points_to_the_sentence_it_occurs_in(store: Store) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?exact WHERE {
            ?s afg:proposition ?p ; afg:evidence/oa:hasSelector/oa:exact ?exact .
            ?p rdf:subject group:nrf ; rdf:predicate skos:altLabel ; rdf:object "NRF"@en }"""
    )
    assert rows and all("NRF" in str(r["exact"]) for r in rows)


def test_a_weekend_is_resolved_against_the_stated_publication_date(store: Store) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?earliest ?latest ?words WHERE {
            ?claim afg:proposition ?p . ?p rdf:subject event:iran-talks-002 ; rdf:predicate sem:hasTime ; rdf:object ?t .
            ?t afg:dateAsStated ?words ; sem:hasEarliestBeginTimeStamp ?earliest ; sem:hasLatestEndTimeStamp ?latest }"""
    )
    assert [(str(r["earliest"]), str(r["latest"]), str(r["words"])) for r in rows] == [
        ("2022-01-08", "2022-01-09", "at the weekend")
    ]


def rebuild(project: Project, tmp_path: Path) -> Store:
    return open_build(build_project(project, tmp_path / "build", BASE).out)


def test_a_hedged_fact_is_not_asserted(mini_project: Project, tmp_path: Path) -> None:
    path = next(mini_project.mappings.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    old = "      - says: Ahmad Massoud is the leader of the NRF.\n"
    assert old in text
    path.write_text(text.replace(old, old + "        certainty: probable\n"), encoding="utf-8")
    store = rebuild(mini_project, tmp_path)
    assert not ask(store, "GRAPH afgg:facts { person:ahmad-massoud org:headOf group:nrf }")
    assert ask(store, "?s afg:certainty <http://127.0.0.1:8080/concept/certainty/probable>")


def test_a_disputed_fact_is_kept_but_not_asserted(mini_project: Project, tmp_path: Path) -> None:
    path = next(mini_project.mappings.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "      - says: Ahmad Massoud is the leader of the NRF.\n",
        "      - says: Ahmad Massoud is the leader of the NRF.\n        id: massoud-leads\n",
    )
    text = text.replace(
        "      - says: Amir Khan Muttaqi is the Taliban's foreign minister.\n",
        "      - says: Amir Khan Muttaqi is the Taliban's foreign minister.\n        id: muttaqi-fm\n",
    )
    path.write_text(text, encoding="utf-8")
    (mini_project.mappings / "curation.yaml").write_text(
        "curator: test curators\njudgements:\n"
        "  - {id: test-conflict, kind: conflict, date: 2026-11-30, certainty: certain, "
        "basis: made up, pairs: [['002#massoud-leads', '002#muttaqi-fm']], on: nothing real, "
        "note: a conflict made up for the test}\n",
        encoding="utf-8",
    )
    store = rebuild(mini_project, tmp_path)
    assert not ask(store, "GRAPH afgg:facts { person:ahmad-massoud org:headOf group:nrf }")
    assert ask(
        store,
        "?a afg:conflictsWith ?b ; afg:rank <http://127.0.0.1:8080/concept/rank/disputed> ; "
        "schema:text 'Ahmad Massoud is the leader of the NRF.'@en",
    )


def test_iris_are_the_same_on_every_build(mini_project: Project, tmp_path: Path) -> None:
    first = build_project(mini_project, tmp_path / "a", BASE).out / "afgld.nq"
    second = build_project(mini_project, tmp_path / "b", BASE).out / "afgld.nq"
    assert first.read_bytes() == second.read_bytes()


def test_a_former_post_keeps_its_time_and_gets_no_shortcut(
    mini_project: Project, tmp_path: Path
) -> None:
    """Issue 10: "former Balkh governor" must not read as holding the post today."""
    path = next(mini_project.mappings.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    old = "{holder: amir-khan-muttaqi, role: foreign-minister, of: taliban, when: current}"
    assert old in text
    path.write_text(text.replace(old, old.replace("current", "former")), encoding="utf-8")
    store = rebuild(mini_project, tmp_path)
    assert ask(
        store,
        "GRAPH afgg:facts { ?m org:member person:amir-khan-muttaqi ; org:memberDuring ?i . "
        "?i <http://www.w3.org/2006/time#before> ?publication }",
    )
    assert not ask(store, "GRAPH afgg:facts { person:amir-khan-muttaqi org:memberOf ?any }")


def test_a_statement_resting_on_a_disputed_one_is_disputed(
    mini_project: Project, tmp_path: Path
) -> None:
    path = next(mini_project.mappings.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    old = "      - says: Ahmad Massoud is the leader of the NRF.\n"
    assert old in text
    text = text.replace(old, old + "        rests_on: mindset\n")
    text = text.replace(
        "      - says: The NRF is the last bastion against total Taliban control.\n",
        "      - says: The NRF is the last bastion against total Taliban control.\n"
        "        id: bastion\n",
    )
    path.write_text(text, encoding="utf-8")
    (mini_project.mappings / "curation.yaml").write_text(
        "curator: test curators\njudgements:\n"
        "  - {id: c, kind: conflict, date: 2026-11-30, certainty: possible, basis: made up, "
        "pairs: [['002#mindset', '002#bastion']], on: nothing real, note: for the test}\n",
        encoding="utf-8",
    )
    store = rebuild(mini_project, tmp_path)
    assert ask(
        store,
        "GRAPH afgg:source-002 { ?s afg:restsOn ?d ; schema:text 'Ahmad Massoud is the leader "
        "of the NRF.'@en ; afg:rank <http://127.0.0.1:8080/concept/rank/disputed> }",
    )
    assert not ask(store, "GRAPH afgg:facts { person:ahmad-massoud org:headOf group:nrf }")


def test_a_statement_is_whole_in_its_article_graph(store: Store) -> None:
    """Issue 10: rank, text, voice, certainty and evidence in one named graph."""
    statements = store.select(PREFIXES + "SELECT DISTINCT ?s WHERE { ?s a afg:Statement }")
    whole = store.select(
        PREFIXES
        + """SELECT DISTINCT ?s WHERE { GRAPH afgg:source-002 {
             ?s a afg:Statement ; afg:rank ?r ; schema:text ?t ; afg:voice ?v ;
                afg:certainty ?c ; afg:polarity ?p ; afg:evidence ?q } }"""
    )
    assert {r["s"] for r in whole} == {r["s"] for r in statements}
    assert not ask(store, "GRAPH afgg:curation { ?s afg:rank ?r }")


def test_notes_of_every_article_are_kept_with_their_article(real_build: Path) -> None:
    """Issue 10: Ahmad Massoud's notes from 002, 003 and 004 were dropped but the first."""
    real = open_build(real_build)
    rows = real.select(
        PREFIXES
        + """SELECT DISTINCT ?g WHERE { GRAPH ?g {
             person:ahmad-massoud <http://www.w3.org/2004/02/skos/core#note> ?note } }"""
    )
    graphs = {str(r["g"]).rsplit("-", 1)[-1] for r in rows}
    assert {"002", "003", "004"} <= graphs
