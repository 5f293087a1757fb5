"""The index pages as lists that work like Datasette's tables: sorted, filtered by facets with
counts, paged, and the same view as CSV and JSON, every view named by its URL.

The query string is read strictly (:func:`parse`): a parameter the list does not take, a value
no member has, a malformed number or date, or a single-valued parameter given twice is a
:class:`BadListRequest` (the route answers 400 with its message); an empty value is no filter
(what an HTML form sends for an empty field). Values reach SQLite as bound parameters
(``afgld.store.lists``), never as text of the query.

Rows come from the build's list tables; labels and links are made here, from the site's labels
(entities, concepts) and times. A view model: no Flask.
"""

from __future__ import annotations

import calendar
import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from rdflib import URIRef

from afgld.formats import BY_SUFFIX, TABLE_BY_SUFFIX
from afgld.store.lists import (
    Count,
    Facet,
    Filter,
    Item,
    ListDef,
    Lists,
    Query,
    Sort,
)
from afgld.web.views.site import Site, TimeNode
from afgld.web.views.terms import quote_anchor

HTML_SIZE, HTML_MAX_SIZE = 50, 200  # rows on a page: default and most (a page well under 400 KB)
TABLE_MAX_SIZE = 5000  # rows in one CSV or JSON answer (their default): beyond, paged
SHOWN_REFS = 6  # of a row's many values (articles), the ones a page shows
SHOWN_VALUES = 10  # facet values a page shows, most members first (chosen ones always)
JSON_VALUES = 100  # facet values the JSON gives
MAX_PAGE = 1_000_000
DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Titles of the values of the facets whose values are not resources or concepts.
FIXED_VALUES = {
    "kind": {"claim": "reported claim", "fact": "article’s voice"},
    "status": {
        "normal": "undisputed, certain",
        "hedged": "hedged",
        "disputed": "disputed",
        "fact": "fact",
        "derived": "derived",
        "claimed": "claimed",
    },
}


class BadListRequest(ValueError):
    """A query string the list cannot answer: 400, with this message."""


class NoSuchPage(LookupError):
    """A page past the end of the view: 404, with this message."""


# -- the request ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ListRequest:
    definition: ListDef
    filters: tuple[Filter, ...] = ()
    date_from: str | None = None  # as given: YYYY, YYYY-MM or YYYY-MM-DD
    date_to: str | None = None
    sort: Sort | None = None  # None: the list's first
    descending: bool = False
    page: int = 1
    size: int | None = None  # None: the format's default
    table: bool = False  # a CSV or JSON answer (other default and largest size)

    @property
    def path(self) -> str:
        return "/" + self.definition.slug

    @property
    def chosen_sort(self) -> Sort:
        return self.sort or self.definition.sorts[0]

    @property
    def rows_per_page(self) -> int:
        if self.size is not None:
            return self.size
        return TABLE_MAX_SIZE if self.table else HTML_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.rows_per_page

    def query(self) -> Query:
        return Query(
            self.definition.slug,
            self.filters,
            first_day(self.date_from) if self.date_from else None,
            last_day(self.date_to) if self.date_to else None,
            self.chosen_sort.order,
            self.descending,
        )

    def chosen(self, facet: str) -> tuple[str, ...]:
        return next((values for name, values in self.filters if name == facet), ())

    # -- URLs: every view has one -----------------------------------------------------------
    def pairs(self, *, paging: bool = True) -> list[tuple[str, str]]:
        """The canonical query string: facets in the list's order, values sorted; the date
        range; the sort unless it is the default; size and page when not the defaults."""
        found = [(name, value) for name, values in self.filters for value in values]
        if self.date_from:
            found.append(("from", self.date_from))
        if self.date_to:
            found.append(("to", self.date_to))
        if self.sort is not None or self.descending:
            found.append(("sort", ("-" if self.descending else "") + self.chosen_sort.name))
        if paging and self.size is not None:
            found.append(("size", str(self.size)))
        if paging and self.page > 1:
            found.append(("page", str(self.page)))
        return found

    def url(self, suffix: str | None = None, *, paging: bool = True) -> str:
        path = self.path + (f".{suffix}" if suffix else "")
        query = urlencode(self.pairs(paging=paging))
        return f"{path}?{query}" if query else path

    def toggled(self, facet: str, value: str) -> ListRequest:
        """This view with ``value`` added to or removed from ``facet``'s filter, on page 1."""
        chosen = set(self.chosen(facet))
        chosen ^= {value}
        return self.with_filter(facet, tuple(sorted(chosen)))

    def with_filter(self, facet: str, values: tuple[str, ...]) -> ListRequest:
        filters = dict(self.filters)
        filters[facet] = values
        ordered = tuple(
            (f.name, filters[f.name]) for f in self.definition.facets if filters.get(f.name)
        )
        return replace(self, filters=ordered, page=1)

    def sorted_by(self, sort: Sort) -> ListRequest:
        """Sorted by ``sort``; the same sort again reverses it."""
        descending = self.chosen_sort == sort and not self.descending
        default = sort == self.definition.sorts[0] and not descending
        return replace(self, sort=None if default else sort, descending=descending, page=1)

    def at_page(self, page: int) -> ListRequest:
        return replace(self, page=page)

    def undated(self) -> ListRequest:
        return replace(self, date_from=None, date_to=None, page=1)

    def url_for(self, suffix: str) -> str:
        """Where this view is in the format ``suffix``: the same filters and sort; a download
        holds every row of the view (up to its largest size), a page starts at the first row
        when the format changes, and RDF lists every member of the view (no paging)."""
        table = suffix in TABLE_BY_SUFFIX
        if suffix in BY_SUFFIX:
            return self.url(suffix, paging=False)
        if table == self.table:
            return self.url(suffix)
        return self.in_format(table).url(suffix)

    def in_format(self, table: bool) -> ListRequest:
        """The same view for another format: a download holds every row of the view (up to
        its largest size), a page the format's default size, both from the first row."""
        return replace(self, table=table, size=None, page=1)


def first_day(text: str) -> str:
    year, month, day = _parts(text)
    return f"{year:04d}-{month or 1:02d}-{day or 1:02d}"


def last_day(text: str) -> str:
    year, month, day = _parts(text)
    month = month or 12
    return f"{year:04d}-{month:02d}-{day or calendar.monthrange(year, month)[1]:02d}"


def _parts(text: str) -> tuple[int, int | None, int | None]:
    match = DAY.fullmatch(text)
    if match is None:
        raise BadListRequest(f"{text!r} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD.")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise BadListRequest(f"{text!r} has no month {month}.")
    if day is not None and (month is None or not 1 <= day <= calendar.monthrange(year, month)[1]):
        raise BadListRequest(f"{text!r} is not a day of the calendar.")
    return year, month, day


def parse(
    definition: ListDef, args: Iterable[tuple[str, list[str]]], lists: Lists, *, table: bool
) -> ListRequest:
    """The view a query string names, or :class:`BadListRequest` saying what is wrong."""
    given = {name: [v for v in values if v != ""] for name, values in args}
    given = {name: values for name, values in given.items() if values}
    single = {"sort", "page", "size"} | ({"from", "to"} if definition.dates else set())
    known = {f.name for f in definition.facets} | single
    unknown = sorted(set(given) - known)
    if unknown:
        raise BadListRequest(
            f"/{definition.slug} takes no parameter {', '.join(map(repr, unknown))}; "
            f"it takes {', '.join(sorted(known))}."
        )
    for name in sorted(single & set(given)):
        if len(given[name]) > 1:
            raise BadListRequest(f"{name!r} may be given once, not {len(given[name])} times.")
    request = ListRequest(definition, table=table)
    filters = []
    for facet in definition.facets:
        values = tuple(sorted(set(given.get(facet.name, ()))))
        if values:
            _check_values(definition, facet, values, lists)
            filters.append((facet.name, values))
    request = replace(request, filters=tuple(filters))
    if "sort" in given:
        request = _with_sort(request, given["sort"][0])
    if "from" in given or "to" in given:
        request = _with_dates(request, given.get("from", [None])[0], given.get("to", [None])[0])
    largest = TABLE_MAX_SIZE if table else HTML_MAX_SIZE
    if "size" in given:
        request = replace(request, size=_number("size", given["size"][0], largest))
    if "page" in given:
        request = replace(request, page=_number("page", given["page"][0], MAX_PAGE))
    return request


def _check_values(definition: ListDef, facet: Facet, values: Sequence[str], lists: Lists) -> None:
    found = lists.lookup(definition.slug, facet.name, values)
    missing = [v for v in values if v not in found]
    if missing:
        raise BadListRequest(
            f"No member of /{definition.slug} has {facet.name} {missing[0]!r}: the values are "
            f'listed with their counts in /{definition.slug}.json ("facets").'
        )


def _with_sort(request: ListRequest, text: str) -> ListRequest:
    name = text.removeprefix("-")
    sort = request.definition.sort(name)
    if sort is None:
        names = ", ".join(s.name for s in request.definition.sorts)
        raise BadListRequest(
            f"/{request.definition.slug} sorts by {names} (- before one reverses it), not {text!r}."
        )
    default = sort == request.definition.sorts[0] and not text.startswith("-")
    return replace(request, sort=None if default else sort, descending=text.startswith("-"))


def _with_dates(request: ListRequest, start: str | None, end: str | None) -> ListRequest:
    if start and end and first_day(start) > last_day(end):
        raise BadListRequest(f"The range from {start!r} to {end!r} is empty: from is after to.")
    for text in (start, end):
        if text:
            first_day(text)  # raises on a malformed date
    return replace(request, date_from=start, date_to=end)


def _number(name: str, text: str, largest: int) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= largest:
        raise BadListRequest(f"{name} must be a whole number from 1 to {largest}, not {text!r}.")
    return int(text)


# -- what a view shows ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    """One value of a row: what to show, the IRI it stands for, where a link goes."""

    label: str
    iri: str | None = None
    href: str | None = None


@dataclass(frozen=True)
class DateCell:
    """An event's date as the text gives it, with its precision and how sure the data is."""

    as_stated: str
    iri: str
    href: str | None
    value: str | None
    precision: str | None
    placed: str | None  # where it sits in time, when a year is stated or derived: "2021"
    status: str
    statements: tuple[Cell, ...]


@dataclass(frozen=True)
class Column:
    name: str  # CSV header and JSON key
    title: str
    kind: str  # how a page shows it: text, link, links, count, date, statement, who, source
    sort: str | None = None  # the sort that orders by it


@dataclass
class RowView:
    iri: str
    label: str  # what the row is called: a name, a headline, what a statement says
    href: str | None
    cells: dict[str, object]


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    chosen: bool
    href: str  # this view with the value toggled
    iri: str | None


@dataclass
class FacetView:
    facet: Facet
    values: list[FacetValue]
    distinct: int  # how many values the facet has in the whole list
    truncated: bool  # more values have members in the view than are shown


@dataclass
class ListView:
    request: ListRequest
    columns: tuple[Column, ...]
    rows: list[RowView]
    total: int
    facets: list[FacetView] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.rows_per_page))

    @property
    def first_row(self) -> int:
        return self.request.offset + 1 if self.rows else 0

    @property
    def last_row(self) -> int:
        return self.request.offset + len(self.rows)

    def page_url(self, page: int, suffix: str | None = None) -> str | None:
        if not 1 <= page <= self.pages:
            return None
        return self.request.at_page(page).url(suffix)

    def links(self, suffix: str | None = None) -> dict[str, str | None]:
        page = self.request.page
        return {
            "self": self.request.url(suffix),
            "first": self.page_url(1, suffix),
            "prev": self.page_url(page - 1, suffix),
            "next": self.page_url(page + 1, suffix),
            "last": self.page_url(self.pages, suffix),
        }

    def sized(self, size: int) -> str:
        """This view with ``size`` rows a page, from the first."""
        return replace(self.request, size=size, page=1).url()

    def download(self, suffix: str) -> str:
        return self.request.in_format(table=True).url(suffix)

    @property
    def chosen(self) -> list[tuple[str, FacetValue]]:
        """The filters in force, as (facet title, value) with a link that removes each."""
        return [(f.facet.title, v) for f in self.facets for v in f.values if v.chosen]


def list_view(site: Site, request: ListRequest) -> ListView:
    """The rows of the page the request names, and every facet's counts; NoSuchPage past the
    end."""
    lists = site.lists
    query = request.query()
    total = lists.total(query)
    items = lists.page(query, request.rows_per_page, request.offset)
    view = ListView(request, COLUMNS[request.definition.shape], [], total)
    if request.page > view.pages:
        raise NoSuchPage(f"This view has {view.pages} page(s) of {request.rows_per_page} rows.")
    limit = None if request.table else SHOWN_REFS
    view.rows = [row_view(site, request.definition, item, limit) for item in items]
    shown = JSON_VALUES if request.table else SHOWN_VALUES
    view.facets = [facet_view(site, request, f, shown) for f in request.definition.facets]
    return view


def members(site: Site, request: ListRequest) -> list[tuple[URIRef, str]]:
    """Every member of the view, all pages, with its label: what the RDF of an index lists."""
    found = []
    for item in site.lists.page(request.query(), None):
        cells = json.loads(item.cells)
        label = cells.get("label") or cells.get("text") or cells.get("headline")
        iri = URIRef(item.iri)
        found.append((iri, str(label) if label else site.label(iri)))
    return found


def facet_view(site: Site, request: ListRequest, facet: Facet, shown: int) -> FacetView:
    """A facet's values with the most members in the view (not counting the view's own choice
    of values of this facet, so that others can be added), and the chosen ones."""
    lists, slug = site.lists, request.definition.slug
    chosen = request.chosen(facet.name)
    counted = [Count(v, None, n) for v, n in lists.counts(request.query(), facet.name, shown + 1)]
    truncated = len(counted) > shown
    counted = counted[:shown]
    known = lists.lookup(slug, facet.name, sorted({c.value for c in counted} | set(chosen)))
    counts = {c.value: c.count for c in counted}
    keys = [c.value for c in counted] + [v for v in chosen if v not in counts]
    values = [
        FacetValue(
            key,
            value_label(site, facet.name, key, known.get(key)),
            counts.get(key, 0),
            key in chosen,
            request.toggled(facet.name, key).url(),
            known[key].iri if key in known else None,
        )
        for key in keys
    ]
    return FacetView(facet, values, lists.distinct(slug, facet.name), truncated)


def value_label(site: Site, facet: str, key: str, count: Count | None) -> str:
    if count is not None and count.iri:
        iri = URIRef(count.iri)
        if iri in site.articles:
            return article_label(site, iri)
        return site.label(iri)
    return FIXED_VALUES.get(facet, {}).get(key, key)


def article_label(site: Site, iri: URIRef) -> str:
    article = site.articles.get(iri)
    return f"Article {article.number}" if article else site.label(iri)


# -- rows: one builder per shape ------------------------------------------------------------------
def ref(site: Site, iri: object) -> Cell | None:
    if not isinstance(iri, str) or not iri:
        return None
    return _ref(site, iri)


@functools.lru_cache(maxsize=32768)
def _ref(site: Site, iri: str) -> Cell:
    """A value's label and link, made once (the labels are fixed for the app's life)."""
    term = URIRef(iri)
    if not site.is_local(term):  # a class of another vocabulary: named, not followed
        return Cell(site.curie(term), iri, None)
    label = article_label(site, term) if term in site.articles else site.label(term)
    return Cell(label, iri, site.href(term))


def refs(site: Site, iris: object, limit: int | None = None) -> list[Cell]:
    values = iris if isinstance(iris, list) else []
    return [cell for iri in values[:limit] if (cell := ref(site, iri)) is not None]


def date_cell(site: Site, cells: Mapping[str, object]) -> DateCell | None:
    iri = cells.get("time")
    if not isinstance(iri, str):
        return None
    time = site.times.get(URIRef(iri))
    statements = tuple(c for c in refs(site, cells.get("time_statements")))
    return DateCell(
        time.as_stated if time and time.as_stated else site.label(URIRef(iri)),
        iri,
        site.href(URIRef(iri)),
        str(time.value) if time and time.value is not None else None,
        site.label(time.precision) if time and time.precision else None,
        placed(time),
        str(cells.get("time_status") or ""),
        statements,
    )


def placed(time: TimeNode | None) -> str | None:
    """Where a time sits, as precisely as it was resolved: its value when that has a year
    (``2022-01-09``, ``2021-08``), else its bounds (``2021``, ``1980–1989``,
    ``2022-01-08 to 2022-01-09``); None for a time without a year."""
    if time is None:
        return None
    if time.value is not None and str(time.value)[:4].isdigit():
        return str(time.value)
    if not (time.earliest and time.latest):
        return None
    first, last = time.earliest[:10], time.latest[:10]
    if first[5:] == "01-01" and last[5:] == "12-31":
        return first[:4] if first[:4] == last[:4] else f"{first[:4]}–{last[:4]}"
    return first if first == last else f"{first} to {last}"


def row_view(site: Site, definition: ListDef, item: Item, limit: int | None = None) -> RowView:
    """A row's cells; of a long list of values (the articles that mention a person) the first
    ``limit``, and how many there are (``<name>_count``)."""
    cells = json.loads(item.cells)
    iri = URIRef(item.iri)
    shown: dict[str, object] = {}
    shape = definition.shape
    if shape in ("entity", "event"):
        shown["name"] = Cell(str(cells["label"]), item.iri, site.href(iri))
        if shape == "event":
            shown["type"] = ref(site, cells.get("event_type"))
            shown["date"] = date_cell(site, cells)
            shown["place"] = ref(site, cells.get("place"))
            shown["place_status"] = cells.get("place_status")
        else:
            shown["types"] = refs(site, cells.get("types"), limit)
        articles = cells.get("articles")
        shown["articles"] = refs(site, articles, limit)
        shown["articles_count"] = len(articles) if isinstance(articles, list) else 0
    elif shape == "article":
        number = str(cells["number"])
        shown["number"] = Cell(number, item.iri, site.href(iri))
        shown["headline"] = Cell(
            str(cells.get("headline") or f"Article {number}"), item.iri, site.href(iri)
        )
        shown["outlet"] = ref(site, cells.get("outlet"))
        published = cells.get("published")
        shown["published"] = ref(site, published)
        if isinstance(published, str) and URIRef(published) in site.times:
            # the words the text dates it with, else (no dateline) what is known of the time
            as_stated = site.times[URIRef(published)].as_stated or site.label(URIRef(published))
            shown["published"] = Cell(as_stated, published, site.href(URIRef(published)))
    else:
        shown.update(statement_cells(site, item, cells))
    if shape != "statement":
        shown["statements"] = item.statements
    label = cells.get("label") or cells.get("text") or cells.get("headline")
    return RowView(item.iri, str(label) if label else site.label(iri), site.href(iri), shown)


def statement_cells(site: Site, item: Item, cells: Mapping[str, object]) -> dict[str, object]:
    article = ref(site, cells.get("article"))
    quote = cells.get("quote")
    sentence = None
    if article is not None and article.href and isinstance(quote, str):
        in_place = f"{article.href}#{quote_anchor(quote)}"
        sentence = Cell(str(cells.get("exact") or ""), quote, in_place)
    polarity = ref(site, cells.get("polarity"))
    return {
        "statement": Cell(str(cells.get("text") or ""), item.iri, site.href(URIRef(item.iri))),
        "kind": "claim" if cells.get("claim") else "fact",
        "speaker": ref(site, cells.get("speaker")),
        "act": ref(site, cells.get("act")),
        "relayed_by": refs(site, cells.get("relayed_by")),
        "status": str(cells.get("status") or ""),
        "polarity": polarity,
        "negative": bool(polarity and polarity.iri and polarity.iri.endswith("/negative")),
        "article": article,
        "sentence": sentence,
    }


COLUMNS: dict[str, tuple[Column, ...]] = {
    "entity": (
        Column("name", "Name", "link", "name"),
        Column("types", "Types", "links"),
        Column("articles", "Articles", "links"),
        Column("statements", "Statements", "count", "statements"),
    ),
    "event": (
        Column("name", "Event", "link", "name"),
        Column("type", "Type", "link"),
        Column("date", "Date, as stated", "date", "date"),
        Column("place", "Place", "link"),
        Column("articles", "Articles", "links"),
        Column("statements", "Statements", "count", "statements"),
    ),
    "article": (
        Column("number", "No.", "link", "order"),
        Column("headline", "Headline", "link"),
        Column("outlet", "Outlet", "link"),
        Column("published", "Published, as stated", "link"),
        Column("statements", "Statements", "count", "statements"),
    ),
    "statement": (
        Column("statement", "What is said", "statement", "text"),
        Column("speaker", "Who says it", "who"),
        Column("status", "Status", "status"),
        Column("article", "Source", "source", "order"),
    ),
}


# -- the same rows as data: CSV and JSON --------------------------------------------------------
EXPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "entity": ("name", "iri", "types", "type_iris", "articles", "article_iris", "statements"),
    "event": (
        "name",
        "iri",
        "type",
        "type_iri",
        "date",
        "date_value",
        "date_precision",
        "date_status",
        "date_iri",
        "place",
        "place_iri",
        "place_status",
        "articles",
        "article_iris",
        "statements",
    ),
    "article": (
        "number",
        "iri",
        "headline",
        "outlet",
        "outlet_iri",
        "published",
        "published_iri",
        "statements",
    ),
    "statement": (
        "text",
        "iri",
        "kind",
        "speaker",
        "speaker_iri",
        "act",
        "act_iri",
        "relayed_by",
        "relayed_by_iris",
        "status",
        "polarity",
        "article",
        "article_iri",
        "sentence",
        "quote_iri",
        "sentence_url",
    ),
}
Flat = dict[str, str | int | list[str] | None]


def flat_row(site: Site, row: RowView) -> Flat:
    """A row as the fields of :data:`EXPORT_FIELDS`: labels, IRIs, the words of dates."""
    found: Flat = {"iri": row.iri}
    for name, value in row.cells.items():
        if isinstance(value, Cell):
            found[name], found[f"{name}_iri"] = value.label, value.iri
        elif isinstance(value, list):
            singular = name.removesuffix("s")
            found[name] = [c.label for c in value if isinstance(c, Cell)]
            found[f"{singular}_iris"] = [c.iri or "" for c in value if isinstance(c, Cell)]
        elif isinstance(value, DateCell):
            found.update(
                date=value.as_stated,
                date_value=value.value,
                date_precision=value.precision,
                date_status=value.status,
                date_iri=value.iri,
            )
        elif value is None or isinstance(value, str | int):
            found[name] = value
    found.pop("statement_iri", None)
    sentence = row.cells.get("sentence")
    if isinstance(sentence, Cell):
        found["quote_iri"] = sentence.iri
        found["sentence_url"] = str(site.space.page(sentence.href or ""))
    found["text"] = found.pop("statement", found.get("text"))
    return {name: found.get(name) for name in EXPORT_FIELDS[row_shape(row)]}


def row_shape(row: RowView) -> str:
    if "statement" in row.cells:
        return "statement"
    if "date" in row.cells:
        return "event"
    if "headline" in row.cells:
        return "article"
    return "entity"


def json_document(site: Site, view: ListView, suffix: str) -> dict[str, object]:
    """The view as JSON: the same rows as the CSV, the facets' counts and the paging links
    (absolute, under BASE_IRI)."""
    request = view.request

    def absolute(path: str | None) -> str | None:
        return None if path is None else str(site.space.page(path))

    links = {name: absolute(url) for name, url in view.links(suffix).items()}
    links.update(
        html=absolute(request.url_for("html")),
        csv=absolute(request.url_for("csv")),
        json=absolute(request.url_for("json")),
    )
    return {
        "list": request.definition.slug,
        "filters": {name: list(values) for name, values in request.filters},
        "from": request.date_from,
        "to": request.date_to,
        "sort": ("-" if request.descending else "") + request.chosen_sort.name,
        "page": request.page,
        "size": request.rows_per_page,
        "total": view.total,
        "pages": view.pages,
        "fields": list(EXPORT_FIELDS[request.definition.shape]),
        "rows": [flat_row(site, row) for row in view.rows],
        "facets": {
            f.facet.name: {
                "title": f.facet.title,
                "distinct": f.distinct,
                "truncated": f.truncated,
                "values": [
                    {"value": v.key, "label": v.label, "iri": v.iri, "count": v.count}
                    for v in f.values
                ],
            }
            for f in view.facets
        },
        "links": links,
    }
