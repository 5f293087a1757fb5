"""Time expressions: kept as stated, resolved only as far as the text allows.

A weekday ("last Thursday") is resolved to a date only when its anchor (the publication date,
or another resolved time) is a full date; otherwise the weekday is kept and no date is made up.
Every value must follow from its words (:mod:`afgld.curate.timewords`) or be derived from a
stated anchor by a rule the code applies (``resolve``, ``shift_days``), never typed in freely.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from afgld.curate.facts import SEASONS, WEEKDAYS, TimeSpec
from afgld.curate.timewords import MONTHS, Stated, read_words

VALUE_FIELDS = (
    "date",
    "year_month",
    "year",
    "month_day",
    "month",
    "years",
    "weekday",
    "weekend",
    "season",
)
RESOLVE_RULES = ("latest-before", "latest-on-or-before")
_MONTH_DAY = re.compile(r"^--(\d\d)-(\d\d)$")
_MONTH = re.compile(r"^--(\d\d)$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
# Months of each season (northern meteorological), used only to refuse a resolution that
# would depend on where a season's boundary is drawn.
_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}

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


def _season_year_before(anchor: dt.date, season: str) -> int:
    """The year of the latest ``season`` wholly before ``anchor``; refuses a boundary month."""
    if season not in _SEASON_MONTHS:
        raise ValueError(f"a {season} before a date cannot be resolved without a convention")
    first, last = _SEASON_MONTHS[season]
    if first - 1 <= anchor.month <= last + 1:
        raise ValueError(
            f"the {season} before {anchor.isoformat()} depends on where the season ends"
        )
    return anchor.year if anchor.month > last else anchor.year - 1


def _anchor_date(anchor: TimeSpec | None) -> dt.date | None:
    if anchor is not None and anchor.datatype == "date" and anchor.value:
        return dt.date.fromisoformat(anchor.value)
    return None


def parse_time(
    tid: str,
    raw: Mapping[str, Any],
    anchors: Mapping[str, TimeSpec],
    line: int,
    fail: Fail,
) -> TimeSpec | None:
    """Turn one ``times:`` entry into a TimeSpec; report problems through ``fail``."""
    known = {"as_stated", "relative_to", "resolve", "rule", "shift_days", *VALUE_FIELDS}
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
    if given == ["year", "season"]:
        given = ["season"]  # a season with its year is one value
    if len(given) > 1:
        fail(line, f"time {tid!r} gives {' and '.join(given)}: give at most one value", "")
        return None
    relative_to = raw.get("relative_to")
    anchor = anchors.get(relative_to) if relative_to else None
    if relative_to and anchor is None:
        fail(line, f"time {tid!r} is relative to unknown time {relative_to!r}", "")
        return None
    kind = given[0] if given else None
    try:
        fields, derived_rule = _value(kind, raw, anchor, relative_to)
        problem = _beyond_words(kind, fields, raw, read_words(as_stated), derived_rule is not None)
    except (TypeError, ValueError) as error:
        fail(line, f"time {tid!r}: {error}", "see mappings/README.md, Times")
        return None
    if problem:
        fail(
            line,
            f"time {tid!r}: {problem}; its words are {as_stated!r}",
            "a value may fix only what its words state, or be derived from a stated anchor "
            "(relative_to with resolve or shift_days)",
        )
        return None
    return TimeSpec(
        id=tid,
        as_stated=as_stated,
        relative_to=relative_to,
        rule=raw.get("rule") or derived_rule,
        line=line,
        **fields,
    )


def _value(
    kind: str | None, raw: Mapping[str, Any], anchor: TimeSpec | None, relative_to: str | None
) -> tuple[dict[str, Any], str | None]:
    """The fields of the value, and the rule's words when the value is derived from an anchor."""
    fields: dict[str, Any] = dict(value=None, datatype=None, precision="unknown", weekday=None)
    fields.update(earliest=None, latest=None, season=None)
    value: Any = raw.get(kind) if kind else None
    anchor_day = _anchor_date(anchor)
    rule: str | None = None
    if relative_to and kind in ("year_month", "year", "month_day", "month", "years"):
        raise ValueError(
            f"a {kind} relative to {relative_to!r} cannot be checked against its words: "
            "give the value the words state, or derive a date with `shift_days`"
        )
    if kind == "date" or (kind is None and "shift_days" in raw):
        day = _as_date(value) if value is not None else None
        if "shift_days" in raw:
            shift = raw["shift_days"]
            if not isinstance(shift, int) or isinstance(shift, bool):
                raise ValueError("shift_days is a whole number of days (negative: before)")
            if anchor_day is None:
                raise ValueError("shift_days needs `relative_to` a time with a full date")
            shifted = anchor_day + dt.timedelta(days=shift)
            if day is not None and day != shifted:
                raise ValueError(
                    f"{day.isoformat()} is not {shift:+d} days from {relative_to} "
                    f"({anchor_day.isoformat()}): {shifted.isoformat()}"
                )
            day = shifted
            before = "before" if shift < 0 else "after"
            rule = f"{abs(shift)} days {before} {relative_to} ({anchor_day.isoformat()})"
        elif relative_to:
            raise ValueError(f"a date relative to {relative_to!r} needs `shift_days`")
        assert day is not None
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
    elif kind == "month":
        match = _MONTH.match(str(value))
        if not match or not 1 <= int(match[1]) <= 12:
            raise ValueError("month is --MM")
        fields.update(value=str(value), datatype="gMonth", precision="month-of-year")
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
        if anchor_day is not None:
            day = _latest_weekday(anchor_day, weekday, how == "latest-on-or-before")
            fields.update(value=day.isoformat(), datatype="date", precision="day")
            fields.update(earliest=day, latest=day)
            rule = (
                f"the {how.replace('-', ' ')} {weekday.capitalize()} "
                f"relative to {relative_to} ({anchor_day.isoformat()})"
            )
    elif kind == "weekend":
        if value != "before":
            raise ValueError("weekend is `before` (the weekend before the anchor)")
        if anchor is None:
            raise ValueError("a weekend needs `relative_to`")
        fields.update(precision="weekend")
        if anchor_day is not None:
            saturday, sunday = _weekend_before(anchor_day)
            fields.update(earliest=saturday, latest=sunday)
            rule = f"the Saturday and Sunday before {relative_to} ({anchor_day.isoformat()})"
    elif kind == "season":
        season = str(value).lower()
        if season not in SEASONS:
            raise ValueError(f"season is one of {', '.join(SEASONS)}")
        fields.update(season=season, precision="season")
        season_year = int(raw["year"]) if raw.get("year") is not None else None
        if relative_to:
            if raw.get("resolve") != "latest-before":
                raise ValueError("a season relative to an anchor needs `resolve: latest-before`")
            if anchor_day is None:
                raise ValueError("a season before an anchor needs an anchor with a full date")
            derived = _season_year_before(anchor_day, season)
            if season_year is not None and season_year != derived:
                raise ValueError(f"the {season} before {anchor_day.isoformat()} is of {derived}")
            season_year = derived
            rule = f"the latest {season} before {relative_to} ({anchor_day.isoformat()})"
        if season_year is not None:
            fields.update(value=f"{season_year:04d}", datatype="gYear")
            fields.update(earliest=dt.date(season_year, 1, 1), latest=dt.date(season_year, 12, 31))
    elif kind is None and (relative_to or raw.get("resolve")):
        raise ValueError("`relative_to` and `resolve` go with a weekday, weekend or season")
    return fields, rule


def _beyond_words(
    kind: str | None,
    fields: Mapping[str, Any],
    raw: Mapping[str, Any],
    words: Stated,
    derived: bool,
) -> str | None:
    """Why the value fixes more than its words state, or None when it does not."""
    if kind is None or derived:
        return None
    value = fields["value"]
    if kind == "date":
        date = dt.date.fromisoformat(value)
        if date in words.dates or (date in words.ambiguous_dates and raw.get("rule")):
            return None
        if date in words.ambiguous_dates:
            return f"{value} is one of two readings of the words: say which in `rule`"
        return _missing(date.year, date.month, date.day, words, value)
    if kind == "year_month":
        year, month = int(value[:4]), int(value[5:7])
        return _missing(year, month, None, words, value)
    if kind == "year":
        return _missing(int(value), None, None, words, value)
    if kind == "month_day":
        month, day = int(value[2:4]), int(value[5:7])
        if (month, day) in words.month_days:
            return None
        return _missing(None, month, day, words, value)
    if kind == "month":
        return _missing(None, int(value[2:4]), None, words, value)
    if kind == "years":
        span = (fields["earliest"].year, fields["latest"].year)
        if span in words.ranges:
            return None
        return f"the years {span[0]}-{span[1]} are not the span the words give"
    if kind == "weekday" and fields["weekday"] not in words.weekdays:
        return f"the words name no {fields['weekday'].capitalize()}"
    if kind == "weekend" and not words.weekend:
        return "the words name no weekend"
    if kind == "season":
        if fields["season"] not in words.seasons:
            return f"the words name no {fields['season']}"
        if value is not None and int(value) not in words.years:
            return f"the year {value} is not in the words"
    return None


def _missing(
    year: int | None, month: int | None, day: int | None, words: Stated, value: str
) -> str | None:
    if year is not None and year not in words.years:
        return f"{value} adds a year the words do not state"
    if month is not None and month not in words.months:
        return f"{value} gives {MONTHS[month - 1]}, which the words do not state"
    if day is not None and month is not None and (month, day) not in words.month_days:
        return f"{value} gives day {day}, which the words do not state"
    if year is not None and month is not None and day is not None:
        if dt.date(year, month, day) not in words.dates:
            return f"the words do not state the day {value}"
    return None


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
