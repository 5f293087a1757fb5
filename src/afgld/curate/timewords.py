"""What the words of a time expression fix: years, months, days, weekdays, seasons, decades.

A time value may be no more precise than its words ("23 November" fixes a month and a day, no
year) unless a rule derives it from a stated anchor (``resolve``, ``shift_days``). This module
reads the words; :mod:`afgld.curate.timeexpr` compares them with the value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from afgld.curate.facts import SEASONS, WEEKDAYS

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Full names and the usual abbreviations, capitalised: "may" in "may soon" is no month.
_MONTH_WORDS = {name: i + 1 for i, name in enumerate(MONTHS)} | {
    name[:3]: i + 1 for i, name in enumerate(MONTHS)
}
_MONTH_WORDS["Sept"] = 9
_MONTH = "(" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_DAY_MONTH = re.compile(rf"(?<!\d){_DAY}\s+{_MONTH}")
_MONTH_DAY = re.compile(rf"{_MONTH}\s+{_DAY}")
_MONTH_ALONE = re.compile(rf"(?<![\w]){_MONTH}")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?![\d/.-])")
_YEAR = re.compile(r"(?<![\d/.-])(\d{4})(?![\ds])")
_RANGE = re.compile(r"(?<!\d)(\d{4})\s*[-–]\s*(\d{4}|\d{2})(?!\d)")
_DECADE = re.compile(r"(?<!\d)(\d{3}0)s\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_SEASON = re.compile(r"\b(" + "|".join(SEASONS) + r")\b", re.IGNORECASE)
_WEEKEND = re.compile(r"\bweekend\b", re.IGNORECASE)


@dataclass
class Stated:
    """Everything the words fix, each as a set: the words may name more than one time."""

    years: set[int] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    month_days: set[tuple[int, int]] = field(default_factory=set)
    dates: set[dt.date] = field(default_factory=set)
    ambiguous_dates: set[dt.date] = field(default_factory=set)  # 05-01-2022: two readings
    ranges: set[tuple[int, int]] = field(default_factory=set)  # decades and spans of years
    weekdays: set[str] = field(default_factory=set)
    seasons: set[str] = field(default_factory=set)
    weekend: bool = False


def read_words(words: str) -> Stated:
    stated = Stated()
    for match in _NUMERIC.finditer(words):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        readings = {_date(year, second, first), _date(year, first, second)} - {None}
        if first > 12 or second > 12:
            stated.dates |= {d for d in readings if d is not None}
        else:
            stated.ambiguous_dates |= {d for d in readings if d is not None}
        stated.years.add(year)
    for match in _RANGE.finditer(words):
        first = int(match[1])
        last = int(match[2]) if len(match[2]) == 4 else first // 100 * 100 + int(match[2])
        if first < last:
            stated.ranges.add((first, last))
    for match in _DECADE.finditer(words):
        stated.ranges.add((int(match[1]), int(match[1]) + 9))
    text = _NUMERIC.sub(" ", words)
    stated.years |= {int(m[1]) for m in _YEAR.finditer(text)}
    for match in _DAY_MONTH.finditer(text):
        stated.month_days.add((_MONTH_WORDS[match[2]], int(match[1])))
    for match in _MONTH_DAY.finditer(text):
        stated.month_days.add((_MONTH_WORDS[match[1]], int(match[2])))
    stated.months |= {_MONTH_WORDS[m[1]] for m in _MONTH_ALONE.finditer(text)}
    stated.months |= {month for month, _ in stated.month_days}
    for month, day in stated.month_days:
        for year in stated.years:
            day_of = _date(year, month, day)
            if day_of is not None:
                stated.dates.add(day_of)
    for day_of in stated.dates:
        stated.months.add(day_of.month)
        stated.month_days.add((day_of.month, day_of.day))
    stated.weekdays = {m[1].lower() for m in _WEEKDAY.finditer(words)}
    stated.seasons = {m[1].lower() for m in _SEASON.finditer(words)}
    stated.weekend = bool(_WEEKEND.search(words))
    return stated


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
