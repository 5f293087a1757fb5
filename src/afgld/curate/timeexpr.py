"""Time expressions: kept as stated, resolved only as far as the text allows.

A weekday ("last Thursday") is resolved to a date only when its anchor (the publication date,
or another resolved time) is a full date; otherwise the weekday is kept and no date is made up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from afgld.curate.facts import WEEKDAYS, TimeSpec

VALUE_FIELDS = ("date", "year_month", "year", "month_day", "years", "weekday", "weekend")
RESOLVE_RULES = ("latest-before", "latest-on-or-before")
_MONTH_DAY = re.compile(r"^--(\d\d)-(\d\d)$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d\d)$")

Fail = Callable[[int | None, str, str], None]

UNDATED_PUBLICATION = TimeSpec(
    id="publication",
    as_stated="",
    value=None,
    datatype=None,
    precision="unknown",
    weekday=None,
    earliest=None,
    latest=None,
    relative_to=None,
    rule=None,
    line=0,
)


def _as_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    return dt.date.fromisoformat(str(raw))


def _latest_weekday(anchor: dt.date, weekday: str, inclusive: bool) -> dt.date:
    target = WEEKDAYS.index(weekday)
    back = (anchor.weekday() - target) % 7
    if back == 0 and not inclusive:
        back = 7
    return anchor - dt.timedelta(days=back)


def _weekend_before(anchor: dt.date) -> tuple[dt.date, dt.date]:
    sunday = _latest_weekday(anchor, "sunday", inclusive=False)
    return sunday - dt.timedelta(days=1), sunday


def parse_time(
    tid: str,
    raw: Mapping[str, Any],
    anchors: Mapping[str, TimeSpec],
    line: int,
    fail: Fail,
) -> TimeSpec | None:
    """Turn one ``times:`` entry into a TimeSpec; report problems through ``fail``."""
    known = {"as_stated", "relative_to", "resolve", "rule", *VALUE_FIELDS}
    for key in raw:
        if key not in known:
            fail(
                line, f"time {tid!r}: unknown field {key!r}", f"fields: {', '.join(sorted(known))}"
            )
    as_stated = raw.get("as_stated")
    if not isinstance(as_stated, str) or not as_stated.strip():
        fail(line, f"time {tid!r} needs `as_stated`: the words of the text", "")
        return None
    given = [name for name in VALUE_FIELDS if name in raw]
    if len(given) > 1:
        fail(line, f"time {tid!r} gives {' and '.join(given)}: give at most one value", "")
        return None
    relative_to = raw.get("relative_to")
    rule = raw.get("rule")
    anchor = anchors.get(relative_to) if relative_to else None
    if relative_to and anchor is None:
        fail(line, f"time {tid!r} is relative to unknown time {relative_to!r}", "")
        return None
    fields: dict[str, Any] = dict(value=None, datatype=None, precision="unknown", weekday=None)
    fields.update(earliest=None, latest=None)
    kind = given[0] if given else None
    value: Any = raw.get(kind) if kind else None  # YAML: checked branch by branch below
    try:
        if kind == "date":
            day = _as_date(value)
            fields.update(value=day.isoformat(), datatype="date", precision="day")
            fields.update(earliest=day, latest=day)
        elif kind == "year_month":
            match = _YEAR_MONTH.match(str(value))
            if not match:
                raise ValueError("year_month is YYYY-MM")
            fields.update(value=str(value), datatype="gYearMonth", precision="month")
        elif kind == "year":
            year = int(value)
            fields.update(value=f"{year:04d}", datatype="gYear", precision="year")
            fields.update(earliest=dt.date(year, 1, 1), latest=dt.date(year, 12, 31))
        elif kind == "month_day":
            match = _MONTH_DAY.match(str(value))
            if not match:
                raise ValueError("month_day is --MM-DD")
            dt.date(2000, int(match[1]), int(match[2]))  # a real day of some year
            fields.update(value=str(value), datatype="gMonthDay", precision="month-day")
        elif kind == "years":
            first, last = (int(y) for y in value)
            if first > last:
                raise ValueError("years are [first, last]")
            fields.update(precision="years", earliest=dt.date(first, 1, 1))
            fields.update(latest=dt.date(last, 12, 31))
        elif kind == "weekday":
            weekday = str(value).lower()
            if weekday not in WEEKDAYS:
                raise ValueError(f"weekday is one of {', '.join(WEEKDAYS)}")
            fields.update(weekday=weekday, precision="weekday")
            how = raw.get("resolve")
            if how not in RESOLVE_RULES:
                raise ValueError(f"a weekday needs `resolve`: one of {', '.join(RESOLVE_RULES)}")
            if anchor is None:
                raise ValueError("a weekday needs `relative_to` (publication or a time id)")
            if anchor.datatype == "date" and anchor.value:
                day = _latest_weekday(
                    dt.date.fromisoformat(anchor.value), weekday, how == "latest-on-or-before"
                )
                fields.update(value=day.isoformat(), datatype="date", precision="day")
                fields.update(earliest=day, latest=day)
                rule = rule or (
                    f"the {how.replace('-', ' ')} {weekday.capitalize()} "
                    f"relative to {relative_to} ({anchor.value})"
                )
        elif kind == "weekend":
            if value != "before":
                raise ValueError("weekend is `before` (the weekend before the anchor)")
            if anchor is None:
                raise ValueError("a weekend needs `relative_to`")
            fields.update(precision="weekend")
            if anchor.datatype == "date" and anchor.value:
                saturday, sunday = _weekend_before(dt.date.fromisoformat(anchor.value))
                fields.update(earliest=saturday, latest=sunday)
                rule = rule or (f"the Saturday and Sunday before {relative_to} ({anchor.value})")
    except (TypeError, ValueError) as error:
        fail(line, f"time {tid!r}: {error}", "see mappings/README.md, Times")
        return None
    if relative_to and kind in {"date", "year_month", "year", "month_day", "years"} and not rule:
        fail(line, f"time {tid!r} is derived from {relative_to!r}: say how in `rule`", "")
    return TimeSpec(
        id=tid,
        as_stated=as_stated,
        relative_to=relative_to,
        rule=rule,
        line=line,
        **fields,
    )


def parse_times(
    raw: Mapping[str, Mapping[str, Any]],
    publication: TimeSpec | None,
    line_of: Callable[[Any], int],
    fail: Fail,
) -> dict[str, TimeSpec]:
    """Parse every time, anchors before the times that refer to them."""
    # An article that states no date still has a publication instant, undated, so relative
    # expressions can name it as their anchor and stay unresolved.
    done: dict[str, TimeSpec] = {"publication": publication or UNDATED_PUBLICATION}
    pending = {tid: spec for tid, spec in raw.items()}
    if "publication" in pending:
        fail(line_of(raw), "`publication` is reserved: give it as article.published", "")
        pending.pop("publication")
    while pending:
        progressed = False
        for tid, spec in list(pending.items()):
            anchor = spec.get("relative_to") if isinstance(spec, Mapping) else None
            if anchor and anchor not in done and anchor in pending:
                continue
            pending.pop(tid)
            progressed = True
            if not isinstance(spec, Mapping):
                fail(line_of(raw), f"time {tid!r} must be a mapping", "")
                continue
            parsed = parse_time(tid, spec, done, line_of(spec), fail)
            if parsed is not None:
                done[tid] = parsed
        if not progressed:
            fail(line_of(raw), f"times refer to each other in a cycle: {sorted(pending)}", "")
            break
    return done
