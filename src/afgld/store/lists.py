"""The build's list tables: every row the index pages show, with what they filter, count and
sort on, so that a page of any list, under any filter, is a few indexed look-ups.

``afgld build`` writes them (``afgld.build.lists``, from the query index, once per release) to
``pages/lists.sqlite``, listed in the manifest and checked like every file of the build; every
web worker opens them read-only (``immutable``: nothing is written while serving, so SQLite
takes no lock and reads through the operating system's page cache, shared by all processes).
The definitions below are the one home of what each list offers: its facets (query-string
parameters, several values of one facet meaning any of them), its sorts, and whether it has
dates. Why SQLite, why at build time: docs/decisions/20261206-lists-and-facets.md.

Tables:

* ``item``: one row per member of a list, in the list's natural order (``id``), with its sort
  keys and ``cells``, the JSON of what the row shows (IRIs and literals; pages make the labels);
* ``facet``: (list, facet, value, item) for every facet value a member has (a person mentioned
  in two articles has two ``article`` rows);
* ``facet_value``: every value of every facet of every list, with its IRI and its count over the
  whole list: the counts of an unfiltered list, and the values a filter may name;
* ``facet_pair``: for each value with at least :data:`BIG` members, the counts of the other
  facets' values among them: the counts of a view filtered by one large value;
* ``edge``: the network's edges (who is a member of, leads, attends, accuses, denies or relays
  whom), one per statement that expresses one, with its article and the statement's status;
* ``label``: the display label of every labelled resource (``best_labels`` over
  ``page-labels.rq``), and ``type``: the types of every resource ``page-types.rq`` lists: what
  every page names and links by, read by each web worker when it starts instead of asking the
  whole index at every start.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from afgld.errors import BuildError

LISTS_FILE = "pages/lists.sqlite"
FORMAT = 2  # PRAGMA user_version: the schema below; a build with another is refused
BIG = 1000  # members of a facet value over which the build counts the other facets under it
VIEWS_KEPT = 1024  # views whose size and facet counts a server keeps (each a few hundred bytes)

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
CREATE INDEX item_by_order ON item (list, id);
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
CREATE TABLE facet_pair (
  list TEXT NOT NULL,
  facet TEXT NOT NULL,
  value TEXT NOT NULL,
  other TEXT NOT NULL,
  other_value TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (list, facet, value, other, other_value)
) WITHOUT ROWID;
CREATE TABLE edge (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  statement TEXT NOT NULL,
  article TEXT,
  status TEXT NOT NULL
);
CREATE INDEX edge_by_article ON edge (article, status, kind);
CREATE TABLE label (
  iri TEXT PRIMARY KEY,
  label TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE type (
  iri TEXT NOT NULL,
  type TEXT NOT NULL,
  PRIMARY KEY (iri, type)
) WITHOUT ROWID;
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
    Facet("about", "Concerns"),  # the people, organisations, events … a statement concerns
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
class Edge:
    kind: str  # member, leads, attends, accuses, denies, relays
    source: str
    target: str
    statement: str
    article: str | None  # its key: "002"
    status: str  # article (its own voice), claimed, hedged, disputed


EDGE_KINDS = ("member", "leads", "attends", "accuses", "denies", "relays")
EDGE_STATUSES = ("article", "claimed", "hedged", "disputed")
NETWORK_KINDS = ("person", "org", "event", "agent")  # of the nodes: people, organisations …


@dataclass(frozen=True)
class Count:
    value: str
    iri: str | None
    count: int


# One filter: (facet, values); values of one facet are alternatives, facets all apply.
Filter = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Query:
    """A view of one list: its filters, date range and sort."""

    slug: str  # the list
    filters: tuple[Filter, ...] = ()
    start: str | None = None  # earliest ISO day a dated member may end on
    end: str | None = None  # latest ISO day it may start on
    order: tuple[str, ...] = ("id",)
    descending: bool = False

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def filtered(self) -> bool:
        return bool(self.filters) or self.dated

    def without(self, facet: str) -> Query:
        return replace(self, filters=tuple(f for f in self.filters if f[0] != facet))

    def unordered(self) -> Query:
        """The same members, in no particular order: what their count depends on."""
        return replace(self, order=("id",), descending=False)

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
    are not shared between threads).

    A filtered view's members are found from its most selective filter (the values with the
    fewest members, by the build's counts), each further filter checked by a primary-key
    look-up per candidate; so the work grows with the smallest filter, not with the list. The
    counts of a facet under one value of another facet that has at least :data:`BIG` members
    were counted by the build (``facet_pair``); under anything narrower they are counted here,
    member by member.
    """

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
        # The data never changes while serving: small answers are kept (a few per list), and
        # a view's size and facet counts (which do not change with its sort or its page).
        self.size = functools.lru_cache(maxsize=64)(self._size)
        self.distinct = functools.lru_cache(maxsize=256)(self._distinct)
        self.top = functools.lru_cache(maxsize=512)(self._top)
        self._total = functools.lru_cache(maxsize=VIEWS_KEPT)(self._count_members)
        self._counts = functools.lru_cache(maxsize=VIEWS_KEPT)(self._count_values)

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=True)
            self._local.connection = connection
        return connection

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple[object, ...]]:
        return list(self._connection().execute(sql, params).fetchall())

    # -- which members -----------------------------------------------------------------------
    def members(self, query: Query) -> tuple[str, list[object]] | None:
        """SQL selecting the ids of the view's members (``id``), and its parameters; None for
        the whole list."""
        if not query.filters:
            if not query.dated:
                return None
            sql = f"SELECT i.id AS id FROM item i WHERE i.list = ? AND i.date_group = {DATED}"
            params: list[object] = [query.slug]
            return sql + self._dates(query, params, "i"), params
        first, *others = sorted(query.filters, key=lambda f: self._weight(query.slug, f))
        facet, values = first
        sql = (
            "SELECT DISTINCT f0.item AS id FROM facet f0"
            f" WHERE f0.list = ? AND f0.facet = ? AND f0.value IN ({_marks(values)})"
        )
        params = [query.slug, facet, *values]
        for number, (other, chosen) in enumerate(others, start=1):
            sql += (
                f" AND EXISTS (SELECT 1 FROM facet f{number} WHERE f{number}.list = ?"
                f" AND f{number}.facet = ? AND f{number}.value IN ({_marks(chosen)})"
                f" AND f{number}.item = f0.item)"
            )
            params += [query.slug, other, *chosen]
        if query.dated:
            sql += (
                " AND EXISTS (SELECT 1 FROM item d WHERE d.id = f0.item"
                f" AND d.date_group = {DATED}" + self._dates(query, params, "d") + ")"
            )
        return sql, params

    @staticmethod
    def _dates(query: Query, params: list[object], alias: str) -> str:
        sql = ""
        if query.start is not None:
            sql += f" AND {alias}.date_end >= ?"
            params.append(query.start)
        if query.end is not None:
            sql += f" AND {alias}.date_start <= ?"
            params.append(query.end)
        return sql

    def _weight(self, slug: str, chosen: Filter) -> int:
        facet, values = chosen
        return sum(c.count for c in self.lookup(slug, facet, values).values())

    def total(self, query: Query) -> int:
        """How many members the view has."""
        return self._total(query.unordered())

    def _count_members(self, query: Query) -> int:
        found = self.members(query)
        if found is None:
            return self.size(query.slug)
        sql, params = found
        return int(str(self._rows(f"SELECT COUNT(*) FROM ({sql})", params)[0][0]))

    def page(self, query: Query, limit: int | None, offset: int = 0) -> list[Item]:
        """The members of the view in its order, ``limit`` from ``offset`` (None: all)."""
        found = self.members(query)
        sql = "SELECT i.id, i.iri, i.statements, i.cells FROM item i WHERE i.list = ?"
        params: list[object] = [query.slug]
        if found is not None:
            sql += f" AND i.id IN ({found[0]})"
            params += found[1]
        sql += f" ORDER BY {query.order_by()}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        rows = self._rows(sql, params)
        return [Item(int(str(a)), str(b), int(str(n)), str(c)) for a, b, n, c in rows]

    # -- counts ------------------------------------------------------------------------------
    def _size(self, slug: str) -> int:
        return int(str(self._rows("SELECT COUNT(*) FROM item WHERE list = ?", (slug,))[0][0]))

    def _distinct(self, slug: str, facet: str) -> int:
        """How many values a facet of a list has."""
        rows = self._rows(
            "SELECT COUNT(*) FROM facet_value WHERE list = ? AND facet = ?", (slug, facet)
        )
        return int(str(rows[0][0]))

    def _top(self, slug: str, facet: str, limit: int) -> list[Count]:
        """The values of a facet of a list with the most members, with their counts over the
        whole list (counted by the build)."""
        rows = self._rows(
            "SELECT value, iri, count FROM facet_value WHERE list = ? AND facet = ?"
            " ORDER BY count DESC, value LIMIT ?",
            (slug, facet, limit),
        )
        return [Count(str(v), None if i is None else str(i), int(str(n))) for v, i, n in rows]

    def lookup(self, slug: str, facet: str, values: Sequence[str]) -> dict[str, Count]:
        """The given values of a facet that exist in the list, with their whole-list counts."""
        if not values:
            return {}
        rows = self._rows(
            "SELECT value, iri, count FROM facet_value WHERE list = ? AND facet = ?"
            f" AND value IN ({_marks(values)})",
            (slug, facet, *values),
        )
        counts = (Count(str(v), None if i is None else str(i), int(str(n))) for v, i, n in rows)
        return {count.value: count for count in counts}

    def counts(self, query: Query, facet: str, limit: int) -> list[tuple[str, int]]:
        """How many members of the view have each value of ``facet``, not counting the view's
        own filter on that facet (so that other values can be added), most first, at most
        ``limit`` values."""
        return list(self._counts(query.without(facet).unordered(), facet, limit))

    def _count_values(self, others: Query, facet: str, limit: int) -> list[tuple[str, int]]:
        if not others.filtered:
            return [(c.value, c.count) for c in self.top(others.slug, facet, limit)]
        if not others.dated and len(others.filters) == 1 and len(others.filters[0][1]) == 1:
            given, (value,) = others.filters[0]
            known = self.lookup(others.slug, given, (value,)).get(value)
            if known is not None and known.count >= BIG:
                rows = self._rows(
                    "SELECT other_value, count FROM facet_pair WHERE list = ? AND facet = ?"
                    " AND value = ? AND other = ? ORDER BY count DESC, other_value LIMIT ?",
                    (others.slug, given, value, facet, limit),
                )
                return [(str(v), int(str(n))) for v, n in rows]
        found = self.members(others)
        assert found is not None
        sql = (
            f"SELECT f.value, COUNT(*) AS n FROM ({found[0]}) AS m CROSS JOIN facet AS f"
            " ON f.item = m.id AND f.facet = ? GROUP BY f.value ORDER BY n DESC, f.value LIMIT ?"
        )
        rows = self._rows(sql, [*found[1], facet, limit])
        return [(str(v), int(str(n))) for v, n in rows]

    def dated(self, slug: str) -> list[tuple[Item, int, str | None, str | None]]:
        """Every member of a list that has a date, by date (a year first; a month and day
        without a year, then words only, after), with its date group and bounds."""
        rows = self._rows(
            "SELECT i.id, i.iri, i.statements, i.cells, i.date_group, i.date_start, i.date_end"
            f" FROM item i WHERE i.list = ? AND i.date_group < {UNDATED}"
            " ORDER BY i.date_group, i.date_start, i.date_end, i.sort_label, i.id",
            (slug,),
        )
        return [
            (
                Item(int(str(a)), str(b), int(str(n)), str(c)),
                int(str(group)),
                None if start is None else str(start),
                None if end is None else str(end),
            )
            for a, b, n, c, group, start, end in rows
        ]

    # -- the network -------------------------------------------------------------------------
    def edges(
        self, articles: Sequence[str], statuses: Sequence[str], kinds: Sequence[str]
    ) -> list[Edge]:
        """Every edge from a statement of one of ``articles`` (all, if empty) whose status and
        kind are among those given (all, if empty)."""
        sql = "SELECT kind, source, target, statement, article, status FROM edge WHERE 1 = 1"
        params: list[object] = []
        for column, chosen in (("article", articles), ("status", statuses), ("kind", kinds)):
            if chosen:
                sql += f" AND {column} IN ({_marks(chosen)})"
                params += list(chosen)
        rows = self._rows(sql + " ORDER BY id", params)
        return [
            Edge(
                str(kind),
                str(source),
                str(target),
                str(said),
                None if a is None else str(a),
                str(s),
            )
            for kind, source, target, said, a, s in rows
        ]

    # -- names and types of every resource ---------------------------------------------------
    def labels(self) -> dict[str, str]:
        """The display label of every labelled resource, by IRI."""
        return dict(self._connection().execute("SELECT iri, label FROM label"))

    def types(self) -> Iterator[tuple[str, str]]:
        """(resource, type) for every type of every resource ``page-types.rq`` lists, by
        resource."""
        return iter(self._connection().execute("SELECT iri, type FROM type"))

    def close(self) -> None:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))
