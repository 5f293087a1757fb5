"""The remote-store mode's own rules: the endpoint must hold this release, and bound terms are
checked and written by Oxigraph, never spliced. Pages and SPARQL over the remote store are
tested by the ``app``, ``sparql_app`` and cookbook fixtures, which run every test in both modes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from afgld.errors import BuildError, ConfigError
from afgld.store import Store
from afgld.store.remote import Endpoint, values_clause
from tests.conftest import BASE, free_port, open_build

HOSTILE = 'x" } ; DROP ALL ; SELECT * { ?s ?p "'


def remote(build: Path, url: str) -> Store:
    return open_build(build, url)


def test_an_endpoint_holding_another_release_is_refused(
    real_build: Path, sparql_remote: str
) -> None:
    with pytest.raises(BuildError, match="does not hold release"):
        remote(real_build, sparql_remote)


def test_an_unreachable_endpoint_is_refused_at_start(real_build: Path) -> None:
    with pytest.raises(BuildError, match="cannot be queried"):
        remote(real_build, f"http://127.0.0.1:{free_port()}/query")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/q", "127.0.0.1:7878", "remote", ""])
def test_a_backend_that_is_no_http_url_is_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigError, match="SPARQL_BACKEND"):
        Endpoint(url)


def test_the_app_refuses_a_remote_without_this_release(
    real_build: Path, sparql_remote: str
) -> None:
    from afgld.web.app import create_app

    with pytest.raises(BuildError):
        create_app(
            {"BUILD_DIR": str(real_build), "BASE_IRI": BASE, "SPARQL_BACKEND": sparql_remote}
        )


@pytest.mark.parametrize(
    "term",
    [URIRef("http://x/a> } ; DROP ALL ; <b"), URIRef("http://x/a b"), URIRef("no-scheme"), BNode()],
)
def test_terms_that_cannot_be_written_safely_are_refused(term: object) -> None:
    with pytest.raises(ValueError):
        values_clause({"this": term})  # type: ignore[dict-item]


def test_a_bad_variable_name_is_refused() -> None:
    with pytest.raises(ValueError):
        values_clause({"this) { } DROP ALL ; (?x": URIRef("http://x/")})


def test_hostile_literals_are_bound_as_one_value(real_build: Path, real_remote: str) -> None:
    store = remote(real_build, real_remote)
    try:
        for value in (Literal(HOSTILE), Literal(HOSTILE, lang="en"), Literal("a\nb\\c\u0000")):
            rows = store.select("SELECT ?this (STR(?this) AS ?text) WHERE { }", {"this": value})
            assert rows == [{"this": value, "text": Literal(str(value))}]
    finally:
        store.close()
