"""The evidence-fidelity rules of `afgld validate`, each broken once in a copy of the mini
project: negative texts (2), names cited where they are a mention (3), conflicts as pairs (5),
shortcuts and ranks that keep their meaning (6), times no more precise than their words (9)."""

from __future__ import annotations

import pytest

from afgld.curate.corpus import read_corpus
from afgld.namespaces import Space
from afgld.project import Project
from afgld.validate.report import check_project
from tests.conftest import BASE

MINI = "mappings/002_mini.yaml"


def change(project: Project, old: str, new: str, path: str = MINI) -> None:
    file = project.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(project: Project) -> str:
    report, _ = check_project(project, Space(BASE))
    assert not report.conforms
    return "\n".join(report.problems)


def curation(project: Project, judgement: str) -> None:
    (project.root / "mappings" / "curation.yaml").write_text(
        f"curator: test curators\njudgements:\n{judgement}", encoding="utf-8"
    )


# -- rule 2: a negative statement never reads as what it denies ---------------------------------
def test_a_negative_statement_with_the_affirmed_text_fails(mini_project: Project) -> None:
    change(
        mini_project,
        "      - says: A recent meeting in Iran between the Taliban and the only opposition group "
        "left in Afghanistan produced no concrete results.\n",
        "      - says: A recent meeting in Iran between the Taliban and the only opposition group "
        "left in Afghanistan produced concrete results.\n        polarity: negative\n",
    )
    found = problems(mini_project)
    assert f"{MINI}:" in found and "a negative statement reads as what it denies" in found


def test_a_denial_with_the_text_of_what_it_disputes_fails(mini_project: Project) -> None:
    change(
        mini_project,
        "        at: paris\n",
        "        at: paris\n"
        "      - says: Nazary accuses the Taliban of refusing to change their mindset.\n"
        "        by: taliban\n"
        "        act: denial\n"
        "        polarity: negative\n"
        "        disputes: mindset\n",
    )
    found = problems(mini_project)
    assert "has the same text as it" in found


# -- rule 3: a name is cited where it is a mention of its own entity ----------------------------
def test_a_name_found_only_inside_other_names_fails(mini_project: Project) -> None:
    change(mini_project, "names: [Ahmad Massoud]", "names: [Ahmad Massoud, Massoud]")
    found = problems(mini_project)
    assert "name 'Massoud' has no sentence that mentions it on its own" in found
    assert "'Ahmad Shah Massoud'" in found


def test_naming_the_sentence_never_accepts_another_persons_name(mini_project: Project) -> None:
    change(
        mini_project,
        "  amir-khan-muttaqi: {kind: person,",
        "  ismail-khan: {kind: person, label: Khan, names: [{name: Khan, in: Amir Khan Muttaqi}]}\n"
        "  amir-khan-muttaqi: {kind: person,",
    )
    found = problems(mini_project)
    assert (
        "name 'Khan' is not a mention of its own in the sentence holding 'Amir Khan Muttaqi'"
        in (found)
    )


def test_the_curator_can_name_the_sentence_a_name_is_cited_from(mini_project: Project) -> None:
    first = read_corpus(mini_project).articles[0].name_evidence[("nrf", "NRF")]
    assert first.exact.startswith("Ali Maisam Nazary")  # the first sentence that says "NRF"
    change(
        mini_project,
        "names: [National Resistance Front, NRF]",
        "names: [National Resistance Front, {name: NRF, in: NRF leader Ahmad Massoud}]",
    )
    chosen = read_corpus(mini_project).articles[0].name_evidence[("nrf", "NRF")]
    assert chosen.exact.startswith("On Monday, the Taliban")


# -- rule 5: conflicts link pairs that contradict, never agreeing statements --------------------
def test_a_conflict_as_a_clique_is_refused(mini_project: Project) -> None:
    curation(
        mini_project,
        "  - {id: c, kind: conflict, date: 2026-11-30, certainty: certain, basis: b, note: n,\n"
        "     subjects: ['002#mindset', '002#talks']}\n",
    )
    change(
        mini_project,
        "      - says: Amir Khan Muttaqi held",
        "      - id: talks\n        says: Amir Khan Muttaqi held",
    )
    found = problems(mini_project)
    assert "judgement lacks pairs, on" in found and "pair by pair" in found


def test_a_conflict_between_agreeing_statements_fails(mini_project: Project) -> None:
    change(
        mini_project,
        "      - says: Amir Khan Muttaqi held talks in Iran at the weekend with Ahmad Massoud.\n",
        "      - id: talks-again\n"
        "        says: Amir Khan Muttaqi says he held talks in Iran.\n"
        "        by: amir-khan-muttaqi\n"
        "        act: assertion\n"
        "        triples: [[iran-talks-002, location, iran]]\n"
        "      - id: talks\n"
        "        says: Amir Khan Muttaqi held talks in Iran at the weekend with Ahmad Massoud.\n",
    )
    curation(
        mini_project,
        "  - {id: c, kind: conflict, date: 2026-11-30, certainty: certain, basis: b, note: n,\n"
        "     pairs: [['002#talks', '002#talks-again']], on: nothing}\n",
    )
    found = problems(mini_project)
    assert f"{MINI}:" in found and "conflict-agreement-violation.rq" in found


def test_a_judgement_states_its_certainty_and_basis(mini_project: Project) -> None:
    curation(
        mini_project,
        "  - {id: s, kind: same-event, date: 2026-11-30, note: n,\n"
        "     subjects: [iran-meeting-002, iran-talks-002]}\n",
    )
    assert "judgement lacks certainty, basis" in problems(mini_project)


# -- rule 9: a time value fixes no more than its words ------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        # a wrong day
        ("date: 2022-01-15, rule:", "date: 2022-01-16, rule:", "gives day 16"),
        # an added year: a time the text states as "On Monday", given a full date
        (
            "  weekend: {as_stated: at the weekend,",
            "  monday-date: {as_stated: On Monday, date: 2022-01-10}\n"
            "  weekend: {as_stated: at the weekend,",
            "adds a year the words do not state",
        ),
        # a weekday resolved without an anchor
        (
            "  monday: {as_stated: On Monday, weekday: monday, resolve: latest-on-or-before, "
            "relative_to: publication}",
            "  monday: {as_stated: On Monday, weekday: monday, resolve: latest-on-or-before}",
            "a weekday needs `relative_to`",
        ),
    ],
    ids=["wrong-day", "added-year", "weekday-without-anchor"],
)
def test_a_time_more_precise_than_its_words_fails(
    mini_project: Project, old: str, new: str, complaint: str
) -> None:
    change(mini_project, old, new)
    found = problems(mini_project)
    assert f"{MINI}:" in found and complaint in found


# -- rule 1: content is stated as propositions, or the fact file says why not ---------------------
def test_a_statement_without_propositions_needs_a_reason(mini_project: Project) -> None:
    change(
        mini_project,
        "        prose_only: this sentence does not name the son, and the fixture declares no key for him\n",
        "",
    )
    found = problems(mini_project)
    assert "no proposition states what this says: 'The NRF is led by the son" in found


def test_a_structured_statement_is_not_prose_only(mini_project: Project) -> None:
    change(
        mini_project,
        "        triples: [[nrf, characterised_as, last-bastion]]\n",
        "        triples: [[nrf, characterised_as, last-bastion]]\n        prose_only: no reason\n",
    )
    assert "prose_only, yet propositions state the content" in problems(mini_project)
