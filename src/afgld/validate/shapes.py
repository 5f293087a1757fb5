"""SHACL validation with pySHACL (https://www.w3.org/TR/shacl/), on the union of all graphs."""

from __future__ import annotations

from pathlib import Path

import pyshacl
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH

from afgld.model.ontology import read_turtle_folder
from afgld.namespaces import Space


def load_shapes(directory: Path, space: Space) -> Graph:
    """shapes/*.ttl, which use base-relative IRIs like the ontology."""
    return read_turtle_folder(directory, space)


def union_of(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def run_shapes(data: Graph, shapes: Graph) -> tuple[Graph, list[tuple[URIRef, str]]]:
    """The SHACL report graph, and (focus node, message) for every violation."""
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False
    )
    problems = []
    if not conforms:
        for result in report.subjects(SH.resultSeverity, SH.Violation):
            focus = report.value(result, SH.focusNode)
            path = report.value(result, SH.resultPath)
            message = report.value(result, SH.resultMessage)
            shape = report.value(result, SH.sourceShape)
            value = report.value(result, SH.value)
            where = f" on {_short(path)}" if path is not None else ""
            detail = f" (value {value.n3()})" if value is not None else ""
            named = f" [{_short(shape)}]" if isinstance(shape, URIRef) else ""
            problems.append((focus, f"{message}{where}{detail}{named}"))
    return report, sorted(problems, key=lambda item: (str(item[0]), item[1]))


def _short(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]
