"""The query guard: refuses SERVICE and updates however they are spelt, bounds nesting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib.plugins.sparql import algebra, parser

from afgld.store.guard import Limits, QueryRefused, inspect, tokens

LIMITS = Limits(max_bytes=10_000, max_nesting=40)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "select * { sErViCe <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT ?endpoint { ?s ?p ?o } }",
        "SELECT * {\n# a comment\nSERVICE\n<http://127.0.0.1:9/>{}}",
        "PREFIX s: <http://x/> SELECT * { SERVICE s:e { ?s ?p ?o } }",
        "SELECT * { \\u0053ERVICE <http://127.0.0.1:9/> { } }",
        "SELECT * { SERVIC\\u0045 <http://127.0.0.1:9/> { } }",
        "SELECT * { \\U00000053ERVICE <http://127.0.0.1:9/> { } }",
        # '<' as "less than" followed by ')' lexes like an IRI: read both ways
        "SELECT * { ?a ?b ?c FILTER(?a<?b)SERVICE#>\n <http://127.0.0.1:9/> { } }",
        "SELECT * { ?a ?b ?c FILTER(1<2)SERVICE#>\n <http://127.0.0.1:9/> { } }",
    ],
)
def test_service_is_refused_however_spelt(query: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect(query, LIMITS)
    assert refused.value.reason == "service"


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SELECT (bif:sys_stat('x') AS ?v) {}", True),
        ("SELECT (<BIF:sys_stat>('x') AS ?v) {}", True),
        ("PREFIX b: <sql:> SELECT (b:x() AS ?v) {}", True),
        ("SELECT (<\\u0062if:x>() AS ?v) {}", True),
        ("PREFIX bif: <http://example.org/> SELECT (bif:x(1) AS ?v) {}", False),
        ("SELECT * { ?s <http://x/bif:y> ?o FILTER(?o != 'bif:x') }", False),
    ],
)
def test_engine_procedures_are_refused_only_where_named(query: str, refused: bool) -> None:
    if refused:
        with pytest.raises(QueryRefused) as refusal:
            inspect(query, LIMITS)
        assert refusal.value.reason == "engine"
    else:
        inspect(query, LIMITS)


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "delete where { ?s ?p ?o }",
        "LOAD <file:///etc/passwd>",
        "CLEAR ALL",
        "DROP GRAPH <http://x/g>",
        "CREATE GRAPH <http://x/g>",
        "COPY DEFAULT TO <http://x/g>",
        "MOVE DEFAULT TO <http://x/g>",
        "ADD DEFAULT TO <http://x/g>",
        "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX x: <http://x/> # comment\n iNsErT DATA { x:a x:b x:c }",
        "\\u0049NSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "SELECT * {} ; INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    ],
)
def test_updates_are_refused(query: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect(query, LIMITS)
    assert refused.value.reason == "update"


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service <http://x/service> "SERVICE" }',
        "PREFIX service: <http://x/> SELECT * { ?s service:insert ?o }",
        "SELECT * { ?s <http://example.org/SERVICE/delete> ?o } # SERVICE INSERT",
        "SELECT * { ?s ?p '''a SERVICE\n in a long string''' }",
        "SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
        "SELECT * { ?s ?p ?o FILTER(STR(?o) != 'DROP') }",
        "SELECT * { ?s ?p ?o FILTER(?o<3) }",
    ],
)
def test_keywords_inside_names_strings_and_comments_are_fine(query: str) -> None:
    assert inspect(query, LIMITS).form == "SELECT"


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX a: <http://x/> BASE <http://y/> select * {}", "SELECT"),
        ("ask {}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://x/a>", "DESCRIBE"),
        ("NOT A QUERY", None),
    ],
)
def test_the_query_form_is_found(query: str, form: str | None) -> None:
    assert inspect(query, LIMITS).form == form


def test_from_is_noticed() -> None:
    assert inspect("SELECT * FROM NAMED <http://x/g> {}", LIMITS).has_dataset_clause
    assert not inspect("SELECT * { ?s <http://x/from> ?o }", LIMITS).has_dataset_clause


def test_deep_nesting_is_refused_before_any_parser_sees_it() -> None:
    """5,000 nested parentheses overflow Oxigraph's parser; the guard stops them first."""
    query = "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with pytest.raises(QueryRefused) as refused:
        inspect(query, Limits(max_bytes=1_000_000, max_nesting=40))
    assert refused.value.reason == "nesting"
    inspect("SELECT * { FILTER(" + "(" * 30 + "1" + ")" * 30 + ") }", LIMITS)


def test_long_queries_are_refused() -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect("SELECT * {}" + " " * 10_000, LIMITS)
    assert refused.value.reason == "size"


_DISGUISES = st.sampled_from(
    ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERV\\u0049CE", "SERVICE SILENT"]
)
_SPACE = st.sampled_from([" ", "\n", "\t", " # note\n", "\n#\n "])


@given(keyword=_DISGUISES, before=_SPACE, after=_SPACE)
def test_the_guard_agrees_with_rdflibs_parser_on_service(
    keyword: str, before: str, after: str
) -> None:
    """Differential check: wherever rdflib's parser finds a SERVICE pattern, so does the guard."""
    query = f"SELECT * {{{before}{keyword}{after}<http://127.0.0.1:9/> {{ ?s ?p ?o }} }}"
    parsed = algebra.translateQuery(parser.parseQuery(query))
    assert "ServiceGraphPattern" in repr(parsed.algebra)
    with pytest.raises(QueryRefused):
        inspect(query, LIMITS)


@given(text=st.text(max_size=300))
def test_any_text_is_either_inspected_or_refused_never_crashes(text: str) -> None:
    try:
        inspect(text, LIMITS)
    except QueryRefused:
        pass


def test_tokens_skip_comments_and_keep_iris_whole() -> None:
    found = tokens("SELECT * { ?s <http://x/#a> 'b#c' } # tail")
    assert ("iri", "<http://x/#a>") in found
    assert ("string", "'b#c'") in found
    assert all(kind != "comment" for kind, _ in found)
