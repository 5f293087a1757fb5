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
from tests.conftest import BACKENDS, BASE, open_build

SPACE = Space(BASE)
ART = BASE + "id/article/"


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, real_build: Path) -> Iterator[Store]:
    """The embedded store, then an Oxigraph server and a Virtuoso holding the same build."""
    backend = "embedded"
    if request.param != "embedded":
        backend = request.getfixturevalue(f"real_{request.param}")
    opened = open_build(real_build, backend)
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


def test_denials_say_what_is_denied_and_what_they_dispute(store: Store) -> None:
    rows = run(store, "04-")
    # "while the Taliban deny that there is any resistance to their rule" (002)
    assert ("Taliban", "The Taliban deny that there is any resistance to their rule.") in pairs(
        rows, "speakerLabel", "says"
    )
    pakistani = [r for r in rows if "dismissed these accusations" in r["sentence"]]
    assert pakistani and all(r.get("disputedText") for r in pakistani)
    assert all(r["says"] != r["disputedText"] for r in pakistani)
    # "produced no concrete results, a prominent opposition figure told AFP" (002)
    assert any(
        "no concrete results" in r["says"] and r["speakerLabel"] == "Ali Maisam Nazary"
        for r in rows
    )


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
    assert all(row["disagreesOn"] and row["certainty"] for row in rows)


def test_conflicts_pair_only_statements_that_contradict(store: Store) -> None:
    """Issue 10: 002 and 003 both name Al-Qaeda; Nazary's two claims agree with each other."""
    rows = run(store, "05-")
    pairs_of = {
        (r["judgement"].rsplit("/", 1)[-1], frozenset((r["articleA"], r["articleB"]))) for r in rows
    }
    assert ("asm-perpetrator", frozenset((ART + "002", ART + "004"))) in pairs_of
    assert ("asm-perpetrator", frozenset((ART + "003", ART + "004"))) in pairs_of
    assert ("asm-perpetrator", frozenset((ART + "002", ART + "003"))) not in pairs_of
    fighting = [r for r in rows if r["judgement"].endswith("/nrf-fighting")]
    assert fighting and all(
        {r["articleA"], r["articleB"]} == {ART + "002", ART + "003"} for r in fighting
    )


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


def test_events_reported_by_several_articles_with_their_certainty(store: Store) -> None:
    rows = run(store, "13-")
    moscow = [
        r
        for r in rows
        if "Moscow meeting of 23 November" in r["eventA"] + r["eventB"]
        and "Moscow gathering" in r["eventA"] + r["eventB"]
    ]
    # 000 "recent Moscow meeting ... on 23 November", 001 "last Thursday", neither with a year
    assert moscow and moscow[0]["certainty"] == "probable" and moscow[0]["basis"]
    # 002 and 003 both: assassinated by Al-Qaeda two days before the 9/11 attacks
    assassination = [
        r
        for r in rows
        if "(002)" in r["eventA"] + r["eventB"]
        and "(003)" in r["eventA"] + r["eventB"]
        and "assassination" in r["eventA"]
    ]
    assert assassination and assassination[0]["certainty"] == "certain"
    assert {r["certainty"] for r in rows} <= {"certain", "probable", "possible"}


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


# -- questions the structured content answers (issue 10); answers read off the texts -----------
def test_what_x_accused_y_of(store: Store) -> None:
    rows = run(store, "19-")
    found = {(r["speakerLabel"], r["accusedLabel"], r["actType"], r.get("what", "")) for r in rows}
    # 002: "accused the Taliban of refusing to change their mindset"
    assert ("Ali Maisam Nazary", "Taliban", "refusal", "change their mindset") in found
    # 001: "The Taliban has accused the Pakistani government of confiscating immigrants' belongings"
    assert ("Taliban", "Pakistani government", "confiscation", "immigrants' belongings") in found
    # 000: "He accused key government officials, such as ... the Herat police chief ... of
    # surrendering Herat to the Taliban"
    assert any(
        s == "Ismail Khan" and "Herat police chief" in a and act == "surrender"
        for s, a, act, _ in found
    )
    # 001: Mohaqiq "alleged ... that American forces are covertly managing the Taliban government's
    # operations"
    assert (
        "Mohammad Mohaqiq",
        "American forces",
        "control",
        "the Taliban government's operations",
    ) in found


def test_what_the_taliban_offered_the_nrf_and_other_acts(store: Store) -> None:
    rows = run(store, "20-")
    found = {
        (
            r["actType"],
            r.get("agentLabel"),
            r.get("recipientLabel"),
            r.get("what"),
            r.get("speakerLabel"),
        )
        for r in rows
    }
    # 002: "Nazary told media that the Taliban offered the NRF control of ministries and embassies"
    assert (
        "offer",
        "Taliban",
        "National Resistance Front",
        "control of ministries and embassies",
        "Ali Maisam Nazary",
    ) in found
    # 002, 003: Muttaqi "guaranteed his security if he returned home"
    assert any(
        a == "guarantee"
        and g == "Amir Khan Muttaqi"
        and r == "Ahmad Massoud"
        and w
        and "security" in w
        for a, g, r, w, _ in found
    )
    # 001: "Pakistani authorities rejected their re-entry"
    assert any(
        a == "refusal" and g == "Pakistani government" and w == "their re-entry"
        for a, g, _, w, _ in found
    )
    # 002: "the NRF's chief demand of a genuinely inclusive government"
    assert any(a == "demand" and w == "a genuinely inclusive government" for a, _, _, w, _ in found)
    offers = [r for r in rows if r["actType"] == "offer"]
    assert all(r["voice"] == "reported speech" for r in offers)  # a claim, never a plain fact


def test_who_led_which_delegation(store: Store) -> None:
    rows = run(store, "21-")
    # 002: "several hours of informal talks with an NRF delegation led by Ismail Khan"
    assert [(r["leaderLabel"], r["parentLabel"], r["speakerLabel"]) for r in rows] == [
        ("Ismail Khan", "National Resistance Front", "Ali Maisam Nazary")
    ]


def test_who_calls_whom_what(store: Store) -> None:
    rows = run(store, "22-")
    found = {(r.get("speakerLabel", ""), r["subjectLabel"], r["quality"]) for r in rows}
    # 003: the NRF "has repeatedly denounced the Taliban — calling it an “illegitimate government”"
    assert ("National Resistance Front", "Taliban", "illegitimate government") in found
    # 001: "the NRF leader lamented that Afghanistan has become "Talibanistan.”"
    assert ("Ahmad Massoud", "Afghanistan", "Talibanistan") in found
    # 002: "what he described as a “guerrilla” conflict against the Taliban"
    assert any(s == "Ali Maisam Nazary" and q == "guerrilla" for s, _, q in found)
    # 001: Russia "stressed that the country should not serve as a safe haven for terrorists"
    haven = [r for r in rows if r["quality"] == "safe haven for terrorists"]
    assert haven and haven[0]["polarity"] == "negative"


def test_which_reports_speakers_cite(store: Store) -> None:
    rows = run(store, "23-")
    # 001: "Nabil indicated that there are reports that a group within the Taliban assesses how to
    # acquire tactical nuclear weapons"
    nabil = [r for r in rows if r.get("speakerLabel") == "Rahmatullah Nabil"]
    assert nabil and any("tactical nuclear weapons" in r.get("whatLabel", "") for r in nabil)
    # 001: Spanta "commented on a recent United Nations report, acknowledging its significance"
    assert any(
        r.get("speakerLabel") == "Rangin Dadfar Spanta" and r.get("whatLabel") == "significance"
        for r in rows
    )


def test_what_happened_after_what(store: Store) -> None:
    rows = run(store, "24-")
    found = {(r["laterLabel"], r["earlierLabel"], r["rank"]) for r in rows}
    # 001: "China was one of the first countries after Pakistan and Russia to accept Taliban diplomats"
    assert any("China" in later and "Pakistan" in earlier for later, earlier, _ in found)
    # 003: the last resistance in September came "weeks after government troops capitulated"
    assert any(
        "last resistance" in later and "capitulation" in earlier for later, earlier, _ in found
    )
    # 000: "until his capture by the Taliban, after which he moved to Iran" rests on the disputed capture
    assert any(
        "move to Iran" in later and "capture" in earlier and rank == "disputed"
        for later, earlier, rank in found
    )


def test_statements_resting_on_a_disputed_one_are_disputed(store: Store) -> None:
    rows = run(store, "25-")
    assert rows and all(r["rank"] == "disputed" == r["restsOnRank"] for r in rows)
    assert any("after his capture" in r["says"] for r in rows)
