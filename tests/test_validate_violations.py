"""Each violation query catches what it should: every invalid fixture makes the query its first
line names return a row; every valid fixture, a near miss, makes its query return none."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from afgld.namespaces import Space
from afgld.validate.violations import violation_queries
from tests.conftest import BASE

FIXTURES = Path(__file__).parent / "violations"
SPACE = Space(BASE)


def rows(path: Path, prefix: str) -> tuple[str, list[ox.QuerySolution]]:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith(prefix), f"{path.name}: first line names the query"
    name = first_line.removeprefix(prefix).strip()
    queries = violation_queries()
    assert name in queries, f"{path.name}: no query {name}"
    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.TRIG, base_iri=BASE)
    solutions = store.query(
        queries[name], prefixes=SPACE.prefixes(), use_default_graph_as_union=True
    )
    assert isinstance(solutions, ox.QuerySolutions)
    return name, list(solutions)


@pytest.mark.parametrize(
    "path", sorted((FIXTURES / "invalid").glob("*.trig")), ids=lambda p: p.stem
)
def test_invalid_fixtures_are_caught(path: Path) -> None:
    name, found = rows(path, "# violates: ")
    assert found, f"{path.name} passes {name}, but should violate it"


@pytest.mark.parametrize("path", sorted((FIXTURES / "valid").glob("*.trig")), ids=lambda p: p.stem)
def test_near_misses_pass(path: Path) -> None:
    name, found = rows(path, "# passes: ")
    assert not found, f"{path.name} violates {name}: {found}"


def test_every_new_rule_has_a_fixture_each_way() -> None:
    named = {
        path.read_text(encoding="utf-8").splitlines()[0].split(": ", 1)[1]
        for folder in ("valid", "invalid")
        for path in (FIXTURES / folder).glob("*.trig")
    }
    for query in (
        "negative-text-violation.rq",
        "conflict-agreement-violation.rq",
        "shortcut-timeless-violation.rq",
        "rests-on-disputed-violation.rq",
        "split-statement-violation.rq",
        "characterisation-as-fact-violation.rq",
    ):
        assert query in named
