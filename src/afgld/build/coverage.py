"""The dataset's temporal coverage as the texts give it: derived from the data, never typed in.

The span runs from the earliest to the latest time the articles state with a year (dates of
events and of publication alike), each bound at the precision its text gives: "the 1980s"
opens it as the year 1980, "15-01-2022" closes it as that day. A time without a year
("23 November", a weekday with no dated anchor) places nothing in a year and is left out.
DCAT 3 ``dcterms:temporal`` (https://www.w3.org/TR/vocab-dcat-3/#Property:resource_temporal).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from afgld.namespaces import SEM, Space
from afgld.rdfterms import value_of

YEAR_PRECISIONS = ("year", "years")


@dataclass(frozen=True)
class Bound:
    start: dt.date
    end: dt.date
    first: Literal  # the start, at the precision stated
    last: Literal  # the end, at the precision stated


@dataclass
class _Time:
    value: ox.Literal | None = None
    earliest: str | None = None
    latest: str | None = None
    precision: str | None = None


def temporal_coverage(quads: Sequence[ox.Quad], space: Space) -> tuple[Literal, Literal] | None:
    """(start, end) as typed literals (xsd:gYear, xsd:gYearMonth or xsd:date), or None."""
    times = _times(quads, space)
    bounds = [bound for time in times.values() if (bound := _bound(time)) is not None]
    if not bounds:
        return None
    first = min(bounds, key=lambda b: (b.start, str(b.first)))
    last = max(bounds, key=lambda b: (b.end, str(b.last)))
    return first.first, last.last


def _times(quads: Sequence[ox.Quad], space: Space) -> dict[str, _Time]:
    afg = space.base + "ontology#"
    date_value, precision = afg + "dateValue", afg + "precision"
    earliest, latest = str(SEM.hasEarliestBeginTimeStamp), str(SEM.hasLatestEndTimeStamp)
    wanted = {date_value, precision, earliest, latest}
    times: dict[str, _Time] = {}
    for quad in quads:
        predicate = quad.predicate.value
        if predicate not in wanted:
            continue
        time = times.setdefault(value_of(quad.subject), _Time())
        obj = quad.object
        if predicate == date_value and isinstance(obj, ox.Literal):
            time.value = obj
        elif predicate == earliest:
            time.earliest = value_of(obj)
        elif predicate == latest:
            time.latest = value_of(obj)
        else:
            time.precision = value_of(obj).rsplit("/", 1)[-1]
    return times


def _bound(time: _Time) -> Bound | None:
    if time.value is not None:
        datatype = time.value.datatype.value.removeprefix(str(XSD))
        span = _span(time.value.value, datatype)
        if span is not None:
            typed = Literal(time.value.value, datatype=URIRef(time.value.datatype.value))
            return Bound(span[0], span[1], typed, typed)
    if time.earliest and time.latest:
        start, end = dt.date.fromisoformat(time.earliest), dt.date.fromisoformat(time.latest)
        if time.precision in YEAR_PRECISIONS:
            return Bound(start, end, _year(start.year), _year(end.year))
        return Bound(start, end, Literal(start, datatype=XSD.date), Literal(end, datatype=XSD.date))
    return None


def _span(lexical: str, datatype: str) -> tuple[dt.date, dt.date] | None:
    """The days a value covers: a day, a month or a year; None for a value without a year."""
    if datatype == "date":
        day = dt.date.fromisoformat(lexical)
        return day, day
    if datatype == "gYearMonth":
        year, month = (int(part) for part in lexical.split("-"))
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if datatype == "gYear":
        return dt.date(int(lexical), 1, 1), dt.date(int(lexical), 12, 31)
    return None


def _year(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)
