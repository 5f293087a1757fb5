"""Search folds text one way, and finds words one typo apart (afgld.search.text)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from afgld.search.text import deletions, fold, similarity, variants, within_one_edit

LETTERS = st.text(alphabet="abcdefghij", min_size=0, max_size=9)


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance, the slow and obvious way, to check the fast one."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def test_case_accents_and_punctuation_fold_away() -> None:
    assert fold("Aḥmad Shāh-Mas’ūd") == "ahmad shah masud"
    assert fold("AHMAD  SHAH\tMASSOUD") == "ahmad shah massoud"
    assert fold("9/11 attacks") == "9 11 attacks"
    assert fold("Taliban's Ministry") == fold("Talibans ministry")
    assert fold("Jamiat-e-Islami") == "jamiat e islami"
    assert fold("İstanbul") == "istanbul"
    assert fold("𝕬𝖍𝖒𝖆𝖉 ﬁ") == "ahmad fi"
    assert fold('"*^():-') == ""


def test_other_scripts_are_kept_as_words() -> None:
    assert fold("احمد مسعود") == "احمد مسعود"


@given(st.text())
def test_folding_is_idempotent_and_yields_plain_words(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip() and "  " not in folded
    assert '"' not in folded and "*" not in folded


@given(LETTERS, LETTERS)
def test_one_edit_is_what_the_edit_distance_says(a: str, b: str) -> None:
    assert within_one_edit(a, b) == (distance(a, b) <= 1)


@given(LETTERS.filter(lambda w: len(w) >= 4), st.data())
def test_words_one_edit_apart_share_a_variant(word: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(word) - 1))
    letter = data.draw(st.sampled_from("abcdefghij"))
    for other in (
        word[:position] + letter + word[position + 1 :],  # substitution
        word[:position] + letter + word[position:],  # insertion
        word[:position] + word[position + 1 :],  # deletion
        word[:position] + word[position + 1 : position + 2] + word[position] + word[position + 2 :],
    ):
        if len(other) >= 4:
            assert variants(word) & variants(other)


def test_short_words_have_no_typo_variants() -> None:
    assert variants("ata") == {"ata"}
    assert deletions("noor") == {"oor", "nor", "noo"}


def test_similarity_is_one_for_the_same_name_and_falls_with_difference() -> None:
    assert similarity("ahmad massoud", "ahmad massoud") == 1.0
    assert similarity("", "massoud") == 0.0
    closer = similarity("massoud", "ahmad massoud")
    assert 0 < similarity("massoud", "ahmad shah massoud") < closer < 1
    assert similarity("nazari", "nazary") > similarity("nazari", "ali maisam nazary")


@given(st.text(max_size=30), st.text(max_size=30))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    assert similarity(a, b) == similarity(b, a)
    assert 0.0 <= similarity(a, b) <= 1.0
