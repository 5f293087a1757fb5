"""Fact files are checked against their seeds: every quote, name and date verbatim."""

from __future__ import annotations

import pytest

from afgld.curate.corpus import read_corpus
from afgld.errors import FactFilesError
from afgld.project import Project


def problems_after(project: Project, old: str, new: str) -> str:
    path = next(project.mappings.glob("002_*.yaml"))
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FactFilesError) as caught:
        read_corpus(project)
    return str(caught.value)


def test_the_fixture_project_reads_without_problems(mini_project: Project) -> None:
    corpus = read_corpus(mini_project)
    assert [a.seed.id for a in corpus.articles] == ["002"]
    assert "ahmad-massoud" in corpus.entities


def test_a_quote_that_is_not_verbatim_is_refused_with_a_hint(mini_project: Project) -> None:
    message = problems_after(
        mini_project, "accused the Taliban of refusing", "accused the Taliban of refusal"
    )
    assert "quote not found verbatim" in message
    assert "characters match" in message
    assert "mappings/002_mini.yaml:" in message


def test_a_straight_quote_does_not_match_a_curly_one(mini_project: Project) -> None:
    message = problems_after(mini_project, "“separate pages”", '\\"separate pages\\"')
    assert "quote not found verbatim" in message


def test_a_name_must_occur_in_the_seed(mini_project: Project) -> None:
    message = problems_after(mini_project, "names: [Ahmad Massoud]", "names: [Ahmed Massoud]")
    assert "name 'Ahmed Massoud' is not in 002_mini.txt" in message


def test_an_unknown_predicate_is_refused(mini_project: Project) -> None:
    message = problems_after(
        mini_project, "[iran-talks-002, location, iran]", "[iran-talks-002, venue, iran]"
    )
    assert "unknown predicate 'venue'" in message


def test_a_predicate_checks_the_kind_of_its_object(mini_project: Project) -> None:
    message = problems_after(
        mini_project, "[iran-talks-002, location, iran]", "[iran-talks-002, location, afp]"
    )
    assert "'afp' is a outlet, expected" in message


def test_every_sentence_must_be_used_or_skipped(mini_project: Project) -> None:
    message = problems_after(
        mini_project, "    why: left out of this test fixture on purpose", "    why: ''"
    )
    assert "It sought to organize resistance" in message
    assert "neither used nor skipped" in message


def test_a_time_must_be_stated_by_the_sentence_that_uses_it(mini_project: Project) -> None:
    message = problems_after(
        mini_project, "        at: paris\n", "        at: paris\n        on: monday\n"
    )
    assert "time 'monday' ('On Monday') is not in this statement's quote" in message


def test_yaml_keys_like_on_stay_strings(mini_project: Project) -> None:
    corpus = read_corpus(mini_project)
    claims = [i for b in corpus.articles[0].statements for i in b.items if i.on]
    assert [c.on for c in claims] == ["monday"]


def test_one_key_is_one_entity_across_files(mini_project: Project) -> None:
    other = mini_project.mappings / "002_mini.yaml"
    copy_seed = mini_project.seeds / "003_copy.txt"
    copy_seed.write_bytes((mini_project.seeds / "002_mini.txt").read_bytes())
    text = other.read_text(encoding="utf-8").replace(
        "kind: country, label: Iran", "kind: city, label: Iran"
    )
    (mini_project.mappings / "003_copy.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FactFilesError) as caught:
        read_corpus(mini_project)
    assert "entity 'iran' has kind 'city' here but 'country' in 002_mini.yaml" in str(caught.value)


def test_a_seed_without_a_fact_file_is_reported(mini_project: Project) -> None:
    (mini_project.seeds / "009_new.txt").write_text("A new article.\n", encoding="utf-8")
    with pytest.raises(FactFilesError) as caught:
        read_corpus(mini_project)
    assert "no fact file mappings/009_new.yaml" in str(caught.value)


def test_the_repository_fact_files_read_cleanly(repo_project: Project) -> None:
    corpus = read_corpus(repo_project)
    sums = (repo_project.seeds / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(corpus.articles) == len(repo_project.seed_files()) == len(sums) > 0
