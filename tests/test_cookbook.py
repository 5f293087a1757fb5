"""Every cookbook query runs against the built dataset and returns what the articles say.

Expected answers are read off the seed texts, not off the query's own output.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from afgld.cookbook import recipes, with_prefixes
from afgld.curate.corpus import read_corpus
from afgld.namespaces import Space
from afgld.project import Project
from afgld.store import Store
from afgld.store.embedded import EmbeddedStore
from afgld.store.remote import RemoteStore
from tests.conftest import BACKENDS, BASE

SPACE = Space(BASE)
ART = BASE + "id/article/"


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, real_build: Path) -> Iterator[Store]:
    """The embedded store, then an Oxigraph server and a Virtuoso holding the same build."""
    if request.param != "embedded":
        url = request.getfixturevalue(f"real_{request.param}")
        opened: Store = RemoteStore.open(real_build, url)
    else:
        opened = EmbeddedStore.open(real_build)
    yield opened
    opened.close()


def run(store: Store, name: str) -> list[dict[str, str]]:
    recipe = next(r for r in recipes() if r.name.startswith(name))
    rows = store.select(with_prefixes(recipe.text, SPACE.prefixes()))
    return [{key: str(value) for key, value in row.items()} for row in rows]


def pairs(rows: list[dict[str, str]], a: str, b: str) -> set[tuple[str, str]]:
    return {(row.get(a, ""), row.get(b, "")) for row in rows}


def test_there_are_at_least_fifteen_recipes_each_documented() -> None:
    found = recipes()
    assert len(found) >= 15
    assert all(r.title and r.description for r in found)


@pytest.mark.parametrize("recipe", recipes(), ids=lambda r: r.name)
def test_every_recipe_answers(store: Store, recipe: object) -> None:
    assert store.select(with_prefixes(recipe.text, SPACE.prefixes()))  # type: ignore[attr-defined]


def test_attendees_of_the_moscow_gathering(store: Store) -> None:
    rows = run(store, "01-")
    gathering = {r["attendeeLabel"] for r in rows if r["event"].endswith("/moscow-gathering-001")}
    assert {
        "Ahmad Massoud",
        "Mohammad Mohaqiq",
        "Mahmoud Saiqal",
        "Fazl Ahmad Manawi",
        "Zahir Agbar",
    } <= gathering
    meeting = {r["attendeeLabel"] for r in rows if r["event"].endswith("/moscow-meeting-000")}
    assert "Ahmad Massoud" in meeting and any("Russian officials" in label for label in meeting)


def test_claimed_attendance_is_not_a_fact(store: Store) -> None:
    # 002 reports the Iran talks only through Muttaqi's and Nazary's words.
    rows = run(store, "01-")
    assert not [r for r in rows if r["event"].endswith("/iran-meeting-002")]


def test_claims_by_speaker_include_nazarys_territory_claim(store: Store) -> None:
    rows = run(store, "02-")
    nazary = [r for r in rows if r["speakerLabel"] == "Ali Maisam Nazary"]
    assert any("60%" in r["claimText"] and "60%" in r["sentence"] for r in nazary)
    assert {r["article"] for r in nazary} == {ART + "002"}
    speakers = {r["speakerLabel"] for r in rows}
    assert {
        "Amir Khan Muttaqi",
        "Ismail Khan",
        "Abdullah Qarluq",
        "Rangin Dadfar Spanta",
    } <= speakers


def test_accusations(store: Store) -> None:
    rows = run(store, "03-")
    assert ("Ali Maisam Nazary", "Taliban") in pairs(rows, "speakerLabel", "targetLabel")
    assert any(r["speakerLabel"] == "Ismail Khan" and r["article"] == ART + "000" for r in rows)
    assert any(r["speakerLabel"] == "Taliban" and r["article"] == ART + "001" for r in rows)


def test_denials_keep_the_denied_proposition_and_what_they_dispute(store: Store) -> None:
    rows = run(store, "04-")
    assert ("Taliban", "There is resistance to Taliban rule.") in pairs(
        rows, "speakerLabel", "denied"
    )
    pakistani = [r for r in rows if "dismissed these accusations" in r["sentence"]]
    assert pakistani and all(r.get("disputedText") for r in pakistani)


def test_contested_facts_sit_side_by_side(store: Store) -> None:
    rows = run(store, "05-")
    by_judgement: dict[str, set[str]] = {}
    for row in rows:
        by_judgement.setdefault(row["judgement"].rsplit("/", 1)[-1], set()).update(
            {row["articleA"], row["articleB"]}
        )
    assert by_judgement["asm-perpetrator"] == {ART + "002", ART + "003", ART + "004"}
    assert by_judgement["khan-capture-vs-surrender"] == {ART + "000", ART + "003"}
    assert "nrf-territory-and-resistance" in by_judgement


def test_one_article_graph_holds_that_article_only(store: Store, repo_project: Project) -> None:
    rows = run(store, "06-")
    corpus = read_corpus(repo_project)
    article = next(a for a in corpus.articles if a.seed.id == "002")
    items = sum(len(block.items) for block in article.statements)
    curated = [r for r in rows if "-name-" not in r["statement"]]
    assert len(curated) == items
    assert all(r["statement"].startswith(BASE + "id/statement/002-") for r in rows)


def test_timeline_keeps_precision(store: Store) -> None:
    rows = run(store, "07-")
    weekend = [r for r in rows if r["asStated"] in ("at the weekend", "on the weekend")]
    assert weekend and all(
        (r["earliest"], r["latest"]) == ("2022-01-08", "2022-01-09") for r in weekend
    )
    november = [r for r in rows if r["asStated"] == "23 November"]
    assert (
        november
        and november[0]["value"] == "--11-23"
        and "unstated year" in november[0]["precision"]
    )
    thursday = [r for r in rows if r["asStated"] == "last Thursday"]
    assert thursday and "value" not in thursday[0] and thursday[0]["precision"] == "weekday"


def test_people_by_organisation_current_and_former(store: Store) -> None:
    rows = run(store, "08-")
    found = {
        (r.get("organisationLabel", ""), r["roleLabel"], r["memberLabel"], r["when"]) for r in rows
    }
    assert (
        "National Resistance Front",
        "foreign relations chief",
        "Ali Maisam Nazary",
        "held at the time",
    ) in found
    assert any(m == "Atta Mohammad Noor" and w == "ended before" for _, _, m, w in found)


def test_leaders(store: Store) -> None:
    rows = run(store, "09-")
    assert ("Ahmad Massoud", "National Resistance Front") in pairs(
        rows, "leaderLabel", "organisationLabel"
    )


def test_aliases_say_where_each_spelling_occurs(store: Store) -> None:
    rows = run(store, "10-")
    found = {(r["entityLabel"], r["name"], r["article"]) for r in rows}
    assert ("Atta Mohammad Noor", "Ata Mohammad Noor", ART + "004") in found
    assert ("Al-Qaeda", "Al Qaeda", ART + "003") in found
    assert ("Afghanistan International", "Afghan International", ART + "004") in found


def test_attribution_chains(store: Store) -> None:
    rows = run(store, "11-")
    assert ("Ali Maisam Nazary", "AFP") in pairs(rows, "speakerLabel", "relayLabel")
    assert ("Abdullah Qarluq", "Afghanistan International") in pairs(
        rows, "speakerLabel", "relayLabel"
    )


def test_unnamed_agents_are_entities(store: Store) -> None:
    rows = run(store, "12-")
    police = [r for r in rows if "Herat police chief" in r["agentLabel"]]
    assert police and ART + "000" in police[0]["articles"]


def test_events_reported_by_several_articles(store: Store) -> None:
    rows = run(store, "13-")
    labels = {frozenset((r["eventA"], r["eventB"])) for r in rows}
    assert any(
        any("Moscow meeting of 23 November" in label for label in pair)
        and any("Moscow gathering" in label for label in pair)
        for pair in labels
    )


def test_hedged_statements_never_reach_the_facts_graph(store: Store) -> None:
    rows = run(store, "14-")
    assert any("request of Tehran" in r["sentence"] for r in rows)
    leaked = store.ask(
        with_prefixes(
            """ASK { ?s afg:certainty ?c ; afg:proposition ?p . FILTER (?c != certainty:certain)
                     ?p rdf:subject ?x ; rdf:predicate ?y ; rdf:object ?z .
                     GRAPH afgg:facts { ?x ?y ?z }
                     FILTER NOT EXISTS { ?other afg:proposition ?q ; afg:certainty certainty:certain ;
                       a afg:FactStatement . ?q rdf:subject ?x ; rdf:predicate ?y ; rdf:object ?z } }""",
            SPACE.prefixes(),
        )
    )
    assert not leaked


def test_facts_and_claims_per_article_match_the_fact_files(
    store: Store, repo_project: Project
) -> None:
    rows = {r["graph"].rsplit("-", 1)[-1]: r for r in run(store, "15-")}
    for article in read_corpus(repo_project).articles:
        items = [item for block in article.statements for item in block.items]
        claims = sum(1 for item in items if item.voice == "claim")
        assert int(rows[article.seed.id]["claims"]) == claims


def test_everything_about_ismail_khan_spans_four_articles(store: Store) -> None:
    rows = run(store, "16-")
    assert {r["article"] for r in rows} == {ART + n for n in ("000", "001", "002", "003")}
    assert any(r["voice"] == "reported speech" for r in rows)
    assert any(r["voice"] == "article voice" for r in rows)


def test_numbers_keep_their_wording_and_speaker(store: Store) -> None:
    rows = run(store, "17-")
    sixty = [r for r in rows if r["asStated"] == "60%"]
    assert sixty and sixty[0]["speakerLabel"] == "Ali Maisam Nazary"
    assert sixty[0]["voice"] == "reported speech"
    migrants = [r for r in rows if r["asStated"] == "nearly two million"]
    assert migrants and migrants[0]["approximate"] == "true" and migrants[0]["value"] == "2000000"


def test_article_metadata_as_stated(store: Store) -> None:
    rows = {r["article"].rsplit("/", 1)[-1]: r for r in run(store, "18-")}
    assert "datePublished" not in rows["000"] and "datePublished" not in rows["001"]
    assert (
        rows["002"]["datePublished"] == "2022-01-15" and rows["002"]["dateAsStated"] == "15-01-2022"
    )
    assert rows["003"]["datePublished"] == "2022-01-11" and rows["003"]["publisherLabel"] == "Dawn"
    assert rows["004"]["dateAsStated"] == "December 10" and "datePublished" not in rows["004"]
    assert rows["004"]["publisherLabel"] == "NationPress"
    assert "datePublished" in rows["004"]["notStated"]
