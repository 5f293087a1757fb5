"""A query as SQLite FTS5 sees it: folded words, their completions and typos, as expressions.

Each word of a query becomes the indexed words it begins (from the ``word`` table), or the
prefix itself when it begins too many, or-ed with the indexed words one edit away (from the
``typo`` table). The words reach FTS5 only as quoted strings of letters and digits, in a bound
parameter: no query can speak FTS5's syntax or SQL. Also here: the bounds on a query's work,
and the SQL fragments that filter by kind and by property, written with bound names only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from afgld.config import Settings
from afgld.errors import InvalidSearch
from afgld.search.text import MIN_FUZZY_LENGTH, fold, unique, variants, within_one_edit


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one call may do; the route layer takes them from the settings."""

    max_query_chars: int = 200
    timeout_s: float = 0.5
    max_words: int = 8
    max_limit: int = 100
    scan: int = 300  # names of a full-text match ranked per call, the best known first
    scan_passages: int = 50  # passages of each kind ranked per call, the shortest first
    typos_per_word: int = 8
    completions: int = 16  # indexed words a prefix is expanded to before matching as a prefix

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The bounds a deployment's settings give (``SEARCH_MAX_QUERY_CHARS``,
        ``SEARCH_TIMEOUT_S``); the rest are the engine's own."""
        return cls(
            max_query_chars=settings.search_max_query_chars, timeout_s=settings.search_timeout_s
        )


@dataclass(frozen=True)
class Words:
    """A query folded into words, and as FTS5 expressions: one for names, one for passages
    (None where nothing can match). Each word becomes the indexed words it begins, or the
    prefix itself when it begins too many, or-ed with the indexed words one typo away."""

    folded: str
    words: tuple[str, ...]
    names: str | None
    passages: str | None
    has_typos: bool

    def direct(self, column: str) -> tuple[str, dict[str, object]]:
        """SQL true when every word starts a word of ``column`` as typed (no typo)."""
        tests = [f"instr(' ' || {column}, ' ' || :w{n}) > 0" for n in range(len(self.words))]
        return "(" + " AND ".join(tests) + ")", {f"w{n}": w for n, w in enumerate(self.words)}


@dataclass(frozen=True)
class _Word:
    """What one query word may match in each table: indexed words (None: too many to list,
    match the prefix), and indexed words one typo away."""

    word: str
    names: list[str] | None
    passages: list[str] | None
    name_typos: list[str]
    passage_typos: list[str]

    def expression(self, table: str) -> str | None:
        completions = self.names if table == "name" else self.passages
        typos = self.name_typos if table == "name" else self.passage_typos
        if completions is None:
            # passages have no one-letter prefix index: a lone letter is a word there
            whole = table == "passage" and len(self.word) == 1
            alternatives = [quoted(self.word) + ("" if whole else "*")]
        else:
            alternatives = [quoted(w) for w in completions]
        alternatives += [quoted(w) for w in typos]
        return "(" + " OR ".join(alternatives) + ")" if alternatives else None


def read_words(
    connection: sqlite3.Connection, limits: Limits, query: str, *, truncate: bool = False
) -> Words | None:
    """``query`` as FTS5 expressions, or None when it holds no word; InvalidSearch when
    it is longer than the limits allow (with ``truncate``, words past ``max_words`` are
    left out of the match instead, though the whole query is still the exact name)."""
    if len(query) > limits.max_query_chars:
        raise InvalidSearch(
            f"the query has {len(query)} characters; at most {limits.max_query_chars} are searched"
        )
    folded = fold(query)
    if not folded:
        return None
    found = folded.split()
    if truncate:
        found = found[: limits.max_words]
    if len(found) > limits.max_words:
        raise InvalidSearch(
            f"the query has {len(found)} words; at most {limits.max_words} are searched"
        )
    typos = _typos(connection, limits, found)
    completions = _completions(connection, limits, found)
    parts = [
        _Word(
            word,
            *completions[word],
            [t for t, in_names, _ in typos.get(word, []) if in_names],
            [t for t, _, in_passages in typos.get(word, []) if in_passages],
        )
        for word in found
    ]

    def joined(table: str) -> str | None:
        expressions = [part.expression(table) for part in parts]
        if any(e is None for e in expressions):
            return None
        return " AND ".join(e for e in expressions if e is not None)

    return Words(folded, tuple(found), joined("name"), joined("passage"), bool(typos))


def _completions(
    connection: sqlite3.Connection, limits: Limits, found: list[str]
) -> dict[str, tuple[list[str] | None, list[str] | None]]:
    """The indexed words each of ``found`` begins, in names and in passages (None: more
    than ``completions`` of them), in one statement."""
    wanted = unique(found)
    branches = " UNION ALL ".join(
        f"SELECT * FROM (SELECT {n}, word, names, passages FROM word"
        f" WHERE word >= :w{n} AND word < :e{n} ORDER BY word LIMIT :most)"
        for n in range(len(wanted))
    )
    parameters: dict[str, object] = {"most": limits.completions + 1}
    for n, word in enumerate(wanted):
        parameters[f"w{n}"], parameters[f"e{n}"] = word, word + "\U0010ffff"
    rows: dict[int, list[tuple[str, int, int]]] = {n: [] for n in range(len(wanted))}
    for n, word, names, passages in connection.execute(branches, parameters):
        rows[n].append((word, names, passages))
    result: dict[str, tuple[list[str] | None, list[str] | None]] = {}
    for n, word in enumerate(wanted):
        if len(rows[n]) > limits.completions:
            result[word] = (None, None)
        else:
            result[word] = ([w for w, c, _ in rows[n] if c], [w for w, _, c in rows[n] if c])
    return result


def _typos(
    connection: sqlite3.Connection, limits: Limits, found: list[str]
) -> dict[str, list[tuple[str, int, int]]]:
    """Indexed words one edit away from each query word long enough to have typos, the
    most frequent first, with how many names and passages hold them."""
    long_enough = [w for w in unique(found) if len(w) >= MIN_FUZZY_LENGTH and w.isalpha()]
    if not long_enough:
        return {}
    wanted = {v: w for w in long_enough for v in variants(w)}
    marks = ",".join("?" * len(wanted))
    rows = connection.execute(
        "SELECT t.variant, w.word, w.names, w.passages FROM typo t"
        f" JOIN word w ON w.word = t.word WHERE t.variant IN ({marks})",
        list(wanted),
    )
    close: dict[str, dict[str, tuple[int, int]]] = {}
    for variant, word, names, passages in rows:
        original = wanted[variant]
        if word != original and within_one_edit(original, word):
            close.setdefault(original, {})[word] = (names, passages)
    return {
        w: [(t, *c[t]) for t in sorted(c, key=lambda t: (-sum(c[t]), t))[: limits.typos_per_word]]
        for w, c in close.items()
    }


@dataclass(frozen=True)
class Condition:
    """Resources holding ``property`` with one of ``values`` (resource numbers of the index)."""

    property: str
    values: tuple[int, ...]


def condition_sql(conditions: Sequence[Condition], column: str) -> tuple[str, dict[str, object]]:
    """SQL requiring every condition of ``column``, and its parameters: names, never text."""
    clauses: list[str] = []
    parameters: dict[str, object] = {}
    for n, condition in enumerate(conditions):
        parameters[f"p{n}"] = condition.property
        values = []
        for m, value in enumerate(condition.values):
            parameters[f"v{n}_{m}"] = int(value)
            values.append(f":v{n}_{m}")
        clauses.append(
            f"AND {column} IN (SELECT resource FROM fact WHERE property = :p{n}"
            f" AND value IN ({','.join(values) or 'NULL'}))"
        )
    return " ".join(clauses), parameters


def kind_sql(kinds: Sequence[str], column: str) -> tuple[str, dict[str, object]]:
    """SQL keeping the rows of ``column`` in ``kinds``, and its parameters."""
    names = [f":k{n}" for n in range(len(kinds))]
    return f"{column} IN ({','.join(names) or 'NULL'})", {f"k{n}": k for n, k in enumerate(kinds)}


def quoted(word: str) -> str:
    """An FTS5 string: ``word`` holds only letters and digits, but quote it as the syntax says."""
    return '"' + word.replace('"', '""') + '"'
