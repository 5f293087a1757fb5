"""What went wrong in a user's query, said for a person: line, column and a short reason.

Oxigraph's parser reports where it stopped and every token it could have read there, character
classes included (``expected one of ".", ":", ['-' | '0' ..= '9' …``). That list is the
grammar's, not the user's: this module reads it together with the query's own tokens (the
guard's lexer) and says which word is wrong (a misspelt keyword, with the keyword meant), which
prefix is undeclared, what the engine checked (a duplicated or unbound variable), or that the
query ends too early. The parser's readable expectations follow, shortened, at the end.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from afgld.store.guard import line_column, positions

# SPARQL 1.1 keywords and built-in function names (SPARQL 1.1 Query §19.8, the grammar).
KEYWORDS = frozenset(
    """BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK FROM NAMED WHERE ORDER BY ASC DESC LIMIT OFFSET
    DISTINCT REDUCED OPTIONAL GRAPH UNION MINUS FILTER BIND AS VALUES UNDEF GROUP HAVING EXISTS
    NOT IN SERVICE SILENT A TRUE FALSE STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND
    ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS
    STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5
    SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL
    ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR""".split()
)
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_PHRASE = re.compile(r"(?:^|, )([A-Z][a-z]+(?: [\w]+)+)(?=,|$)")
SHOWN = 8
Token = tuple[str, str, int]  # kind, text, offset


def explain(message: str, query: str, prefixes: Mapping[str, str]) -> str:
    """A short account of the parser's ``message`` about ``query``; ``prefixes`` are those the
    endpoint declares itself. Messages not in the parser's form are returned as they are."""
    found = _POSITION.match(message.strip())
    if found is None:
        return message.strip()
    line, column, detail = int(found[1]), int(found[2]), found[3]
    offset = _offset(query, line, column)
    tokens = positions(query)
    reason = (
        _undeclared_prefix(detail, query, tokens, prefixes)
        or _checked(detail, line, column)
        or _unclosed_string(query, tokens, offset)
        or _unknown_word(query, tokens, offset)
        or _too_early(query, tokens, offset, line, column)
        or f"line {line}, column {column}: the query cannot be read from here{_near(query, offset)}"
    )
    expected = _expected(detail)
    return f"{reason} (the parser expected {expected}.)" if expected else reason


def _offset(query: str, line: int, column: int) -> int:
    lines = query.split("\n")
    before = sum(len(text) + 1 for text in lines[: line - 1])
    return min(len(query), before + max(column - 1, 0))


def _undeclared_prefix(
    detail: str, query: str, tokens: list[Token], prefixes: Mapping[str, str]
) -> str | None:
    if "Prefix not found" not in detail:
        return None
    declared = set(prefixes)
    for index, (kind, value, _) in enumerate(tokens):
        if kind == "word" and value.upper() == "PREFIX" and index + 1 < len(tokens):
            declared.add(tokens[index + 1][1].split(":", 1)[0])
    for kind, value, offset in tokens:
        prefix = value.split(":", 1)[0]
        if kind == "pname" and prefix not in declared:
            line, column = line_column(query, offset)
            known = ", ".join(f"{p}:" for p in sorted(prefixes)[:6])
            return (
                f"line {line}, column {column}: the prefix {prefix}: is not declared; declare it "
                f"(PREFIX {prefix}: <…>) or use one this endpoint knows ({known} …)"
            )
    return None


def _checked(detail: str, line: int, column: int) -> str | None:
    """A check the parser makes beyond the grammar (its message is a sentence)."""
    phrases = [p for p in _PHRASE.findall(detail.replace("expected one of ", "")) if " " in p]
    if not phrases:
        return None
    return f"line {line}, column {column}: {phrases[0]}"


def _unclosed_string(query: str, tokens: list[Token], offset: int) -> str | None:
    """A quote before the error that opens no complete string (the lexer reads it alone); of
    an unclosed long string ('''…), the lexer reads the first two quotes as an empty string."""
    for index, (kind, value, start) in enumerate(tokens):
        if start > offset:
            break
        if kind == "other" and value in "\"'":
            if index and tokens[index - 1][1:] == (value * 2, start - 2):
                start -= 2
            line, column = line_column(query, start)
            return f"line {line}, column {column}: the string that starts here is not closed"
    return None


def _unknown_word(query: str, tokens: list[Token], offset: int) -> str | None:
    """The first bare word at or before the error that is no SPARQL keyword."""
    for kind, value, start in tokens:
        if start > offset:
            break
        if kind == "word" and value.upper() not in KEYWORDS:
            line, column = line_column(query, start)
            close = difflib.get_close_matches(value.upper(), KEYWORDS, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            return f"line {line}, column {column}: {value!r} is not a SPARQL keyword{hint}"
    return None


def _too_early(query: str, tokens: list[Token], offset: int, line: int, column: int) -> str | None:
    """At the end of the text: a bracket left open, or simply an unfinished query."""
    if query[offset:].strip():
        return None
    opened: list[tuple[str, int]] = []
    for kind, value, start in tokens:
        if kind == "punct" and value in "({[":
            opened.append((value, start))
        elif kind == "punct" and value in ")}]" and opened:
            opened.pop()
    if opened:
        bracket, start = opened[-1]
        where = "line {}, column {}".format(*line_column(query, start))
        return f"line {line}, column {column}: the {bracket!r} opened at {where} is not closed"
    return f"line {line}, column {column}: the query ends before it is complete"


def _near(query: str, offset: int) -> str:
    snippet = " ".join(query[offset : offset + 30].split())
    return f", near {snippet!r}" if snippet else ""


def _expected(detail: str) -> str:
    """The tokens the parser could have read, quoted or keywords, without character classes."""
    detail = re.sub(
        r"\[[^\]]*\]", "", detail.replace("expected one of ", "").replace("expected ", "")
    )
    tokens = [f'"{t}"' for t in _QUOTED.findall(detail)]
    tokens += [w for w in re.findall(r"(?:^|, )([A-Z_]{2,})(?=,|$)", detail) if w in KEYWORDS]
    if not tokens:
        return ""
    shown = ", ".join(tokens[:SHOWN])
    return f"one of {shown}, …" if len(tokens) > SHOWN else f"one of {shown}"
