"""The list tables of a release (``afgld.store.lists``): what every index page shows, filters,
counts and sorts, asked of the new query index once by ``afgld build`` and written to
``pages/lists.sqlite`` before the manifest, so that the manifest checks it like every file.

Rows hold IRIs and literals; the pages make labels. Sort keys and facet values are made here,
once: a label sort uses the label the pages show (``best_labels``, as ``page-labels.rq``
ranks them), an event's date is its best-supported time (asserted before claimed, a year
before none), and a statement's status is its rank and certainty. The file is byte-identical
for the same index: rows and facets are inserted in a fixed order, and no clock is read.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox

from afgld.namespaces import Space
from afgld.store.lists import (
    BIG,
    DATED,
    FORMAT,
    LISTS,
    NETWORK_KINDS,
    NO_YEAR,
    SCHEMA,
    STATUSES,
    UNDATED,
    WORDS_ONLY,
    ListDef,
    best_labels,
    status_of,
)
from afgld.store.queries import Queries

XSD = "http://www.w3.org/2001/XMLSchema#"
WITH_YEAR = {XSD + name for name in ("date", "dateTime", "dateTimeStamp", "gYear", "gYearMonth")}
WITHOUT_YEAR = {XSD + name for name in ("gMonthDay", "gMonth", "gDay")}
Solution = dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]


@dataclass
class Row:
    """One member of one list, as it is written."""

    slug: str  # the list it is a member of
    iri: str
    sort_label: str
    cells: dict[str, object]
    statements: int = 0
    date: tuple[int, str | None, str | None] = (UNDATED, None, None)
    facets: list[tuple[str, str, str | None]] = field(default_factory=list)  # facet, key, IRI


@dataclass(frozen=True)
class Time:
    value: ox.Literal | None
    earliest: str | None
    latest: str | None

    def dated(self) -> tuple[int, str | None, str | None]:
        """(date group, first day, last day): a year is placed, a month-day is kept apart."""
        if self.earliest and self.latest:
            return DATED, self.earliest[:10], self.latest[:10]
        if self.value is not None and self.value.datatype.value in WITH_YEAR:
            return (DATED, *_bounds(self.value.value, self.value.datatype.value))
        if self.value is not None and self.value.datatype.value in WITHOUT_YEAR:
            return NO_YEAR, self.value.value, self.value.value
        return WORDS_ONLY, None, None


def _bounds(value: str, datatype: str) -> tuple[str, str]:
    """First and last day of an xsd date value with a year (``2021`` → 2021-01-01, 2021-12-31)."""
    if datatype.endswith("#gYear"):
        return f"{value[:4]}-01-01", f"{value[:4]}-12-31"
    if datatype.endswith("#gYearMonth"):
        year, month = int(value[:4]), int(value[5:7])
        following = f"{year + month // 12:04d}-{month % 12 + 1:02d}-01"
        return f"{value[:7]}-01", _day_before(following)
    return value[:10], value[:10]


def _day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


class Reader:
    """The index, asked the list queries."""

    def __init__(self, index: Path, space: Space) -> None:
        self.store = ox.Store.read_only(str(index))
        self.space = space
        self.queries = Queries(space, prefix="")
        self.prefixes = space.prefixes()

    def select(self, name: str) -> Iterator[Solution]:
        results = self.store.query(self.queries[name], use_default_graph_as_union=True)
        assert isinstance(results, ox.QuerySolutions)
        variables = [v.value for v in results.variables]
        for solution in results:
            row: Solution = {}
            for name_ in variables:
                value = solution[name_]
                if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
                    row[name_] = value
            yield row

    def key(self, iri: str) -> str:
        """The short form a filter names a value by: ``002`` for an article, ``person/x`` for
        a resource, ``accusation`` for a concept, ``schema:Person`` for a class."""
        base = self.space.base
        if iri.startswith(base + "id/article/"):
            return iri[len(base + "id/article/") :]
        if iri.startswith(base + "id/"):
            return iri[len(base + "id/") :]
        if iri.startswith(base + "concept/"):
            return iri.rsplit("/", 1)[-1]
        for prefix, namespace in sorted(self.prefixes.items(), key=lambda p: -len(p[1])):
            if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri


def _iri(row: Solution, name: str) -> str | None:
    value = row.get(name)
    return value.value if isinstance(value, ox.NamedNode) else None


def _text(row: Solution, name: str) -> str | None:
    value = row.get(name)
    return value.value if isinstance(value, ox.Literal) else None


def _true(row: Solution, name: str) -> bool:
    value = row.get(name)
    return isinstance(value, ox.Literal) and value.value in ("true", "1")


def _natural(iri: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", iri))


class Extract:
    """Everything the lists need, asked once."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        base = reader.space.base
        self.base = base
        self.labels = best_labels(
            (r, label, int(rank))
            for row in reader.select("page-labels")
            if (r := _iri(row, "resource")) and (label := _text(row, "label")) is not None
            if (rank := _text(row, "rank")) is not None
        )
        self.types: dict[str, set[str]] = defaultdict(set)
        for row in reader.select("page-types"):
            resource, kind = _iri(row, "resource"), _iri(row, "type")
            if resource and kind:
                self.types[resource].add(kind)
        self.times: dict[str, Time] = {}
        for row in reader.select("page-times"):
            time = _iri(row, "time")
            if time:
                value = row.get("value")
                self.times[time] = Time(
                    value if isinstance(value, ox.Literal) else None,
                    _text(row, "earliest"),
                    _text(row, "latest"),
                )
        self.articles = {
            a: row for row in reader.select("page-articles") if (a := _iri(row, "article"))
        }
        self.statements = self._statements()
        self.mentions: dict[str, set[str]] = defaultdict(set)
        self.concerns: dict[str, set[str]] = defaultdict(set)  # statement → entities
        entities = tuple(f"{base}id/{d.kind}/" for d in LISTS if d.shape in ("entity", "event"))
        for row in reader.select("list-mentions"):
            resource, statement = _iri(row, "resource"), _iri(row, "statement")
            if resource and statement and statement in self.statements:
                self.mentions[resource].add(statement)
                if resource.startswith(entities) and "#" not in resource:
                    self.concerns[statement].add(resource)

    def _statements(self) -> dict[str, dict[str, object]]:
        found: dict[str, dict[str, object]] = {}
        quotes: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
        relays: dict[str, set[str]] = defaultdict(set)
        for row in self.reader.select("list-statements"):
            iri = _iri(row, "statement")
            if iri is None or "#" in iri:
                continue
            seen = found.setdefault(iri, {"claim": _true(row, "claim")})
            for name in ("speaker", "act", "rank", "certainty", "polarity"):
                value = _iri(row, name)
                if value is not None and (seen.get(name) is None or value < str(seen[name])):
                    seen[name] = value
            text = _text(row, "text")
            if text is not None and (seen.get("text") is None or text < str(seen["text"])):
                seen["text"] = text
            relay = _iri(row, "relay")
            if relay is not None:
                relays[iri].add(relay)
            quote = _iri(row, "quote")
            if quote is not None:
                quotes[iri].append((quote, _iri(row, "article"), _text(row, "exact")))
        for iri, seen in found.items():
            first = min(quotes[iri], key=lambda q: _natural(q[0]), default=(None, None, None))
            seen["quote"], seen["article"], seen["exact"] = first
            seen["relayed_by"] = sorted(relays[iri])
        return found

    def disputed(self, statement: str) -> bool:
        return str(self.statements[statement].get("rank") or "").endswith("/disputed")

    def hedged(self, statement: str) -> bool:
        certainty = self.statements[statement].get("certainty")
        return certainty is not None and not str(certainty).endswith("/certain")

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or iri.rsplit("/", 1)[-1]

    def articles_of(self, resource: str) -> list[str]:
        found = {self.statements[s].get("article") for s in self.mentions.get(resource, ())}
        return sorted(str(a) for a in found if a)


# -- rows ---------------------------------------------------------------------------------------
def entity_row(extract: Extract, definition: ListDef, iri: str) -> Row:
    label = extract.label(iri)
    articles = extract.articles_of(iri)
    types = sorted(extract.types.get(iri, ()))
    row = Row(
        definition.slug,
        iri,
        label.casefold(),
        {"label": label, "types": types, "articles": articles},
        statements=len(extract.mentions.get(iri, ())),
    )
    key = extract.reader.key
    row.facets += [("article", key(a), a) for a in articles]
    if definition.shape == "entity":
        row.facets += [("type", key(t), t) for t in types]
    return row


def entity_rows(extract: Extract, definition: ListDef) -> list[Row]:
    prefix = f"{extract.base}id/{definition.kind}/"
    members = [i for i in extract.types if i.startswith(prefix) and "#" not in i]
    rows = [entity_row(extract, definition, iri) for iri in members]
    return sorted(rows, key=lambda r: (r.sort_label, r.iri))


def event_rows(extract: Extract, definition: ListDef) -> list[Row]:
    values: dict[tuple[str, str, str], dict[str, object]] = {}
    for solution in extract.reader.select("list-event-values"):
        event, predicate = _iri(solution, "event"), _iri(solution, "predicate")
        value = _iri(solution, "value")
        if not (event and predicate and value):
            continue
        entry = values.setdefault((event, predicate, value), {"asserted": False, "by": set()})
        entry["asserted"] = bool(entry["asserted"]) or _true(solution, "asserted")
        statement = _iri(solution, "statement")
        if statement in extract.statements:
            by = entry["by"]
            assert isinstance(by, set)
            by.add(statement)
    types = {
        e: t
        for row in extract.reader.select("list-event-types")
        if (e := _iri(row, "event"))
        if (t := _iri(row, "type"))
    }
    rows = entity_rows(extract, definition)
    key = extract.reader.key
    for row in rows:
        kind = types.get(row.iri)
        row.cells["event_type"] = kind
        if kind:
            row.facets.append(("type", key(kind), kind))
        for name, predicate in (("time", "sem:hasTime"), ("place", "schema:location")):
            chosen = _best(extract, row.iri, _expand(extract, predicate), values)
            row.cells[name] = chosen[0] if chosen else None
            row.cells[f"{name}_status"] = chosen[1] if chosen else None
            row.cells[f"{name}_statements"] = chosen[2] if chosen else []
        time, place = row.cells["time"], row.cells["place"]
        if isinstance(time, str):
            row.date = extract.times.get(time, Time(None, None, None)).dated()
            row.facets.append(("status", str(row.cells["time_status"]), None))
        if isinstance(place, str):
            row.facets.append(("place", key(place), place))
    return sorted(rows, key=lambda r: (r.sort_label, r.iri))


def _expand(extract: Extract, curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return extract.reader.prefixes[prefix] + local


def _best(
    extract: Extract,
    event: str,
    predicate: str,
    values: dict[tuple[str, str, str], dict[str, object]],
) -> tuple[str, str, list[str]] | None:
    """The value of ``predicate`` for ``event`` best supported (asserted first, then claimed,
    hedged, disputed; a time with a year before one without), with its status and statements."""
    found = []
    for (subject, p, value), entry in values.items():
        if subject != event or p != predicate:
            continue
        by = sorted(entry["by"], key=_natural) if isinstance(entry["by"], set) else []
        said = [(bool(extract.statements[s]["claim"]), extract.disputed(s)) for s in by]
        status = status_of(bool(entry["asserted"]), False, said)
        group = extract.times[value].dated()[0] if value in extract.times else UNDATED
        found.append((STATUSES.index(status), group, value, status, by))
    if not found:
        return None
    _, _, value, status, by = min(found)
    return value, status, by


def article_rows(extract: Extract, definition: ListDef) -> list[Row]:
    counts: dict[str, int] = defaultdict(int)
    for statement in extract.statements.values():
        if statement.get("article"):
            counts[str(statement["article"])] += 1
    rows = []
    key = extract.reader.key
    for iri, solution in sorted(extract.articles.items(), key=lambda a: _natural(a[0])):
        headline = _text(solution, "headline")
        outlet = _iri(solution, "publisher")
        row = Row(
            definition.slug,
            iri,
            (headline or "").casefold(),
            {
                "number": key(iri),
                "headline": headline,
                "outlet": outlet,
                "published": _iri(solution, "publishedAt"),
                "dateline": _text(solution, "dateline"),
            },
            statements=counts[iri],
        )
        if outlet:
            row.facets.append(("outlet", key(outlet), outlet))
        rows.append(row)
    return rows


def statement_rows(extract: Extract, definition: ListDef) -> list[Row]:
    rows = []
    key = extract.reader.key
    for iri in sorted(extract.statements, key=_natural):
        said = extract.statements[iri]
        claim = bool(said["claim"])
        if definition.claims_only and not claim:
            continue
        status = (
            "disputed" if extract.disputed(iri) else "hedged" if extract.hedged(iri) else "normal"
        )
        text = str(said.get("text") or "")
        cells = {
            name: said.get(name) for name in ("speaker", "act", "polarity", "article", "relayed_by")
        }
        cells.update(
            text=text,
            claim=claim,
            status=status,
            certainty=said.get("certainty"),
            quote=said.get("quote"),
            exact=said.get("exact"),
        )
        row = Row(definition.slug, iri, text.casefold(), cells)
        if definition.facet("kind"):
            row.facets.append(("kind", "claim" if claim else "fact", None))
        for facet in ("article", "speaker", "act", "polarity"):
            value = said.get(facet)
            if isinstance(value, str):
                row.facets.append((facet, key(value), value))
        row.facets.append(("status", status, None))
        row.facets += [("about", key(r), r) for r in extract.concerns.get(iri, ())]
        rows.append(row)
    return rows


SHAPES = {
    "entity": entity_rows,
    "event": event_rows,
    "article": article_rows,
    "statement": statement_rows,
}


# -- writing ------------------------------------------------------------------------------------
def edge_rows(extract: Extract) -> list[tuple[str, str, str, str, str | None, str]]:
    """The network's edges between people, organisations, events and unnamed agents: (kind,
    source, target, statement, article key, status of the statement)."""
    nodes = tuple(f"{extract.base}id/{kind}/" for kind in NETWORK_KINDS)
    found = set()
    for row in extract.reader.select("list-edges"):
        kind, source = _text(row, "kind"), _iri(row, "source")
        target, statement = _iri(row, "target"), _iri(row, "statement")
        if not (kind and source and target and statement in extract.statements):
            continue
        if not (source.startswith(nodes) and target.startswith(nodes)):
            continue
        said = extract.statements[statement]
        status = "article"
        if extract.disputed(statement):
            status = "disputed"
        elif extract.hedged(statement):
            status = "hedged"
        elif said["claim"]:
            status = "claimed"
        article = said.get("article")
        key = extract.reader.key(str(article)) if article else None
        found.add((kind, source, target, statement, key, status))
    return sorted(found, key=lambda e: (_natural(e[3]), e))


def write_lists(index: Path, path: Path, space: Space) -> None:
    """Ask the index at ``index`` for every list and write the tables to ``path``."""
    extract = Extract(Reader(index, space))
    rows = [row for d in LISTS for row in SHAPES[d.shape](extract, d)]
    edges = edge_rows(extract)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute(f"PRAGMA user_version = {FORMAT}")
        connection.executescript(SCHEMA)
        _insert(connection, rows)
        connection.executemany(
            "INSERT INTO edge VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(number, *edge) for number, edge in enumerate(edges, start=1)],
        )
        connection.executemany("INSERT INTO label VALUES (?, ?)", sorted(extract.labels.items()))
        connection.executemany(
            "INSERT INTO type VALUES (?, ?)",
            sorted((iri, kind) for iri, kinds in extract.types.items() for kind in kinds),
        )
        connection.commit()
        connection.execute("ANALYZE")  # statistics for the query planner, in the file
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()


def _insert(connection: sqlite3.Connection, rows: list[Row]) -> None:
    values: dict[tuple[str, str, str], tuple[str | None, int]] = {}
    facets_of: list[list[tuple[str, str]]] = []
    for number, row in enumerate(rows, start=1):
        group, start, end = row.date
        connection.execute(
            "INSERT INTO item VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                number,
                row.slug,
                row.iri,
                row.sort_label,
                group,
                start,
                end,
                row.statements,
                json.dumps(row.cells, ensure_ascii=False, sort_keys=True),
            ),
        )
        own = sorted({(facet, value): iri for facet, value, iri in row.facets}.items())
        connection.executemany(
            "INSERT INTO facet VALUES (?, ?, ?, ?)",
            [(row.slug, facet, value, number) for (facet, value), _ in own],
        )
        for (facet, value), iri in own:
            seen = values.get((row.slug, facet, value))
            values[(row.slug, facet, value)] = (iri, (seen[1] if seen else 0) + 1)
        facets_of.append([key for key, _ in own])
    connection.executemany(
        "INSERT INTO facet_value VALUES (?, ?, ?, ?, ?)",
        [(a, b, c, iri, n) for (a, b, c), (iri, n) in sorted(values.items())],
    )
    pairs: dict[tuple[str, str, str, str, str], int] = defaultdict(int)
    for row, own_facets in zip(rows, facets_of, strict=True):
        for facet, value in own_facets:
            if values[(row.slug, facet, value)][1] < BIG:
                continue
            for other, other_value in own_facets:
                if other != facet:
                    pairs[(row.slug, facet, value, other, other_value)] += 1
    connection.executemany(
        "INSERT INTO facet_pair VALUES (?, ?, ?, ?, ?, ?)",
        [(*key, n) for key, n in sorted(pairs.items())],
    )
