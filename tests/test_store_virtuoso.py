"""Virtuoso's error texts, as Virtuoso 7.2 wrote them, read into the parser's ``error at L:C``
of the user's own text: the cases the endpoint tests over a live Virtuoso do not pin down
(which of equal tokens, the end of the text, a long string), and never a word of the prologue.
"""

from __future__ import annotations

import pytest

from afgld.store.jobs import Answer
from afgld.store.virtuoso import mistake

PROLOGUE_LINES = 2  # as if afgld had sent two PREFIX lines before the query
DUMP = (
    "\n\nSPARQL query:\ndefine input:default-graph-uri <http://127.0.0.1:8080/graph/facts> "
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\nPREFIX xsd: <x:>\n{query}"
)


def said(error: str, query: str) -> tuple[str, str]:
    body = f"Virtuoso 37000 Error {error}{DUMP.format(query=query)}".encode()
    answer = mistake(400, body, query, PROLOGUE_LINES)
    assert answer is not None
    assert "define" not in answer.message and "PREFIX" not in answer.message
    return answer.status, answer.message


@pytest.mark.parametrize(
    ("error", "query", "expected"),
    [
        # of the three ?o, the one on the line named and followed by the token named
        (
            "SP030: SPARQL compiler, line 6: syntax error at '?o' before '}'",
            "SELECT *\nWHERE {\n  ?s ?p ?o .\n  ?s ?p ?o ?o\n}",
            "error at 4:12: syntax error",
        ),
        # of two LIMIT, the one followed by the token named
        (
            "SP030: SPARQL compiler, line 3: syntax error at 'LIMIT' before '2'",
            "SELECT * { ?s ?p ?o } LIMIT 1 LIMIT 2",
            "error at 1:31: syntax error",
        ),
        # past the last line: the end of the text, whatever token Virtuoso still names
        (
            "SP030: SPARQL compiler, line 4: syntax error at '}'",
            "SELECT * { ?s ?p ?o } ORDER BY",
            "error at 1:31: syntax error",
        ),
        ("SP030: SPARQL compiler, line 4: syntax error", "ASK { ", "error at 1:6: syntax error"),
        (
            "SP030: SPARQL compiler, line 3: Undefined namespace prefix at ''",
            "SELECT * { ?s :p ?o }",
            "error at 1:15: Prefix not found",
        ),
        # the lexer's quote that opens no string (the web layer steps back over '""')
        (
            "SP030: SPARQL compiler, line 0: Unterminated long double-quoted string at ''",
            'ASK { ?s ?p """abc }',
            "error at 1:15: syntax error",
        ),
        (
            "SP030: SPARQL compiler, line 0: End-of-line in a short single-quoted string at "
            "''b }\n'",
            "ASK { ?s ?p 'a' . ?s ?p 'b }",
            "error at 1:25: syntax error",
        ),
    ],
)
def test_a_syntax_error_is_placed_in_the_users_text(error: str, query: str, expected: str) -> None:
    assert said(error, query) == ("syntax", expected)


def test_a_token_not_in_the_users_text_keeps_virtuosos_sentence() -> None:
    error = "SP030: SPARQL compiler, line 3: syntax error at 'WHERE' before '{'"
    assert said(error, "SELECT * { ?s ?p ?o } ORDER BY ?s ?s ?") == (
        "syntax",
        "syntax error at 'WHERE' before '{'",
    )


def test_a_compiler_error_without_words_says_whose_it_is() -> None:
    body = b"Virtuoso 37000 Error SQ074: Line 3: \n\nSPARQL query:\nPREFIX x: <x:>\nASK {}"
    answer = mistake(500, body, "SELECT * { ?s ?p ?o } LIMIT -1", PROLOGUE_LINES)
    assert answer == Answer("syntax", message="Virtuoso's compiler refused it (SQ074)")


def test_an_unknown_function_is_the_users_mistake() -> None:
    body = b"Virtuoso 42001 Error SR185: Undefined procedure DB.DBA.urn:x:f.\n\nSPARQL query:\n"
    answer = mistake(500, body, "SELECT (<urn:x:f>(1) AS ?x) {}", PROLOGUE_LINES)
    assert answer is not None and answer.status == "query"
    assert answer.message == "The custom function <urn:x:f> is not supported"


def test_other_failures_are_not_the_users() -> None:
    assert mistake(500, b"Virtuoso 22012 Error SR087: Division by 0.", "ASK {}", 2) is None
    assert mistake(503, b"Service Unavailable", "ASK {}", 2) is None


def test_any_other_400_keeps_its_sentence_without_the_echo() -> None:
    body = b"Virtuoso 22023 Error SR601: Something odd\n\nSPARQL query:\nPREFIX x: <x:>\nASK {}"
    assert mistake(400, body, "ASK {}", 2) == Answer("syntax", message="Something odd")


def test_a_text_without_a_query_form_is_no_query() -> None:
    body = (
        b"Virtuoso 42000 Error SR186:SECURITY: No permission to execute procedure "
        b"DB.DBA.SPARUL_RUN with user ID 107, group ID 107\n\nSPARQL query:\nPREFIX x: <x:>\n"
    )
    answer = mistake(500, body, "PREFIX y: <y:>", 2)
    assert answer is not None and answer.status == "syntax" and "SECURITY" not in answer.message
