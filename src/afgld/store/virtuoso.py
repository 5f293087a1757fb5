"""Virtuoso 7.2 behind the remote store: its answers and its errors in the shapes the other
backends give (README, "Remote store", the table of differences).

* ``ASK`` comes as a one-column ``SELECT`` of ``?__ASK_RETVAL`` (1 for true, no row for false)
  in every result format: it is read as the boolean it is, and passed on as the W3C boolean.
* An error is a text, ``Virtuoso <SQLSTATE> Error <code>: <message>``, followed by the whole
  text Virtuoso compiled (``SPARQL query:``): afgld's prologue (the release's graphs as
  ``define input:…`` statements, the endpoint's ``PREFIX`` lines) and then the user's query.
  That dump is never passed on. A syntax error (``SP030``) names the token the compiler stopped
  at (``syntax error at 'LIMT' before '5'``), which is found again in the user's own text and
  given as the parser's ``error at L:C: detail``, which the web layer words the same for every
  backend (``afgld.web.query_errors``). Virtuoso's line numbers count afgld's prologue and a
  newline it appends to the text, so they only choose between equal tokens and tell the end of
  the text; its ``before '…'`` is at times a token of its own, so it only chooses too.
* An unknown function is a 500 (``SR185 Undefined procedure``): it is the user's mistake, a
  400 in the words the embedded engine uses. Its other 400s, and compiler errors (SQLSTATE
  37000) it answers with a 500, are 400s with Virtuoso's own sentence, without its prefix and
  dump. Its other 500s stay the engine's failure.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from afgld.store.guard import line_column, positions
from afgld.store.jobs import Answer

ASK_VARIABLE = "__ASK_RETVAL"
_ERROR = re.compile(r"Virtuoso (?P<state>\w{5}) Error (?P<code>\w+): ?(?P<text>.*)", re.DOTALL)
_DUMP = "\nSPARQL query:"
_COMPILER = re.compile(r"^(?:SPARQL compiler(?:, line (?P<line>\d+))?|Line \d+): ?")
_AT = re.compile(r"^(?P<what>[^']*?) at '(?P<token>.*?)'(?: before '(?P<next>.*)')?$", re.DOTALL)
_PROCEDURE = "Undefined procedure DB.DBA."
_COMPILE_ERROR = "37000"  # SQLSTATE: syntax error or access rule violation (a 500 at times)
_READ = 1 << 16  # of an error's body: its message, before the echo of the query


def ask_answer(data: dict[str, Any]) -> bool:
    """A page query's ASK answer in SPARQL JSON, W3C's or Virtuoso's."""
    if "boolean" in data:
        return bool(data["boolean"])
    rows: list[dict[str, dict[str, str]]] = data["results"]["bindings"]
    return bool(rows) and rows[0][ASK_VARIABLE]["value"] == "1"


def ask_as_boolean(body: bytes, format_name: str) -> bytes | None:
    """A Virtuoso ASK answer as the W3C boolean result in the same format, else None."""
    if ASK_VARIABLE.encode() not in body[:1000]:
        return None
    fmt = getattr(ox.QueryResultsFormat, format_name)
    solutions = ox.parse_query_results(body, format=fmt)
    if not isinstance(solutions, ox.QuerySolutions):
        return None
    if [v.value for v in solutions.variables] != [ASK_VARIABLE]:
        return None
    true = any(str(getattr(row[ASK_VARIABLE], "value", "")) == "1" for row in solutions)
    answer = ox.Store().query("ASK {}" if true else "ASK { FILTER(false) }")
    assert isinstance(answer, ox.QueryBoolean)
    written = answer.serialize(format=fmt)
    assert written is not None  # serialize() without an output returns the bytes
    return written


def mistake(status: int, body: bytes, query: str, prologue_lines: int) -> Answer | None:
    """What Virtuoso's error ``body`` says of the user's ``query`` (sent after
    ``prologue_lines`` lines of afgld's prologue); None for no Virtuoso error or one that is
    not the query's fault."""
    found = _ERROR.match(body[:_READ].decode("utf-8", "replace").strip())
    if found is None:
        return None
    code, text = found["code"], found["text"].split(_DUMP, 1)[0].strip()
    if code == "SR185" and text.startswith(_PROCEDURE):  # a function it does not know
        name = text.removeprefix(_PROCEDURE).removesuffix(".")
        return Answer("query", message=f"The custom function <{name}> is not supported")
    if code == "SR186":  # a text with no query form, taken for an update it may not run
        return Answer("syntax", message="the text holds no SELECT, CONSTRUCT, DESCRIBE or ASK")
    if status != 400 and found["state"] != _COMPILE_ERROR:
        return None
    compiler = _COMPILER.match(text)
    said = text[compiler.end() :] if compiler else text
    line = int(compiler["line"]) if compiler and compiler["line"] else 0
    if code == "SP030":
        located = _located(said, query, line - prologue_lines if line else None)
        if located is not None:
            return Answer("syntax", message=located)
    return Answer("syntax", message=said or f"Virtuoso's compiler refused it ({code})")


def _located(said: str, query: str, line: int | None) -> str | None:
    """``error at L:C: detail`` in the user's text, or None where the token is not found."""
    at = _AT.match(said)
    what = at["what"] if at else said
    past_the_end = line is not None and line > query.count("\n") + 1
    if at is None or (what == "syntax error" and past_the_end):
        if what != "syntax error":
            return None
        # at the end of the text (Virtuoso may still name a token read before it)
        return "error at {}:{}: syntax error".format(*line_column(query, len(query.rstrip())))
    token, following = at["token"], at["next"]
    lexed = positions(query)
    if what == "Undefined namespace prefix":
        detail = "Prefix not found"  # the embedded parser's words, which the web layer reads
        found = [(o, v) for k, v, o in lexed if k == "pname" and v.split(":", 1)[0] == token]
    elif what.endswith("quoted string"):  # the text from an opening quote that is not closed
        detail, quote, opening = "syntax error", '"' if "double" in what else "'", token.strip()
        found = [(o, v) for k, v, o in lexed if v == quote and query.startswith(opening, o)]
    else:
        detail = "syntax error"
        found = [(o, v) for _, v, o in lexed if v == token]
    if not found:
        return None
    best, _ = max(found, key=lambda c: _likelihood(query, c[0], c[1], following, line))
    return "error at {}:{}: {}".format(*line_column(query, best), detail)


def _likelihood(
    query: str, offset: int, token: str, following: str | None, line: int | None
) -> tuple[bool, bool, int]:
    """On the line Virtuoso names, followed by the token it names; the first of equals."""
    on_line = line is not None and line_column(query, offset)[0] == line
    rest = query[offset + len(token) :].lstrip()
    return on_line, following is not None and rest.startswith(following), -offset
