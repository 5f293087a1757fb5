"""Answer searches and name look-ups from the index ``afgld build`` wrote, read-only.

A query becomes FTS5 expressions (:mod:`afgld.search.query`). Names are ranked: the whole
name as typed first, then names starting with it, then names holding every word, then typo
matches; within each, the resources most statements concern first. Passages come shortest
first. Work is bounded by a deadline checked by SQLite's progress handler and by caps on the
rows a query may rank. SQLite FTS5: https://sqlite.org/fts5.html
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
)
from afgld.search.query import (
    Condition,
    Limits,
    Words,
    condition_sql,
    kind_sql,
    quoted,
    read_words,
)
from afgld.search.results import Hit, Results, grouped, hit_of
from afgld.search.text import unique
from afgld.store.manifest import Manifest


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
        """This thread's connection; a new one in a process forked after it was opened
        (SQLite connections must not cross a fork)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None or getattr(self._local, "pid", None) != os.getpid():
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
            self._local.connection, self._local.pid = connection, os.getpid()
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
        return Results(query, grouped(hits))

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
        """``query`` as FTS5 expressions (:func:`afgld.search.query.read_words`)."""
        return read_words(self._connection(), self.limits, query, truncate=truncate)

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
        return [hit_of(rows[name]) for name in names]

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
            match = f"norm : ({words.passages}) AND kind : {quoted(kind)}"
            parameters = {
                "match": match,
                "scan": self.limits.scan_passages,
                "limit": limit,
                **by_word,
            }
            hits += [hit_of(row) for row in self._connection().execute(sql, parameters)]
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


# A name's score, one integer so that MAX() picks each resource's best name: its tier (exact,
# starts with the query, every word as typed), then the label before spellings before other
# names, then the shortest, then the earliest article.
TIER, PREFERENCE, LENGTH = 10**12, 10**11, 10**6
