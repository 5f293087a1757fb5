"""The ontology and concept schemes (and any base-relative Turtle folder), read under the
deployment's base.

The Turtle files use relative IRIs (``@prefix afg: <ontology#>``), resolved against BASE_IRI,
so one source serves every deployment.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from afgld.errors import MappingError
from afgld.namespaces import Space


def load_ontology(directory: Path, space: Space) -> Graph:
    return read_turtle_folder(directory, space)


def read_turtle_folder(directory: Path, space: Space) -> Graph:
    """Every ``*.ttl`` of ``directory``, relative IRIs resolved against the deployment's base."""
    graph = Graph()
    for path in sorted(directory.glob("*.ttl")):
        try:
            graph.parse(path, format="turtle", publicID=space.base)
        except Exception as error:  # rdflib raises several parser exception types
            raise MappingError(path, None, f"not valid Turtle: {error}") from None
    return graph
