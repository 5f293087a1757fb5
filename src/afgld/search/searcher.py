"""Answer searches and name look-ups from the index ``afgld build`` wrote, read-only.

A query is folded (:func:`afgld.search.text.fold`) into at most ``max_words`` words; each word
matches as a prefix, or as a whole word one edit away (typos, from the ``typo`` table). The
words reach FTS5 only as quoted strings made of letters and digits, in a bound parameter, so
no query can speak FTS5's syntax or SQL. Names are ranked: the whole name as typed first, then
names starting with it, then names holding every word, then typo matches; within each, the
resources most statements concern first. Work is bounded by a deadline checked by SQLite's
progress handler and by a cap on the rows a query may scan.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afgld.errors import BuildError, InvalidSearch, SearchTimedOut
from afgld.search import (
    APPLICATION_ID,
    BY_ID,
    FORMAT,
    KINDS,
    NAME_KINDS,
    ORDER,
    PASSAGE_KINDS,
    SEARCH_INDEX,
    Kind,
)
from afgld.search.text import MIN_FUZZY_LENGTH, fold, unique, variants, within_one_edit
from afgld.store.manifest import Manifest


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
    def from_settings(cls, settings: Mapping[str, Any]) -> Limits:
        return cls(
            max_query_chars=int(settings["SEARCH_MAX_QUERY_CHARS"]),
            timeout_s=float(settings["SEARCH_TIMEOUT_S"]),
        )


@dataclass(frozen=True)
class Hit:
    """One resource found: what it is, and the text of it that matched."""

    iri: str
    label: str
    kind: str
    matched: str  # the name, spelling, statement text or sentence that matched
    field: str  # 'name', 'spelling', 'text' or 'quote'
    article: str | None  # the article the matched text comes from (spellings, passages)
    article_label: str | None
    exact: bool  # the query, folded, is this name
    typo: bool  # found only through a word one edit away from a word of the query
    weight: int  # statements about it or by it

    def as_json(self) -> dict[str, object]:
        return {
            "iri": self.iri,
            "label": self.label,
            "kind": self.kind,
            "matched": self.matched,
            "field": self.field,
            "article": self.article,
            "article_label": self.article_label,
            "exact": self.exact,
            "typo": self.typo,
        }


@dataclass(frozen=True)
class Group:
    kind: Kind
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class Results:
    """The answer to one search: hits grouped by kind, in the order of ``KINDS``."""

    query: str
    groups: tuple[Group, ...] = ()

    @property
    def hits(self) -> tuple[Hit, ...]:
        return tuple(hit for group in self.groups for hit in group.hits)

    def as_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "groups": [
                {
                    "kind": g.kind.id,
                    "title": g.kind.plural,
                    "hits": [h.as_json() for h in g.hits],
                }
                for g in self.groups
            ],
        }


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
            alternatives = [_quoted(self.word) + ("" if whole else "*")]
        else:
            alternatives = [_quoted(w) for w in completions]
        alternatives += [_quoted(w) for w in typos]
        return "(" + " OR ".join(alternatives) + ")" if alternatives else None


@dataclass
class _Deadline:
    local: threading.local = field(default_factory=threading.local)

    def start(self, seconds: float) -> None:
        self.local.until = time.monotonic() + seconds

    def stop(self) -> None:
        self.local.until = None

    def passed(self) -> int:
        until = getattr(self.local, "until", None)
        return 1 if until is not None and time.monotonic() > until else 0


class Searcher:
    """The search index of one build, opened read-only; safe to share between threads
    (each thread gets its own SQLite connection)."""

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        self.path = path
        self.limits = limits or Limits()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._deadline = _Deadline()
        meta = dict(self._connection().execute("SELECT key, value FROM meta").fetchall())
        self.base_iri = str(meta["base_iri"])

    @classmethod
    def open(cls, path: Path, limits: Limits | None = None) -> Searcher:
        """Open ``path`` read-only; BuildError when it is missing or not a search index."""
        if not path.is_file():
            raise BuildError(f"{path} is missing: run `afgld build` again")
        try:
            return cls(path, limits)
        except sqlite3.DatabaseError as error:
            raise BuildError(f"{path} is not a search index ({error}): run `afgld build`") from None

    @classmethod
    def of_build(cls, manifest: Manifest, limits: Limits | None = None) -> Searcher:
        """The search index a build's manifest lists (and has checked), opened read-only."""
        if SEARCH_INDEX not in manifest.files:
            raise BuildError(f"{manifest.directory} has no {SEARCH_INDEX}: run `afgld build` again")
        return cls.open(manifest.path(SEARCH_INDEX), limits)

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            application = connection.execute("PRAGMA application_id").fetchone()[0]
            if (version, application) != (FORMAT, APPLICATION_ID):
                connection.close()
                raise BuildError(
                    f"{self.path} is a search index of another format ({version}): "
                    "run `afgld build` again"
                )
            connection.set_progress_handler(self._deadline.passed, 2_000)
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()

    # -- the public questions -------------------------------------------------------------
    def search(self, query: str, kinds: Iterable[str] | None = None, limit: int = 10) -> Results:
        """Names and passages matching ``query``: at most ``limit`` hits of each kind."""
        chosen = self.kinds(kinds)
        limit = self.limit(limit)
        hits: list[Hit] = []
        with self.bounded():
            words = self.words(query)
            if words is None:
                return Results(query)
            names = [k for k in chosen if k in NAME_KINDS]
            passages = [k for k in chosen if k in PASSAGE_KINDS]
            if names:
                hits += self.names(words, names, limit)
            if passages:
                hits += self.passages(words, passages, limit)
        return Results(query, _grouped(hits))

    def lookup(
        self, prefix: str, kinds: Iterable[str] | None = None, limit: int = 10, offset: int = 0
    ) -> list[Hit]:
        """Named resources whose names start with the words of ``prefix``, best first: the
        entity suggest service and the SPARQL editor's look-up by name."""
        chosen = [k for k in self.kinds(kinds) if k in NAME_KINDS]
        limit = self.limit(limit)
        offset = max(0, min(int(offset), self.limits.scan))
        with self.bounded():
            words = self.words(prefix)
            if words is None or not chosen:
                return []
            hits = self.names(words, chosen, limit + offset, per_kind=False)
        return hits[offset : offset + limit]

    # -- building blocks, also used by reconciliation ------------------------------------
    def kinds(self, kinds: Iterable[str] | None) -> list[str]:
        if kinds is None:
            return [k.id for k in KINDS]
        chosen = unique(str(k) for k in kinds)
        unknown = [k for k in chosen if k not in BY_ID]
        if unknown:
            known = ", ".join(k.id for k in KINDS)
            raise InvalidSearch(f"unknown kind {unknown[0]!r}: the kinds are {known}")
        return sorted(chosen, key=ORDER.__getitem__)

    def limit(self, limit: int) -> int:
        return max(1, min(int(limit), self.limits.max_limit))

    def words(self, query: str, *, truncate: bool = False) -> Words | None:
        """``query`` as FTS5 expressions, or None when it holds no word; InvalidSearch when
        it is longer than the limits allow (with ``truncate``, words past ``max_words`` are
        left out of the match instead, though the whole query is still the exact name)."""
        if len(query) > self.limits.max_query_chars:
            raise InvalidSearch(
                f"the query has {len(query)} characters; at most "
                f"{self.limits.max_query_chars} are searched"
            )
        folded = fold(query)
        if not folded:
            return None
        found = folded.split()
        if truncate:
            found = found[: self.limits.max_words]
        if len(found) > self.limits.max_words:
            raise InvalidSearch(
                f"the query has {len(found)} words; at most {self.limits.max_words} are searched"
            )
        typos = self._typos(found)
        completions = self._completions(found)
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
        self, found: list[str]
    ) -> dict[str, tuple[list[str] | None, list[str] | None]]:
        """The indexed words each of ``found`` begins, in names and in passages (None: more
        than ``completions`` of them), in one statement."""
        wanted = unique(found)
        branches = " UNION ALL ".join(
            f"SELECT * FROM (SELECT {n}, word, names, passages FROM word"
            f" WHERE word >= :w{n} AND word < :e{n} ORDER BY word LIMIT :most)"
            for n in range(len(wanted))
        )
        parameters: dict[str, object] = {"most": self.limits.completions + 1}
        for n, word in enumerate(wanted):
            parameters[f"w{n}"], parameters[f"e{n}"] = word, word + "\U0010ffff"
        rows: dict[int, list[tuple[str, int, int]]] = {n: [] for n in range(len(wanted))}
        for n, word, names, passages in self._connection().execute(branches, parameters):
            rows[n].append((word, names, passages))
        result: dict[str, tuple[list[str] | None, list[str] | None]] = {}
        for n, word in enumerate(wanted):
            if len(rows[n]) > self.limits.completions:
                result[word] = (None, None)
            else:
                result[word] = ([w for w, c, _ in rows[n] if c], [w for w, _, c in rows[n] if c])
        return result

    def _typos(self, found: list[str]) -> dict[str, list[tuple[str, int, int]]]:
        """Indexed words one edit away from each query word long enough to have typos, the
        most frequent first, with how many names and passages hold them."""
        long_enough = [w for w in unique(found) if len(w) >= MIN_FUZZY_LENGTH and w.isalpha()]
        if not long_enough:
            return {}
        wanted = {v: w for w in long_enough for v in variants(w)}
        marks = ",".join("?" * len(wanted))
        rows = self._connection().execute(
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
            w: [
                (t, *c[t])
                for t in sorted(c, key=lambda t: (-sum(c[t]), t))[: self.limits.typos_per_word]
            ]
            for w, c in close.items()
        }

    def bounded(self) -> _Bounded:
        return _Bounded(self)

    def names(
        self,
        words: Words,
        kinds: list[str],
        limit: int,
        *,
        per_kind: bool = True,
        conditions: Sequence[Condition] = (),
    ) -> list[Hit]:
        """Named resources matching ``words``: ``limit`` per kind, or overall.

        Each resource is ranked by its best name: the whole query (exact), a name starting
        with it, every word as typed, a typo; then by how many statements concern it. At
        most ``scan`` matching names are ranked, the best known first, plus every exact one.
        """
        if words.names is None:
            return []
        in_kinds, by_kind = kind_sql(kinds, "n.kind")
        direct, by_word = words.direct("n.norm")
        only, bound = condition_sql(conditions, "n.resource")
        tier = (
            f"(n.norm = :folded) * 4 + (substr(n.norm, 1, length(:folded)) = :folded) * 2"
            f" + {direct}"
        )
        sql = f"""
        WITH found AS MATERIALIZED (
          SELECT rowid AS id FROM name_fts WHERE name_fts MATCH :match LIMIT :scan
        ), exact AS MATERIALIZED (
          SELECT id FROM name WHERE norm = :folded LIMIT :scan
        )
        SELECT n.kind,
               MAX(({tier}) * {TIER} + n.preference * {PREFERENCE}
                   + (9999 - min(length(n.norm), 9999)) * {LENGTH}
                   + 999999 - min(coalesce(n.article, 0), 999999)) / {TIER} AS tier,
               n.id
        FROM name n
        WHERE n.id IN (SELECT id FROM found UNION SELECT id FROM exact) AND {in_kinds} {only}
        GROUP BY n.resource
        ORDER BY tier DESC, n.resource
        {"" if per_kind else "LIMIT :limit"}
        """
        parameters: dict[str, object] = {
            "match": words.names,
            "folded": words.folded,
            "scan": self.limits.scan,
            "limit": limit,
            **by_kind,
            **by_word,
            **bound,
        }
        chosen: list[int] = []
        taken: dict[str, int] = {}
        for kind, _, name in self._connection().execute(sql, parameters):
            if taken.get(kind, 0) < limit:
                taken[kind] = taken.get(kind, 0) + 1
                chosen.append(int(name))
        return self._named(chosen, words)

    def _named(self, names: list[int], words: Words) -> list[Hit]:
        """The hits of the name rows ``names``, in that order."""
        if not names:
            return []
        direct, by_word = words.direct("n.norm")
        marks = ",".join(f":n{i}" for i in range(len(names)))
        sql = f"""
        SELECT n.id, r.iri, r.label, r.kind, n.text, n.field, a.iri, a.label,
               n.norm = :folded, {direct}, r.weight
        FROM name n JOIN resource r ON r.id = n.resource
             LEFT JOIN resource a ON a.id = n.article
        WHERE n.id IN ({marks})
        """
        parameters = {"folded": words.folded, **by_word}
        parameters.update({f"n{i}": name for i, name in enumerate(names)})
        rows = {row[0]: row[1:] for row in self._connection().execute(sql, parameters)}
        return [_hit(rows[name]) for name in names]

    def passages(self, words: Words, kinds: list[str], limit: int) -> list[Hit]:
        """Statements and quotes whose text matches ``words``: ``limit`` per kind, words as
        typed before typos, then the shortest texts (the densest match). The index holds
        passages shortest first, so the first ``scan_passages`` matches of a kind are ranked."""
        direct, by_word = words.direct("p.norm")
        sql = f"""
        WITH found AS MATERIALIZED (
          SELECT rowid AS id FROM passage_fts WHERE passage_fts MATCH :match LIMIT :scan
        )
        SELECT r.iri, r.label, r.kind, p.text, p.field, a.iri, a.label, 0, {direct}, r.weight
        FROM found JOIN passage p ON p.id = found.id
             JOIN resource r ON r.id = p.resource
             LEFT JOIN resource a ON a.id = p.article
        ORDER BY {direct} DESC, p.id
        LIMIT :limit
        """
        hits: list[Hit] = []
        for kind in kinds if words.passages is not None else ():
            match = f"norm : ({words.passages}) AND kind : {_quoted(kind)}"
            parameters = {
                "match": match,
                "scan": self.limits.scan_passages,
                "limit": limit,
                **by_word,
            }
            hits += [_hit(row) for row in self._connection().execute(sql, parameters)]
        return hits

    def connection(self) -> sqlite3.Connection:
        """This thread's read-only connection, for the reconciliation module's lookups."""
        return self._connection()


class _Bounded:
    """Within it, SQLite stops any statement once ``timeout_s`` has passed."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    def __enter__(self) -> None:
        self.searcher._connection()
        self.searcher._deadline.start(self.searcher.limits.timeout_s)

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.searcher._deadline.stop()
        if isinstance(error, sqlite3.OperationalError) and "interrupt" in str(error):
            raise SearchTimedOut(
                f"the search took longer than {self.searcher.limits.timeout_s} s and was stopped"
            ) from None


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


# A name's score, one integer so that MAX() picks each resource's best name: its tier (exact,
# starts with the query, every word as typed), then the label before spellings before other
# names, then the shortest, then the earliest article.
TIER, PREFERENCE, LENGTH = 10**12, 10**11, 10**6


def _quoted(word: str) -> str:
    """An FTS5 string: ``word`` holds only letters and digits, but quote it as the syntax says."""
    return '"' + word.replace('"', '""') + '"'


def _hit(row: tuple[Any, ...]) -> Hit:
    iri, label, kind, text, field_name, article, article_label, exact, direct, weight = row
    return Hit(
        iri=iri,
        label=label,
        kind=kind,
        matched=text,
        field=field_name,
        article=article,
        article_label=article_label,
        exact=bool(exact),
        typo=not direct,
        weight=int(weight),
    )


def _grouped(hits: list[Hit]) -> tuple[Group, ...]:
    """Hits by kind: kinds with an exact name match first, then in the order of KINDS."""
    by_kind: dict[str, list[Hit]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit)

    def order(kind: str) -> tuple[bool, int]:
        return (not any(h.exact for h in by_kind[kind]), ORDER[kind])

    return tuple(Group(BY_ID[k], tuple(by_kind[k])) for k in sorted(by_kind, key=order))
