"""Run the ``*-violation.rq`` queries: any row is a problem. Executed by Oxigraph."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files

import pyoxigraph as ox


def violation_queries() -> dict[str, str]:
    folder = files("afgld") / "queries"
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith("-violation.rq")
    }


def run_violations(
    store: ox.Store, prefixes: dict[str, str], where: Mapping[str, str] | None = None
) -> list[str]:
    """One line per row of every violation query; prefixed with the fact file's line when a
    value is a statement that ``where`` (IRI → file:line) knows."""
    problems = []
    for name, query in violation_queries().items():
        solutions = store.query(query, prefixes=prefixes, use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError(f"{name} is not a SELECT query")
        for solution in solutions:
            terms = [(variable.value, solution[variable]) for variable in solutions.variables]
            values = ", ".join(f"{variable}={term}" for variable, term in terms)
            located = [
                where[term.value]
                for _, term in terms
                if isinstance(term, ox.NamedNode) and where and term.value in where
            ]
            location = f"{located[0]}: " if located else ""
            problems.append(f"{location}{name}: {values}")
    return problems
