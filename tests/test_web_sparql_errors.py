"""A user's mistake is a 400 that says what is wrong and where, in both store modes: an unknown
function is named by the engine; a parse error gets its line, column and a short reason, with
the grammar's character classes left out (issue 8, item 7)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from afgld.namespaces import Space
from afgld.web.query_errors import explain
from tests.conftest import BASE

GRAMMAR_DUMP = (b"..=", b"\\u{", b"['")
# What the endpoint puts before a user's query (a remote store may echo it in its errors)
PROLOGUE = ("PREFIX rdf: <http", "define input:", "SPARQL query:")


def ask(client: FlaskClient, query: str) -> tuple[int, str]:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "*/*"})
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    ["SELECT (<urn:x:f>(1) AS ?x) {}", "ASK { FILTER(<urn:x:g>()) }"],
)
def test_an_unknown_function_is_the_users_mistake_not_ours(
    sparql_client: FlaskClient, query: str
) -> None:
    status, text = ask(sparql_client, query)
    assert status == 400, text
    assert "cannot be evaluated" in text and "is not supported" in text


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("SELECT * WHERE { ?s ?p ?o }\nLIMT 5", ["line 2, column 1", "'LIMT'", "LIMIT?"]),
        ("SELEC * WHERE { ?s ?p ?o }", ["line 1, column 1", "did you mean SELECT?"]),
        ("SELECT * WHERE { ?s nope:p ?o }", ["line 1, column 21", "prefix nope: is not declared"]),
        ("SELECT * WHERE { ?s ?p ?o ", ["the '{' opened at line 1, column 16 is not closed"]),
        ('SELECT * WHERE { ?s ?p "abc }', ["line 1, column 24", "string", "not closed"]),
        ('SELECT * WHERE { ?s ?p """abc }', ["line 1, column 24", "string", "not closed"]),
        ("SELECT (1 AS ?n) (2 AS ?n) {}", ["Duplicated variable name in SELECT"]),
        ("SELECT * WHERE { ?s ?p ?o } ORDER BY", ["the query ends before it is complete"]),
    ],
)
def test_a_parse_error_says_where_and_what_in_words(
    sparql_client: FlaskClient, query: str, said: list[str], request: pytest.FixtureRequest
) -> None:
    status, text = ask(sparql_client, query)
    assert status == 400 and "not valid SPARQL 1.1" in text
    if backend(request) == "virtuoso" and said == ["Duplicated variable name in SELECT"]:
        # Virtuoso's compiler checks this beyond its grammar and says so in its own words,
        # without a place (README, "Remote store"): its sentence is passed on.
        said = ["Alias ?n is defined twice"]
    for words in said:
        assert words in text, text
    assert not any(dump.decode() in text for dump in GRAMMAR_DUMP), text
    assert not any(ours in text for ours in PROLOGUE), text


def backend(request: pytest.FixtureRequest) -> str:
    return str(request.node.callspec.params["sparql_app"])


def test_the_parsers_own_message_is_kept_when_it_has_no_position() -> None:
    assert explain("something else went wrong", "ASK {}", {}) == "something else went wrong"


def test_the_readable_expectations_come_last_and_short() -> None:
    message = (
        "error at 1:35: expected one of HAVING, OFFSET, OPTIONAL, VALUES, ['0' ..= '9'], "
        '"{", "}"'
    )
    text = explain(message, "SELECT * WHERE { ?s ?p ?o } LIMT 5", Space(BASE).prefixes())
    assert text.startswith("line 1, column 29: 'LIMT' is not a SPARQL keyword; did you mean LIMIT?")
    assert text.endswith('(the parser expected one of "{", "}", HAVING, OFFSET, OPTIONAL, VALUES.)')
