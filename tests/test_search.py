"""Search over the real release's index: every name and spelling, statements and quotes, typos,
exact names first, grouped by kind; hostile queries get a clear error or nothing (issue 9)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afgld.config import Settings
from afgld.errors import BuildError, InvalidSearch, SearchTimedOut
from afgld.formats import SQLITE
from afgld.search import KINDS, SEARCH_INDEX
from afgld.search.index import Collected, Text, write_collected
from afgld.search.query import Limits
from afgld.search.results import Results
from afgld.search.searcher import Searcher
from afgld.store.manifest import Manifest
from tests.conftest import BASE

PERSON = BASE + "id/person/"


@pytest.fixture(scope="module")
def searcher(real_build: Path) -> Iterator[Searcher]:
    opened = Searcher.open(real_build / SEARCH_INDEX)
    yield opened
    opened.close()


def iris(results: Results, kind: str | None = None) -> list[str]:
    return [h.iri for h in results.hits if kind is None or h.kind == kind]


def test_the_build_lists_and_hashes_the_index(real_build: Path) -> None:
    entry = Manifest.read(real_build).files[SEARCH_INDEX]
    assert entry["media_type"] == SQLITE
    path = real_build / SEARCH_INDEX
    assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_massoud_finds_both_massouds(searcher: Searcher) -> None:
    people = iris(searcher.search("massoud"), "person")
    assert people[:2] == [PERSON + "ahmad-massoud", PERSON + "ahmad-shah-massoud"]


def test_a_spelling_finds_its_entity_with_the_article_using_it(searcher: Searcher) -> None:
    first = searcher.search("Ata Mohammad Noor").hits[0]
    assert (first.iri, first.label) == (PERSON + "atta-mohammad-noor", "Atta Mohammad Noor")
    assert first.exact and first.field == "spelling" and first.matched == "Ata Mohammad Noor"
    assert first.article == BASE + "id/article/004"


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Nazari", PERSON + "ali-maisam-nazary"),
        ("Panjsher", BASE + "id/place/panjshir-valley"),
        ("ahmad masoud", PERSON + "ahmad-massoud"),
    ],
)
def test_a_small_typo_still_finds_the_name(searcher: Searcher, typed: str, found: str) -> None:
    hits = searcher.search(typed).hits
    assert found in [h.iri for h in hits]
    assert all(h.typo for h in hits if h.iri == found) or typed == "ahmad masoud"


def test_case_accents_and_punctuation_do_not_matter(searcher: Searcher) -> None:
    plain = iris(searcher.search("ahmad shah massoud"))
    assert iris(searcher.search("AHMAD SHĀH-MASSOUD!")) == plain
    assert plain[0] == PERSON + "ahmad-shah-massoud"


def test_prefixes_match_as_the_user_types(searcher: Searcher) -> None:
    assert iris(searcher.search("ahm shah mass"), "person")[0] == PERSON + "ahmad-shah-massoud"
    assert BASE + "id/place/panjshir-valley" in iris(searcher.search("panj"), "place")


def test_exact_names_come_first_and_their_group_leads(searcher: Searcher) -> None:
    results = searcher.search("Panjshir Valley")
    assert results.groups[0].kind.id == "place"
    assert results.hits[0].exact and results.hits[0].iri == BASE + "id/place/panjshir-valley"
    assert not any(h.exact for g in results.groups[1:] for h in g.hits)


def test_groups_follow_the_kinds_and_hold_at_most_the_limit(searcher: Searcher) -> None:
    results = searcher.search("taliban", limit=3)
    order = [k.id for k in KINDS]
    kinds = [g.kind.id for g in results.groups]
    assert kinds == sorted(kinds, key=order.index)
    assert {"organisation", "claim", "statement", "quote"} <= set(kinds)
    assert all(1 <= len(g.hits) <= 3 for g in results.groups)
    assert len(set(iris(results))) == len(results.hits)


def test_statements_and_quotes_carry_their_article(searcher: Searcher) -> None:
    results = searcher.search("democratic force", kinds=["quote", "claim", "statement"])
    assert results.hits
    for hit in results.hits:
        assert hit.article is not None and hit.article.startswith(BASE + "id/article/")
        assert "democratic" in hit.matched.lower()
    quote = next(h for h in results.hits if h.kind == "quote")
    assert quote.field == "quote" and quote.iri.startswith(BASE + "id/quote/")


def test_kinds_narrow_the_search(searcher: Searcher) -> None:
    results = searcher.search("massoud", kinds=["event"])
    assert {g.kind.id for g in results.groups} == {"event"}
    with pytest.raises(InvalidSearch, match="unknown kind 'people'"):
        searcher.search("massoud", kinds=["people"])


def test_json_answer_names_iri_label_kind_text_and_article(searcher: Searcher) -> None:
    data = searcher.search("Commander Massoud").as_json()
    first = data["groups"][0]["hits"][0]  # type: ignore[index]
    assert first == {
        "iri": PERSON + "ahmad-massoud",
        "label": "Ahmad Massoud",
        "kind": "person",
        "matched": "Commander Massoud",
        "field": "spelling",
        "article": BASE + "id/article/002",
        "article_label": "Article 002",
        "exact": True,
        "typo": False,
    }


def test_lookup_by_name_gives_iris_for_the_query_editor(searcher: Searcher) -> None:
    found = searcher.lookup("ahmad sh", limit=3)
    assert found[0].iri == PERSON + "ahmad-shah-massoud"
    assert len(found) <= 3
    assert searcher.lookup("deni", kinds=["concept"])[0].iri == BASE + "concept/speech-act/denial"
    paged = searcher.lookup("a", limit=2, offset=2)
    assert [h.iri for h in paged] == [h.iri for h in searcher.lookup("a", limit=4)][2:]


# ---------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        "*",
        "massoud*",
        '"ahmad" OR "x"',
        "NEAR(ahmad massoud)",
        "ahmad AND NOT massoud",
        "norm:massoud",
        "^massoud",
        "- massoud",
        "'; DROP TABLE name; --",
        "massoud') OR 1=1 --",
        "\x00massoud",
        "{ahmad}",
    ],
)
def test_query_syntax_is_text_never_syntax(searcher: Searcher, query: str) -> None:
    results = searcher.search(query)
    for hit in results.hits:
        assert hit.iri.startswith(BASE)
    assert searcher.connection().execute("SELECT COUNT(*) FROM name").fetchone()[0] > 0


def test_long_queries_are_refused_with_a_reason(searcher: Searcher) -> None:
    with pytest.raises(InvalidSearch, match="at most 200 are searched"):
        searcher.search("a" * 201)
    with pytest.raises(InvalidSearch, match="words; at most 8"):
        searcher.search("a b c d e f g h i")
    with pytest.raises(InvalidSearch):
        searcher.lookup("x" * 10_000)


@given(st.text(max_size=250))
def test_any_text_gets_results_or_a_clear_error(searcher: Searcher, query: str) -> None:
    try:
        results = searcher.search(query, limit=5)
    except InvalidSearch as error:
        assert "at most" in str(error)
        return
    assert all(len(g.hits) <= 5 for g in results.groups)


def test_a_search_past_its_time_is_stopped(real_build: Path) -> None:
    hasty = Searcher.open(real_build / SEARCH_INDEX, Limits(timeout_s=-1.0))
    try:
        with pytest.raises(SearchTimedOut, match="stopped"):
            hasty.search("taliban")
        assert hasty.search("").hits == ()
    finally:
        hasty.close()


def test_a_forked_process_opens_its_own_connection(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite connections must not cross a fork: a new process id gets a new connection."""
    inherited = searcher.connection()
    monkeypatch.setattr(os, "getpid", lambda: -1)
    assert searcher.connection() is not inherited
    assert searcher.search("massoud").hits
    monkeypatch.undo()
    assert searcher.connection() is not inherited  # the pid changed back: reopened again


def test_limits_are_clamped(searcher: Searcher) -> None:
    assert searcher.limit(0) == 1 and searcher.limit(10**9) == searcher.limits.max_limit
    settings = Settings.resolve({"SEARCH_MAX_QUERY_CHARS": 10, "SEARCH_TIMEOUT_S": 1})
    assert Limits.from_settings(settings) == Limits(max_query_chars=10, timeout_s=1.0)


# ---------------------------------------------------------------- the file itself


def test_searching_leaves_the_file_untouched(real_build: Path, searcher: Searcher) -> None:
    before = hashlib.sha256((real_build / SEARCH_INDEX).read_bytes()).hexdigest()
    searcher.search("massoud")
    searcher.search("Nazari")
    after = hashlib.sha256((real_build / SEARCH_INDEX).read_bytes()).hexdigest()
    assert before == after
    assert sorted(p.name for p in real_build.glob("search*")) == [SEARCH_INDEX]
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        searcher.connection().execute("DELETE FROM name")


def test_a_build_opens_its_own_index(real_build: Path, tmp_path: Path) -> None:
    opened = Searcher.of_build(Manifest.read(real_build))
    try:
        assert opened.base_iri == BASE and opened.path == real_build / SEARCH_INDEX
    finally:
        opened.close()
    older = Manifest(tmp_path, {"files": {"afgld.nq": {}}})
    with pytest.raises(BuildError, match="has no search.sqlite"):
        Searcher.of_build(older)


def test_a_missing_or_foreign_file_is_a_build_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="missing"):
        Searcher.open(tmp_path / SEARCH_INDEX)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(BuildError, match="not a search index"):
        Searcher.open(tmp_path / "junk.sqlite")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE meta (key, value)").connection.close()
    with pytest.raises(BuildError, match="another format"):
        Searcher.open(other)


def test_the_same_input_writes_the_same_bytes(tmp_path: Path) -> None:
    data = Collected(
        kinds={BASE + "id/person/a": "person", BASE + "id/article/001": "article"},
        labels={BASE + "id/person/a": "Ahmad"},
        weights={BASE + "id/person/a": 3},
        texts=[
            Text(BASE + "id/person/a", "name", "Ahmad", None),
            Text(BASE + "id/person/a", "spelling", "Ahmed", BASE + "id/article/001"),
        ],
        facts=[],
    )
    write_collected(data, tmp_path / "one.sqlite", BASE)
    write_collected(data, tmp_path / "two.sqlite", BASE)
    assert (tmp_path / "one.sqlite").read_bytes() == (tmp_path / "two.sqlite").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.sqlite", "two.sqlite"]
