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
    Kind,
)
from afgld.search.text import MIN_FUZZY_LENGTH, fold, unique, variants, within_one_edit


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one call may do; the route layer takes them from the settings."""

    max_query_chars: int = 200
    timeout_s: float = 0.5
    max_words: int = 8
    max_limit: int = 100
    scan: int = 2_000  # rows of a full-text match ranked per call
    typos_per_word: int = 8

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
    """A query as FTS5 expressions: ``match`` with typo alternatives, ``direct`` without."""

    folded: str
    match: str
    direct: str

    @property
    def has_typos(self) -> bool:
        return self.match != self.direct


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
        match, direct = [], []
        for word in found:
            alternatives = [_quoted(word) + "*"] + [_quoted(t) for t in typos.get(word, [])]
            match.append("(" + " OR ".join(alternatives) + ")")
            direct.append(_quoted(word) + "*")
        return Words(folded, " AND ".join(match), " AND ".join(direct))

    def _typos(self, found: list[str]) -> dict[str, list[str]]:
        """Indexed words one edit away from each query word long enough to have typos."""
        long_enough = [w for w in unique(found) if len(w) >= MIN_FUZZY_LENGTH and w.isalpha()]
        if not long_enough:
            return {}
        wanted = {v: w for w in long_enough for v in variants(w)}
        marks = ",".join("?" * len(wanted))
        rows = self._connection().execute(
            f"SELECT variant, word, names + passages FROM typo WHERE variant IN ({marks})",
            list(wanted),
        )
        close: dict[str, dict[str, int]] = {}
        for variant, word, count in rows:
            original = wanted[variant]
            if word != original and within_one_edit(original, word):
                close.setdefault(original, {})[word] = count
        return {
            w: sorted(c, key=lambda t: (-c[t], t))[: self.limits.typos_per_word]
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
        """Named resources matching ``words``: ``limit`` per kind, or overall."""
        in_kinds, by_kind = kind_sql(kinds, "r.kind")
        partition = "kind" if per_kind else "1"
        direct = (
            "n.id IN (SELECT rowid FROM name_fts WHERE name_fts MATCH :direct)"
            if words.has_typos
            else "1"
        )
        only, bound = condition_sql(conditions, "n.resource")
        sql = f"""
        WITH found AS (
          SELECT rowid AS id FROM name_fts WHERE name_fts MATCH :match LIMIT :scan
        ), exact AS (
          SELECT id FROM name WHERE norm = :folded LIMIT :scan
        ), hit AS (
          SELECT n.id, n.resource, n.field, n.text, n.norm, n.article,
                 n.norm = :folded AS exact,
                 substr(n.norm, 1, length(:folded)) = :folded AS starts,
                 {direct} AS direct
          FROM name n
          WHERE n.id IN (SELECT id FROM found UNION SELECT id FROM exact) {only}
        ), best AS (
          SELECT hit.*, r.iri, r.kind, r.label, r.weight,
                 ROW_NUMBER() OVER (
                   PARTITION BY hit.resource
                   ORDER BY exact DESC, starts DESC, direct DESC,
                            CASE WHEN hit.field = 'name' AND hit.text = r.label THEN 0
                                 WHEN hit.field = 'spelling' THEN 1 ELSE 2 END,
                            length(hit.norm), hit.article
                 ) AS nth
          FROM hit JOIN resource r ON r.id = hit.resource
          WHERE {in_kinds}
        ), ranked AS (
          SELECT best.*, ROW_NUMBER() OVER (
                   PARTITION BY {partition}
                   ORDER BY exact DESC, starts DESC, direct DESC, weight DESC, length(norm), label
                 ) AS place
          FROM best WHERE nth = 1
        )
        SELECT ranked.iri, ranked.label, ranked.kind, ranked.text, ranked.field,
               a.iri, a.label, ranked.exact, ranked.direct, ranked.weight
        FROM ranked LEFT JOIN resource a ON a.id = ranked.article
        WHERE place <= :limit
        ORDER BY place
        """
        parameters: dict[str, object] = {
            "match": words.match,
            "direct": words.direct,
            "folded": words.folded,
            "scan": self.limits.scan,
            "limit": limit,
        }
        parameters.update(by_kind)
        parameters.update(bound)
        return [_hit(row) for row in self._connection().execute(sql, parameters)]

    def passages(self, words: Words, kinds: list[str], limit: int) -> list[Hit]:
        """Statements and quotes whose text matches ``words``, ``limit`` per kind by BM25."""
        direct = (
            "p.id IN (SELECT rowid FROM passage_fts WHERE passage_fts MATCH :direct)"
            if words.has_typos
            else "1"
        )
        in_kinds, by_kind = kind_sql(kinds, "r.kind")
        sql = f"""
        WITH found AS (
          SELECT rowid AS id, rank FROM passage_fts WHERE passage_fts MATCH :match
          ORDER BY rank LIMIT :scan
        ), ranked AS (
          SELECT p.resource, p.field, p.text, p.article, r.iri, r.kind, r.label, r.weight,
                 {direct} AS direct,
                 ROW_NUMBER() OVER (PARTITION BY r.kind ORDER BY {direct} DESC, found.rank)
                   AS place
          FROM found JOIN passage p ON p.id = found.id JOIN resource r ON r.id = p.resource
          WHERE {in_kinds}
        )
        SELECT ranked.iri, ranked.label, ranked.kind, ranked.text, ranked.field,
               a.iri, a.label, 0, ranked.direct, ranked.weight
        FROM ranked LEFT JOIN resource a ON a.id = ranked.article
        WHERE place <= :limit
        ORDER BY place
        """
        parameters: dict[str, object] = {
            "match": words.match,
            "direct": words.direct,
            "scan": self.limits.scan,
            "limit": limit,
        }
        parameters.update(by_kind)
        return [_hit(row) for row in self._connection().execute(sql, parameters)]

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
