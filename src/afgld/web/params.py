"""The parameters of a search, look-up or reconciliation request, read once and strictly.

Percent-decoded once and decoded as UTF-8 with the SPARQL request reader's
:func:`~afgld.web.sparql_request.parse_urlencoded` (werkzeug's own parsing would replace bytes
that are not UTF-8 and hide the error); a control character in a value (NUL, escape …) is
refused too: nobody types one, and no name or sentence of the data holds one. Both are a 400
that says which parameter. A POST form body is read the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask import Request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from afgld.web.sparql_request import FORM, parse_urlencoded

ALLOWED_CONTROLS = frozenset("\t\n\r")  # whitespace a pasted JSON batch may hold


class BadParameter(BadRequest):
    """A parameter is missing, repeated, not UTF-8, holds a control character, or is not of
    the kind asked for (400)."""


@dataclass(frozen=True)
class Params:
    pairs: tuple[tuple[str, str], ...]

    def __contains__(self, name: str) -> bool:
        return any(key == name for key, _ in self.pairs)

    def all(self, name: str) -> list[str]:
        """Every value of ``name``, in order; ``kind=a&kind=b`` and ``kind=a,b`` alike."""
        found = [value for key, value in self.pairs if key == name]
        return [part.strip() for value in found for part in value.split(",") if part.strip()]

    def one(self, name: str) -> str | None:
        """The value of ``name``, or None; 400 when it is given twice."""
        found = [value for key, value in self.pairs if key == name]
        if len(found) > 1:
            raise BadParameter(f"The parameter {name!r} is given {len(found)} times; give it once.")
        return found[0] if found else None

    def number(self, name: str, default: int, lowest: int = 0) -> int:
        """A whole number of at least ``lowest`` (``default`` when absent)."""
        text = self.one(name)
        if text is None or not text.strip():
            return default
        if not text.strip().isascii() or not text.strip().isdigit() or len(text) > 9:
            raise BadParameter(f"{name}={text!r} is not a whole number.")
        value = int(text)
        if value < lowest:
            raise BadParameter(f"{name} must be at least {lowest}, not {value}.")
        return value


def read(request: Request, *, form: bool = False) -> Params:
    """The query string's parameters, and with ``form`` those of a POST form body after them."""
    pairs = parse_urlencoded(request.query_string, "query string")
    if form and request.method == "POST":
        if request.mimetype != FORM:
            raise UnsupportedMediaType(
                f"POST the parameters as {FORM}, not {request.mimetype or 'no type'}."
            )
        pairs += parse_urlencoded(request.get_data(cache=False), "request body")
    for name, value in pairs:
        for text, what in ((name, "name"), (value, "value")):
            bad = next((c for c in text if control(c)), None)
            if bad is not None:
                raise BadParameter(
                    f"The {what} of the parameter {name[:40]!r} holds the control character "
                    f"U+{ord(bad):04X}; send text only."
                )
    return Params(tuple(pairs))


def control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS
