"""Relative times resolve only against a stated date, with the rule recorded."""

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
        {"as_stated": "x", "date": date}
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


def test_a_derived_value_needs_its_rule() -> None:
    _, problems = parse(
        {"as_stated": "last summer", "year": 2021, "relative_to": "publication"},
        publication("2022-01-15"),
    )
    assert any("say how in `rule`" in p for p in problems)


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
