"""Relative times resolve only against a stated date, with the rule recorded; every value
follows from its words or from a rule applied to a stated anchor."""

from __future__ import annotations

import datetime as dt

import pytest

from afgld.curate.facts import TimeSpec
from afgld.curate.timeexpr import parse_time, parse_times


def parse(
    raw: dict, anchors: dict[str, TimeSpec] | None = None
) -> tuple[TimeSpec | None, list[str]]:
    problems: list[str] = []
    spec = parse_time(
        "t", raw, anchors or {}, 1, lambda line, problem, hint: problems.append(problem)
    )
    return spec, problems


def publication(date: str | None) -> dict[str, TimeSpec]:
    raw = (
        {"as_stated": dt.date.fromisoformat(date).strftime("%d %B %Y"), "date": date}
        if date
        else {"as_stated": "December 10", "month_day": "--12-10"}
    )
    spec, _ = parse(raw)
    assert spec is not None
    return {"publication": spec}


@pytest.mark.parametrize(
    ("weekday", "how", "expected"),
    [
        ("monday", "latest-on-or-before", "2022-01-10"),  # published Saturday 15 January 2022
        ("saturday", "latest-on-or-before", "2022-01-15"),
        ("saturday", "latest-before", "2022-01-08"),
        ("thursday", "latest-before", "2022-01-13"),
    ],
)
def test_weekdays_resolve_against_a_full_publication_date(
    weekday: str, how: str, expected: str
) -> None:
    raw = {"as_stated": weekday, "weekday": weekday, "resolve": how, "relative_to": "publication"}
    spec, problems = parse(raw, publication("2022-01-15"))
    assert not problems
    assert spec is not None and spec.value == expected and spec.precision == "day"
    assert spec.rule and "2022-01-15" in spec.rule


def test_a_weekday_stays_unresolved_without_a_full_date() -> None:
    raw = {
        "as_stated": "on Tuesday",
        "weekday": "tuesday",
        "resolve": "latest-before",
        "relative_to": "publication",
    }
    spec, problems = parse(raw, publication(None))
    assert not problems
    assert spec is not None and spec.value is None and spec.precision == "weekday"
    assert spec.weekday == "tuesday" and spec.rule is None


def test_a_weekend_before_a_monday_is_the_saturday_and_sunday_before_it() -> None:
    times = parse_times(
        {
            "monday": {
                "as_stated": "On Monday",
                "weekday": "monday",
                "resolve": "latest-on-or-before",
                "relative_to": "publication",
            },
            "weekend": {
                "as_stated": "at the weekend",
                "weekend": "before",
                "relative_to": "monday",
            },
        },
        publication("2022-01-15")["publication"],
        lambda value: 1,
        lambda line, problem, hint: pytest.fail(problem),
    )
    weekend = times["weekend"]
    assert (weekend.earliest, weekend.latest) == (dt.date(2022, 1, 8), dt.date(2022, 1, 9))
    assert weekend.value is None and weekend.precision == "weekend"


def test_a_value_relative_to_an_anchor_needs_a_rule_the_code_applies() -> None:
    _, problems = parse(
        {"as_stated": "last summer", "year": 2021, "relative_to": "publication"},
        publication("2022-01-15"),
    )
    assert any("cannot be checked against its words" in p for p in problems)


def test_last_summer_is_a_season_with_the_year_its_anchor_fixes() -> None:
    spec, problems = parse(
        {
            "as_stated": "last summer",
            "season": "summer",
            "resolve": "latest-before",
            "relative_to": "publication",
        },
        publication("2022-01-15"),
    )
    assert not problems
    assert spec is not None and (spec.season, spec.value, spec.precision) == (
        "summer",
        "2021",
        "season",
    )
    assert spec.rule and "2022-01-15" in spec.rule


def test_a_season_is_not_resolved_across_its_own_boundary() -> None:
    _, problems = parse(
        {
            "as_stated": "last summer",
            "season": "summer",
            "resolve": "latest-before",
            "relative_to": "publication",
        },
        publication("2022-09-01"),
    )
    assert any("depends on where the season ends" in p for p in problems)


def test_shift_days_derives_a_date_from_a_stated_one() -> None:
    anchor, _ = parse({"as_stated": "September 11, 2001", "date": "2001-09-11"})
    assert anchor is not None
    spec, problems = parse(
        {
            "as_stated": "two days before the September 11, 2001 attacks",
            "relative_to": "attacks",
            "shift_days": -2,
        },
        {"attacks": anchor},
    )
    assert not problems and spec is not None and spec.value == "2001-09-09"
    _, problems = parse(
        {
            "as_stated": "two days before the September 11, 2001 attacks",
            "date": "2001-09-08",
            "relative_to": "attacks",
            "shift_days": -2,
        },
        {"attacks": anchor},
    )
    assert any("is not -2 days from attacks" in p for p in problems)


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        # a wrong day
        ({"as_stated": "Sept 6", "month_day": "--09-07"}, "gives day 7"),
        # an added year
        ({"as_stated": "Sept 6", "date": "2021-09-06"}, "adds a year the words do not state"),
        # a weekday resolved without an anchor
        ({"as_stated": "on Monday", "date": "2022-01-10"}, "adds a year"),
        ({"as_stated": "in September", "month_day": "--09-01"}, "gives day 1"),
        ({"as_stated": "in 2001", "year": 2002}, "adds a year"),
        ({"as_stated": "the 1990s", "years": [1997, 1999]}, "not the span the words give"),
        ({"as_stated": "05-01-2022", "date": "2022-01-05"}, "one of two readings"),
        (
            {
                "as_stated": "last Thursday",
                "weekday": "friday",
                "resolve": "latest-before",
                "relative_to": "publication",
            },
            "the words name no Friday",
        ),
    ],
)
def test_a_value_more_precise_than_its_words_is_refused(raw: dict, complaint: str) -> None:
    spec, problems = parse(raw, publication(None))
    assert spec is None
    assert any(complaint in p for p in problems), problems
    assert any(repr(raw["as_stated"]) in p for p in problems), "the words are quoted"


@pytest.mark.parametrize(
    "raw",
    [
        {"as_stated": "Sept 6", "month_day": "--09-06"},
        {"as_stated": "January 11th, 2022", "date": "2022-01-11"},
        {"as_stated": "15-01-2022", "date": "2022-01-15"},
        {
            "as_stated": "05-01-2022",
            "date": "2022-01-05",
            "rule": "day first, as the outlet writes",
        },
        {"as_stated": "1989-90", "years": [1989, 1990]},
        {"as_stated": "late 1990s", "years": [1990, 1999]},
        {"as_stated": "in September", "month": "--09"},
    ],
)
def test_a_value_that_follows_from_its_words_is_accepted(raw: dict) -> None:
    spec, problems = parse(raw)
    assert not problems and spec is not None


@pytest.mark.parametrize(
    ("raw", "datatype", "precision"),
    [
        ({"as_stated": "in 2001", "year": 2001}, "gYear", "year"),
        ({"as_stated": "August 2021", "year_month": "2021-08"}, "gYearMonth", "month"),
        ({"as_stated": "23 November", "month_day": "--11-23"}, "gMonthDay", "month-day"),
        ({"as_stated": "the 1980s", "years": [1980, 1989]}, None, "years"),
        ({"as_stated": "recently"}, None, "unknown"),
    ],
)
def test_precision_is_what_the_text_gives(raw: dict, datatype: str | None, precision: str) -> None:
    spec, problems = parse(raw)
    assert not problems
    assert spec is not None and spec.datatype == datatype and spec.precision == precision


@pytest.mark.parametrize(
    "raw",
    [
        {"as_stated": "x", "month_day": "--02-30"},
        {"as_stated": "x", "year": 2001, "date": "2001-01-01"},
        {
            "as_stated": "x",
            "weekday": "funday",
            "resolve": "latest-before",
            "relative_to": "publication",
        },
        {"date": "2001-01-01"},
    ],
)
def test_malformed_times_are_refused(raw: dict) -> None:
    spec, problems = parse(raw, publication("2022-01-15"))
    assert spec is None and problems
