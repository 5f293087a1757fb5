"""Each shape catches what it should: valid fixtures conform, each invalid one fails with
the message its first line names."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from afgld.model.ontology import load_ontology
from afgld.namespaces import Space
from afgld.validate.shapes import load_shapes, run_shapes
from tests.conftest import BASE, REPO

FIXTURES = Path(__file__).parent / "shapes"
SPACE = Space(BASE)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(REPO / "shapes", SPACE)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology(REPO / "ontology", SPACE)


def data(path: Path, ontology: Graph) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle", publicID=BASE)
    for triple in ontology:
        graph.add(triple)
    return graph


@pytest.mark.parametrize("path", sorted((FIXTURES / "valid").glob("*.ttl")), ids=lambda p: p.stem)
def test_valid_fixtures_conform(path: Path, shapes: Graph, ontology: Graph) -> None:
    _, problems = run_shapes(data(path, ontology), shapes)
    assert problems == []


@pytest.mark.parametrize("path", sorted((FIXTURES / "invalid").glob("*.ttl")), ids=lambda p: p.stem)
def test_invalid_fixtures_fail_for_the_stated_reason(
    path: Path, shapes: Graph, ontology: Graph
) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# violates: ")
    expected = first_line.removeprefix("# violates: ")
    _, problems = run_shapes(data(path, ontology), shapes)
    assert problems, f"{path.name} conforms, but should violate: {expected}"
    assert any(expected in message for _, message in problems), problems


def test_the_ontology_itself_conforms(shapes: Graph, ontology: Graph) -> None:
    _, problems = run_shapes(ontology, shapes)
    assert problems == []
