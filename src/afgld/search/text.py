"""How search compares text: folded to lower-case words without accents or punctuation.

One function, :func:`fold`, is applied to every indexed text when the build writes the index
and to every query when it is read, so the two always agree. Small typos are found through
the deletion variants of each indexed word (the symmetric-delete method: two words within one
edit of each other share a variant), checked with a real edit distance before use.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Apostrophes join what they sit in: "Massoud's" → "massouds", "Mas'ud" → "masud".
APOSTROPHES = frozenset("'’ʼ‘`´")
MIN_FUZZY_LENGTH = 4  # shorter words are matched as typed: too many words are one edit apart
MAX_REMEMBERED = 20_000  # characters whose folding is kept


class _Folding(dict[int, str | None]):
    """``str.translate`` table, filled as characters are first met: accents and apostrophes
    dropped, letters and digits kept (as SQLite's unicode61 tokenizer has them), the rest
    turned into spaces."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        category = unicodedata.category(char)
        folded: str | None
        if unicodedata.combining(char) or char in APOSTROPHES:
            folded = None
        elif category[0] in "LN" or category == "Co":
            folded = char
        else:
            folded = " "
        if len(self) < MAX_REMEMBERED:  # bounded: queries may hold any character
            self[code] = folded
        return folded


_FOLDING = _Folding()


def fold(text: str) -> str:
    """Lower-case words without accents, joined by one space.

    'Aḥmad Shāh-Mas’ūd' → 'ahmad shah masud'; '9/11 attacks' → '9 11 attacks'.
    """
    # NFKD first, so that compatibility letters ('𝕬', 'ﬁ') reach their case mapping; again
    # after case folding, which may compose ('İ' → 'i̇').
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return " ".join(decomposed.translate(_FOLDING).split())


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return fold(text).split()


def deletions(word: str) -> set[str]:
    """Every string one deletion away from ``word`` (for the typo table)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def variants(word: str) -> set[str]:
    """``word`` and its deletions: two words within one edit share at least one variant."""
    return {word} | deletions(word) if len(word) >= MIN_FUZZY_LENGTH else {word}


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` becomes ``b`` by at most one insertion, deletion, substitution or
    swap of two neighbouring letters (Damerau–Levenshtein distance ≤ 1)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    if a[start + 1 :] == b[start + 1 :]:
        return True
    return (
        start + 1 < len(a)
        and a[start] == b[start + 1]
        and a[start + 1] == b[start]
        and a[start + 2 :] == b[start + 2 :]
    )


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats, in their first order."""
    return list(dict.fromkeys(items))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the letter pairs of two folded texts, 0 to 1: how alike two
    names are, word order and small typos costing little (Christen, *Data Matching*, 2012)."""
    if a == b:
        return 1.0
    first, second = _pairs(a), _pairs(b)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def _pairs(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 2] for i in range(len(padded) - 1)}
