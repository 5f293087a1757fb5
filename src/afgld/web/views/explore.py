"""Two ways to see the whole: the timeline (every dated event at the precision the text gives)
and the network (people, organisations, events and unnamed agents, joined by membership,
leadership, attendance, accusation, denial and relay), each with its data as JSON.

Both read the build's list tables (``afgld.store.lists``). On the timeline a date with a year
has a place on the axis; a month and day without a year ("23 November") and words the text
does not resolve ("last Thursday") are listed apart, never placed in a year. Claimed, hedged and
disputed dates are marked; each item links to the statements that give its date. Every edge of
the network links to the statements that express it. A view model: no Flask.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from rdflib import URIRef

from afgld.store.lists import (
    DATED,
    EDGE_KINDS,
    EDGE_STATUSES,
    NO_YEAR,
    WORDS_ONLY,
    Edge,
)
from afgld.web.views.lists import BadListRequest, Cell, DateCell, date_cell, ref, refs
from afgld.web.views.site import Site

WIDTH = 1000  # the axis' width in SVG user units (the figure scales it)
MARGIN = 24  # room at either end for a year's label
ROW = 20  # one event a row
TOP = 34  # room for the axis' labels
MAX_EDGES = 600  # edges drawn and listed; the rest are counted
EDGE_TITLES = {
    "member": "member of",
    "leads": "leads",
    "attends": "attends",
    "accuses": "accuses",
    "denies": "denies",
    "relays": "relays the words of",
}
STATUS_TITLES = {
    "article": "an article’s own voice",
    "claimed": "claimed",
    "hedged": "hedged",
    "disputed": "disputed",
}


# -- the timeline ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bar:
    """An event's mark on the axis: from its first to its last possible day."""

    x: float
    width: float
    y: int
    label_x: float
    anchor: str  # start | end: the label's side of the bar


@dataclass
class TimelineItem:
    event: Cell
    date: DateCell
    group: int
    start: str | None
    end: str | None
    place: Cell | None
    articles: list[Cell]
    anchor: str
    bar: Bar | None = None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    dated: list[TimelineItem] = field(default_factory=list)
    no_year: list[TimelineItem] = field(default_factory=list)
    words_only: list[TimelineItem] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)

    @property
    def height(self) -> int:
        return TOP + ROW * len(self.dated) + 6

    @property
    def items(self) -> list[TimelineItem]:
        return self.dated + self.no_year + self.words_only

    @property
    def years(self) -> list[tuple[str, list[TimelineItem]]]:
        """The dated items by the year they start in."""
        found: dict[str, list[TimelineItem]] = {}
        for item in self.dated:
            found.setdefault((item.start or "")[:4], []).append(item)
        return list(found.items())


def timeline(site: Site) -> Timeline:
    found = Timeline()
    for item, group, start, end in site.lists.dated("events"):
        cells = json.loads(item.cells)
        shown = date_cell(site, cells)
        if shown is None:
            continue
        entry = TimelineItem(
            Cell(str(cells["label"]), item.iri, site.href(URIRef(item.iri))),
            shown,
            group,
            start,
            end,
            ref(site, cells.get("place")),
            refs(site, cells.get("articles")),
            "ev-" + item.iri.rsplit("/", 1)[-1],
        )
        {DATED: found.dated, NO_YEAR: found.no_year, WORDS_ONLY: found.words_only}[group].append(
            entry
        )
    _place(found)
    return found


def _place(found: Timeline) -> None:
    """Bars and ticks on an axis from the first year any dated event may start in to the last
    it may end in."""
    days = [
        (date.fromisoformat(i.start), date.fromisoformat(i.end))
        for i in found.dated
        if i.start and i.end
    ]
    if not days:
        return
    first = date(min(d[0].year for d in days), 1, 1)
    last = date(max(d[1].year for d in days) + 1, 1, 1)
    span = (last - first).days

    def x(day: date) -> float:
        return round(MARGIN + (WIDTH - 2 * MARGIN) * (day - first).days / span, 1)

    for number, (item, (begin, end)) in enumerate(zip(found.dated, days, strict=True)):
        left, right = x(begin), x(date.fromordinal(end.toordinal() + 1))
        width = max(right - left, 3.0)
        late = left > WIDTH * 0.55
        item.bar = Bar(
            left,
            round(width, 1),
            TOP + ROW * number,
            left - 6 if late else left + width + 6,
            "end" if late else "start",
        )
    years = last.year - first.year
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= 12)
    for year in range(first.year - first.year % step, last.year + 1, step):
        if first.year <= year <= last.year:
            found.ticks.append(Tick(x(date(year, 1, 1)), str(year)))


def timeline_json(site: Site, found: Timeline) -> dict[str, object]:
    def item(entry: TimelineItem) -> dict[str, object]:
        return {
            "event": entry.event.iri,
            "label": entry.event.label,
            "date": entry.date.as_stated,
            "date_iri": entry.date.iri,
            "value": entry.date.value,
            "precision": entry.date.precision,
            "placed": entry.date.placed,
            "earliest": entry.start if entry.group == DATED else None,
            "latest": entry.end if entry.group == DATED else None,
            "status": entry.date.status,
            "statements": [c.iri for c in entry.date.statements],
            "place": entry.place.iri if entry.place else None,
            "articles": [c.iri for c in entry.articles],
        }

    return {
        "dated": [item(e) for e in found.dated],
        "no_year": [item(e) for e in found.no_year],
        "words_only": [item(e) for e in found.words_only],
        "links": {"html": str(site.space.page("/timeline"))},
    }


# -- the network -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NetworkRequest:
    articles: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def pairs(self) -> list[tuple[str, str]]:
        return (
            [("article", a) for a in self.articles]
            + [("status", s) for s in self.statuses]
            + [("kind", k) for k in self.kinds]
        )

    def url(self, suffix: str | None = None) -> str:
        path = "/network" + (f".{suffix}" if suffix else "")
        query = urlencode(self.pairs())
        return f"{path}?{query}" if query else path


def parse_network(site: Site, args: list[tuple[str, list[str]]]) -> NetworkRequest:
    """The network's filters from a query string, strictly (BadListRequest says what is wrong);
    an empty value is no filter."""
    given = {name: sorted({v for v in values if v}) for name, values in args}
    known = {
        "article": {a.number for a in site.articles.values()},
        "status": set(EDGE_STATUSES),
        "kind": set(EDGE_KINDS),
    }
    for name, values in given.items():
        if name not in known:
            raise BadListRequest(
                f"/network takes no parameter {name!r}; it takes {', '.join(sorted(known))}."
            )
        wrong = [v for v in values if v not in known[name]]
        if wrong:
            raise BadListRequest(
                f"No {name} {wrong[0]!r} in the network: {name} is one of "
                f"{', '.join(sorted(known[name]))}."
            )
    return NetworkRequest(
        tuple(given.get("article", ())),
        tuple(given.get("status", ())),
        tuple(given.get("kind", ())),
    )


@dataclass
class Node:
    iri: str
    label: str
    kind: str
    href: str | None
    degree: int = 0


@dataclass
class NetworkEdge:
    kind: str
    source: Node
    target: Node
    statements: list[Cell]
    statuses: list[str]
    articles: list[str]

    @property
    def title(self) -> str:
        return EDGE_TITLES.get(self.kind, self.kind)


@dataclass
class Network:
    request: NetworkRequest
    nodes: list[Node]
    edges: list[NetworkEdge]
    total: int  # edges in the view, before the cap

    @property
    def truncated(self) -> bool:
        return self.total > len(self.edges)

    def by_kind(self) -> list[tuple[str, list[NetworkEdge]]]:
        return [
            (EDGE_TITLES[k], [e for e in self.edges if e.kind == k])
            for k in EDGE_KINDS
            if any(e.kind == k for e in self.edges)
        ]


def network(site: Site, request: NetworkRequest) -> Network:
    grouped: dict[tuple[str, str, str], list[Edge]] = {}
    for edge in site.lists.edges(request.articles, request.statuses, request.kinds):
        grouped.setdefault((edge.kind, edge.source, edge.target), []).append(edge)
    ordered = sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))
    nodes: dict[str, Node] = {}

    def node(iri: str) -> Node:
        if iri not in nodes:
            term = URIRef(iri)
            nodes[iri] = Node(iri, site.label(term), site.kind(term) or "", site.href(term))
        nodes[iri].degree += 1
        return nodes[iri]

    edges = []
    for (kind, source, target), said in ordered[:MAX_EDGES]:
        statements = sorted({e.statement for e in said})
        edges.append(
            NetworkEdge(
                kind,
                node(source),
                node(target),
                [c for s in statements if (c := _statement(site, s)) is not None],
                sorted({e.status for e in said}, key=EDGE_STATUSES.index),
                sorted({e.article for e in said if e.article}),
            )
        )
    return Network(
        request, sorted(nodes.values(), key=lambda n: (-n.degree, n.label)), edges, len(ordered)
    )


def _statement(site: Site, iri: str) -> Cell | None:
    term = URIRef(iri)
    return Cell(site.label(term), iri, site.href(term))


def network_json(site: Site, found: Network) -> dict[str, object]:
    return {
        "filters": {
            "article": list(found.request.articles),
            "status": list(found.request.statuses),
            "kind": list(found.request.kinds),
        },
        "nodes": [
            {"id": n.iri, "label": n.label, "kind": n.kind, "href": n.href, "degree": n.degree}
            for n in found.nodes
        ],
        "edges": [
            {
                "kind": e.kind,
                "title": e.title,
                "source": e.source.iri,
                "target": e.target.iri,
                "statuses": e.statuses,
                "articles": e.articles,
                "statements": [
                    {"iri": c.iri, "href": c.href, "text": c.label} for c in e.statements
                ],
            }
            for e in found.edges
        ],
        "total": found.total,
        "truncated": found.truncated,
        "links": {
            "html": str(site.space.page(found.request.url())),
            "json": str(site.space.page(found.request.url("json"))),
        },
    }
