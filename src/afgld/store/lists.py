"""The build's list tables: every row the index pages show, with what they filter, count and
sort on, so that a page of any list, under any filter, is a few indexed look-ups.

``afgld build`` writes them (``afgld.build.lists``, from the query index, once per release) to
``pages/lists.sqlite``, listed in the manifest and checked like every file of the build; every
web worker opens them read-only (``immutable``: nothing is written while serving, so SQLite
takes no lock and reads through the operating system's page cache, shared by all processes).
The definitions below are the one home of what each list offers: its facets (query-string
parameters, several values of one facet meaning any of them), its sorts, and whether it has
dates. Why SQLite, why at build time: docs/decisions/20261207-lists-and-facets.md.

Tables:

* ``item``: one row per member of a list, in the list's natural order (``id``), with its sort
  keys and ``cells``, the JSON of what the row shows (IRIs and literals; pages make the labels);
* ``facet``: (list, facet, value, item) for every facet value a member has (a person mentioned
  in two articles has two ``article`` rows);
* ``facet_value``: every value of every facet of every list, with its IRI and its count over the
  whole list: the counts of an unfiltered list, and the values a filter may name.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from afgld.errors import BuildError

LISTS_FILE = "pages/lists.sqlite"
FORMAT = 1  # PRAGMA user_version: the schema below; a build with another is refused

SCHEMA = """
CREATE TABLE item (
  id INTEGER PRIMARY KEY,
  list TEXT NOT NULL,
  iri TEXT NOT NULL,
  sort_label TEXT NOT NULL,
  date_group INTEGER NOT NULL,
  date_start TEXT,
  date_end TEXT,
  statements INTEGER NOT NULL,
  cells TEXT NOT NULL
);
CREATE INDEX item_by_label ON item (list, sort_label, id);
CREATE INDEX item_by_date ON item (list, date_group, date_start, id);
CREATE INDEX item_by_count ON item (list, statements, id);
CREATE TABLE facet (
  list TEXT NOT NULL,
  facet TEXT NOT NULL,
  value TEXT NOT NULL,
  item INTEGER NOT NULL,
  PRIMARY KEY (list, facet, value, item)
) WITHOUT ROWID;
CREATE INDEX facet_by_item ON facet (item, facet, value);
CREATE TABLE facet_value (
  list TEXT NOT NULL,
  facet TEXT NOT NULL,
  value TEXT NOT NULL,
  iri TEXT,
  count INTEGER NOT NULL,
  PRIMARY KEY (list, facet, value)
) WITHOUT ROWID;
"""

# Date groups, in the order a date sort shows them: a date with a year is placed on the time
# line; a month and day without a year ("23 November") and words the text does not resolve
# ("last Thursday") are shown as such, never placed in a year.
DATED, NO_YEAR, WORDS_ONLY, UNDATED = 0, 1, 2, 3


@dataclass(frozen=True)
class Facet:
    name: str  # its query-string parameter
    title: str


@dataclass(frozen=True)
class Sort:
    name: str  # ``sort=<name>``; ``sort=-<name>`` reverses it
    title: str
    order: tuple[str, ...]  # item columns, ascending


@dataclass(frozen=True)
class ListDef:
    slug: str  # the index page: /<slug>
    kind: str  # the id kind of its members (person, event, statement …)
    shape: str  # entity | event | article | statement: which cells its rows have
    facets: tuple[Facet, ...]
    sorts: tuple[Sort, ...]
    dates: bool = False  # a date range filter (from=, to=)
    claims_only: bool = False

    def facet(self, name: str) -> Facet | None:
        return next((f for f in self.facets if f.name == name), None)

    def sort(self, name: str) -> Sort | None:
        return next((s for s in self.sorts if s.name == name), None)


ARTICLE = Facet("article", "Article")
TYPE = Facet("type", "Type")
BY_NAME = Sort("name", "name", ("sort_label", "id"))
BY_COUNT = Sort("statements", "statements", ("statements", "id"))
BY_ORDER = Sort("order", "article order", ("id",))
BY_DATE = Sort("date", "date", ("date_group", "date_start", "date_end", "sort_label", "id"))
BY_TEXT = Sort("text", "text", ("sort_label", "id"))
STATEMENT_FACETS = (
    ARTICLE,
    Facet("speaker", "Speaker"),
    Facet("act", "Speech act"),
    Facet("status", "Status"),
    Facet("polarity", "Polarity"),
)


def _entities(slug: str, kind: str) -> ListDef:
    return ListDef(slug, kind, "entity", (ARTICLE, TYPE), (BY_NAME, BY_COUNT))


LISTS: tuple[ListDef, ...] = (
    _entities("people", "person"),
    _entities("organisations", "org"),
    ListDef(
        "events",
        "event",
        "event",
        (ARTICLE, TYPE, Facet("place", "Place"), Facet("status", "Status of the date")),
        (BY_DATE, BY_NAME, BY_COUNT),
        dates=True,
    ),
    _entities("places", "place"),
    _entities("works", "work"),
    _entities("posts", "post"),
    _entities("agents", "agent"),
    ListDef("articles", "article", "article", (Facet("outlet", "Outlet"),), (BY_ORDER, BY_COUNT)),
    ListDef(
        "claims", "statement", "statement", STATEMENT_FACETS, (BY_ORDER, BY_TEXT), claims_only=True
    ),
    ListDef(
        "statements",
        "statement",
        "statement",
        (Facet("kind", "Kind"), *STATEMENT_FACETS),
        (BY_ORDER, BY_TEXT),
    ),
)
BY_SLUG: dict[str, ListDef] = {d.slug: d for d in LISTS}


# -- what a row shows and how sure it is ---------------------------------------------------------
STATUSES = ("fact", "derived", "hedged", "claimed", "disputed")


def status_of(asserted: bool, derived: bool, supporting: Iterable[tuple[bool, bool]]) -> str:
    """The status of a triple: ``fact`` (``derived``) when the facts graph asserts it, else
    from the statements that express it, given as (is a claim, is disputed): ``disputed`` if
    any is, ``hedged`` if any is in an article's voice (hedged, or negative), else ``claimed``."""
    if asserted:
        return "derived" if derived else "fact"
    said = list(supporting)
    if any(disputed for _, disputed in said):
        return "disputed"
    if any(not claim for claim, _ in said):
        return "hedged"
    return "claimed"


def best_labels(rows: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """The display label of each resource from (resource, label, rank) rows: the lowest rank
    (preferred label, then rdfs:label, title, headline), then the first label in code-point
    order, so the choice never depends on the order rows come in."""
    best: dict[str, tuple[int, str]] = {}
    for resource, label, rank in rows:
        if resource not in best or (rank, label) < best[resource]:
            best[resource] = (rank, label)
    return {resource: label for resource, (_, label) in best.items()}


# -- reading ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    id: int
    iri: str
    statements: int  # how many statements concern it
    cells: str  # JSON


@dataclass(frozen=True)
class Count:
    value: str
    iri: str | None
    count: int


# One filter: (facet, values); values of one facet are alternatives, facets all apply.
Filter = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Query:
    """A view of one list: its filters, date range, sort and page, as SQL over bound values."""

    slug: str  # the list
    filters: tuple[Filter, ...] = ()
    start: str | None = None  # earliest ISO day a dated member may end on
    end: str | None = None  # latest ISO day it may start on
    order: tuple[str, ...] = ("id",)
    descending: bool = False

    def where(self, skip: str | None = None) -> tuple[str, list[object]]:
        """The condition on ``item`` (aliased ``i``) and its parameters; ``skip`` leaves one
        facet's filter out (the counts of a facet's own values ignore its own choice)."""
        clauses: list[str] = ["i.list = ?"]
        params: list[object] = [self.slug]
        for facet, values in self.filters:
            if facet == skip:
                continue
            marks = ", ".join("?" * len(values))
            clauses.append(
                "i.id IN (SELECT item FROM facet"
                f" WHERE list = ? AND facet = ? AND value IN ({marks}))"
            )
            params += [self.slug, facet, *values]
        if self.start is not None or self.end is not None:
            clauses.append(f"i.date_group = {DATED}")
        if self.start is not None:
            clauses.append("i.date_end >= ?")
            params.append(self.start)
        if self.end is not None:
            clauses.append("i.date_start <= ?")
            params.append(self.end)
        return " AND ".join(clauses), params

    @property
    def filtered(self) -> bool:
        return bool(self.filters) or self.start is not None or self.end is not None

    def order_by(self) -> str:
        """ORDER BY over the fixed column names of a :class:`Sort` (never request text); rows
        without a date stay after the dated ones in either direction."""
        direction = " DESC" if self.descending else ""
        terms = [
            f"i.{column}" if column in ("id", "date_group") else f"i.{column}{direction}"
            for column in self.order
        ]
        if self.descending and self.order == ("id",):
            terms = ["i.id DESC"]
        return ", ".join(terms)


class Lists:
    """The list tables of one build, read-only; a connection per thread (SQLite connections
    are not shared between threads)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise BuildError(f"{path} is missing: run `afgld build` again")
        self.path = path
        self._local = threading.local()
        version = self._connection().execute("PRAGMA user_version").fetchone()[0]
        if version != FORMAT:
            raise BuildError(
                f"{path} has list tables of format {version}, this afgld reads {FORMAT}: "
                "run `afgld build` again"
            )

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=True)
            self._local.connection = connection
        return connection

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple[object, ...]]:
        return list(self._connection().execute(sql, params).fetchall())

    def total(self, query: Query) -> int:
        where, params = query.where()
        return int(str(self._rows(f"SELECT COUNT(*) FROM item i WHERE {where}", params)[0][0]))

    def page(self, query: Query, limit: int | None, offset: int = 0) -> list[Item]:
        where, params = query.where()
        sql = (
            "SELECT i.id, i.iri, i.statements, i.cells FROM item i"
            f" WHERE {where} ORDER BY {query.order_by()}"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [
            Item(int(str(a)), str(b), int(str(n)), str(c)) for a, b, n, c in self._rows(sql, params)
        ]

    def top(self, list_: str, facet: str, limit: int) -> list[Count]:
        """The values of a facet of a list with the most members, with their counts over the
        whole list (written by the build: no row is counted here)."""
        rows = self._rows(
            "SELECT value, iri, count FROM facet_value WHERE list = ? AND facet = ?"
            " ORDER BY count DESC, value LIMIT ?",
            (list_, facet, limit),
        )
        return [Count(str(v), None if i is None else str(i), int(str(n))) for v, i, n in rows]

    def lookup(self, list_: str, facet: str, values: Sequence[str]) -> dict[str, Count]:
        """The given values of a facet that exist in the list, with their whole-list counts."""
        if not values:
            return {}
        marks = ", ".join("?" * len(values))
        rows = self._rows(
            "SELECT value, iri, count FROM facet_value WHERE list = ? AND facet = ?"
            f" AND value IN ({marks})",
            (list_, facet, *values),
        )
        return {
            str(v): Count(str(v), None if i is None else str(i), int(str(n))) for v, i, n in rows
        }

    def distinct(self, list_: str, facet: str) -> int:
        """How many values a facet of a list has."""
        rows = self._rows(
            "SELECT COUNT(*) FROM facet_value WHERE list = ? AND facet = ?", (list_, facet)
        )
        return int(str(rows[0][0]))

    def counts(self, query: Query, facet: str, limit: int) -> list[tuple[str, int]]:
        """How many members of the view have each value of ``facet``, ignoring the view's own
        filter on that facet, most first, at most ``limit`` values."""
        where, params = query.where(skip=facet)
        sql = (
            "SELECT f.value, COUNT(*) AS n FROM facet f WHERE f.list = ? AND f.facet = ?"
            f" AND f.item IN (SELECT i.id FROM item i WHERE {where})"
            " GROUP BY f.value ORDER BY n DESC, f.value LIMIT ?"
        )
        rows = self._rows(sql, [query.slug, facet, *params, limit])
        return [(str(v), int(str(n))) for v, n in rows]

    def size(self, list_: str) -> int:
        rows = self._rows("SELECT COUNT(*) FROM item WHERE list = ?", (list_,))
        return int(str(rows[0][0]))

    def close(self) -> None:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None
