"""What an untrusted SPARQL query may ask, decided before any engine sees it.

A lexer for the SPARQL 1.1 grammar's terminals (https://www.w3.org/TR/sparql11-query/#grammar)
splits the text into comments, strings, IRIs, variables, prefixed names, punctuation and bare
words. Only a bare word can be a keyword, so ``SERVICE`` hidden in a comment, a string, an IRI or
a prefixed name is not one, and ``sErViCe`` still is. The lexer runs on the text as sent and again
with codepoint escapes (``\\u0053ERVICE``) expanded, as SPARQL 1.1 §19.2 allows engines to do
before parsing; a query is refused if either reading finds a forbidden keyword.

The one lexical ambiguity of the grammar is ``<``: an IRI's start, or "less than" after an operand
inside an expression. An IRI-looking token in that position that holds a ``)`` (the only way
out of an expression without whitespace, ``{`` or ``<``, none of which an IRI may contain) is
read both ways.

The checks bound what reaches the parser too: text size and bracket nesting, since Oxigraph's
recursive parser runs out of stack long before the text gets large (5,000 nested parentheses
overflow an 8 MiB stack). Query processes also run on a larger stack; see ``worker.py``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from afgld.errors import AfgldError

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH", "USING"}
)
PROLOGUE = frozenset({"BASE", "PREFIX"})
# Schemes under which some stores (Virtuoso) expose their own SQL procedures as functions:
# never part of SPARQL, and a way to reach the engine past the query language.
ENGINE_SCHEMES = ("bif:", "sql:")

_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_PN_PREFIX = r"[^\W\d_](?:[\w.\-\u00b7]*[\w\-\u00b7])?"
_PN_LOCAL_CHAR = r"(?:[\w:\-\u00b7]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_LOCAL = rf"(?:{_PN_LOCAL_CHAR}(?:(?:{_PN_LOCAL_CHAR}|\.)*{_PN_LOCAL_CHAR})?)"
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri>{_IRI})
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
  | (?P<bnode>_:[\w](?:[\w.\-\u00b7]*[\w\-\u00b7])?)
  | (?P<pname>(?:{_PN_PREFIX})?:{_PN_LOCAL}?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<punct>\^\^|&&|\|\||<=|>=|!=|[{{}}()\[\];,.*/|^!=<>+\-?])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPERAND_END = frozenset({"var", "string", "number", "langtag", "iri", "pname"})
_OPEN, _CLOSE = "({[", ")}]"


class QueryRefused(AfgldError):
    """The query asks for something this endpoint does not do; ``reason`` says which rule."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class Inspection:
    """What the lexer learnt: the query form (None if it has none) and a dataset clause."""

    form: str | None
    has_dataset_clause: bool


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_nesting: int


def expand_escapes(text: str) -> str:
    """Codepoint escapes replaced by their characters (SPARQL 1.1 §19.2)."""

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ESCAPE.sub(char, text)


def tokens(text: str, *, split_ambiguous: bool = False) -> list[tuple[str, str]]:
    """(kind, text) pairs, whitespace and comments dropped.

    With ``split_ambiguous``, an IRI-looking token after an operand inside parentheses that
    contains ``)`` is read as the operator ``<`` followed by the rest.
    """
    found: list[tuple[str, str]] = []
    brackets: list[str] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match is not None  # the last alternative matches any character
        kind, value = match.lastgroup or "other", match.group()
        if (
            kind == "iri"
            and split_ambiguous
            and ")" in value
            and brackets[-1:] == ["("]
            and found
            and (found[-1][0] in _OPERAND_END or found[-1][1] in (")", "]"))
        ):
            kind, value = "punct", "<"
        position += len(value)
        if kind in ("space", "comment"):
            continue
        if kind == "punct" and value in _OPEN:
            brackets.append(value)
        elif kind == "punct" and value in _CLOSE and brackets:
            brackets.pop()
        found.append((kind, value))
    return found


def positions(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) of every token but whitespace and comments: where each one is, for
    messages that point at a word of the query."""
    found: list[tuple[str, str, int]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match is not None  # the last alternative matches any character
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            found.append((kind, match.group(), position))
        position = match.end()
    return found


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``, as parsers count them."""
    head = text[:offset]
    return head.count("\n") + 1, offset - (head.rfind("\n") + 1) + 1


def _check_nesting(found: list[tuple[str, str]], limits: Limits) -> None:
    depth = deepest = 0
    for kind, value in found:
        if kind == "punct" and value in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "punct" and value in _CLOSE:
            depth -= 1
    if deepest > limits.max_nesting:
        raise QueryRefused(
            "nesting",
            f"The query nests brackets {deepest} deep; this endpoint accepts at most "
            f"{limits.max_nesting} (MAX_QUERY_NESTING).",
        )


def _check_keywords(found: list[tuple[str, str]]) -> None:
    words = {value.upper() for kind, value in found if kind == "word"}
    if "SERVICE" in words:
        raise QueryRefused(
            "service",
            "SERVICE (federated query) is not offered: this endpoint never sends requests to "
            "other services on a user's behalf. Query each endpoint yourself.",
        )
    if update := sorted(words & UPDATE_KEYWORDS):
        raise QueryRefused(
            "update",
            f"This endpoint is read-only: SPARQL Update ({', '.join(update)}) is not accepted. "
            "Download the dumps to change the data locally.",
        )


def _check_engine_functions(found: list[tuple[str, str]]) -> None:
    """Refuse ``<bif:…>``, ``<sql:…>`` (a ``BASE`` or ``PREFIX`` to them included) and the
    prefixed names ``bif:…``, ``sql:…`` that the query does not declare itself."""
    declared = {
        value.removesuffix(":")
        for (kind, word), (next_kind, value) in zip(found, found[1:], strict=False)
        if kind == "word" and word.upper() == "PREFIX" and next_kind == "pname"
    }
    for kind, value in found:
        if kind == "iri":
            used = value[1:].lstrip().lower()
        elif kind == "pname" and value.split(":", 1)[0] not in declared:
            used = value.lower()
        else:
            continue
        if used.startswith(ENGINE_SCHEMES):
            raise QueryRefused(
                "engine",
                f"{value} is in a namespace of the store engine's own SQL procedures (bif:, sql:), "
                "not of SPARQL functions: this endpoint offers SPARQL 1.1's functions only.",
            )


def _form(found: list[tuple[str, str]]) -> str | None:
    for kind, value in found:
        if kind != "word" or value.upper() in PROLOGUE:
            continue
        upper = value.upper()
        return upper if upper in QUERY_FORMS else None
    return None


@functools.lru_cache(maxsize=1024)
def inspect(text: str, limits: Limits) -> Inspection:
    """Refuse (QueryRefused) or describe the query; never evaluates anything.

    Cached by text: pages and editors send the same queries again and again.
    """
    size = len(text.encode("utf-8"))
    if size > limits.max_bytes:
        raise QueryRefused(
            "size",
            f"The query is {size} bytes long; this endpoint accepts at most "
            f"{limits.max_bytes} (MAX_QUERY_BYTES).",
        )
    readings = [tokens(text)]
    expanded = expand_escapes(text)
    if expanded != text:
        readings.append(tokens(expanded))
    for found in list(readings):  # the second reading of '<' matters only for IRIs with ')'
        if any(kind == "iri" and ")" in value for kind, value in found):
            readings.append(
                tokens(text if found is readings[0] else expanded, split_ambiguous=True)
            )
    for found in readings:
        _check_nesting(found, limits)
        _check_keywords(found)
        _check_engine_functions(found)
    found = readings[0]
    words = {value.upper() for kind, value in found if kind == "word"}
    return Inspection(form=_form(found), has_dataset_clause="FROM" in words)
