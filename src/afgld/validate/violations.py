"""Run the ``*-violation.rq`` queries: any row is a problem. Executed by Oxigraph."""

from __future__ import annotations

from importlib.resources import files

import pyoxigraph as ox


def violation_queries() -> dict[str, str]:
    folder = files("afgld") / "queries"
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith("-violation.rq")
    }


def run_violations(store: ox.Store, prefixes: dict[str, str]) -> list[str]:
    problems = []
    for name, query in violation_queries().items():
        solutions = store.query(query, prefixes=prefixes, use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError(f"{name} is not a SELECT query")
        for solution in solutions:
            values = ", ".join(
                f"{variable.value}={solution[variable]}" for variable in solutions.variables
            )
            problems.append(f"{name}: {values}")
    return problems
