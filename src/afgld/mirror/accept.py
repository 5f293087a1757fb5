"""Content negotiation in plain nginx configuration: werkzeug's choice, as ``map`` cascades.

nginx-light has neither njs nor perl, so the mirror cannot run code per request; it can match
regular expressions (``map``, with captures and back-references). This module writes maps that
compute, from ``Accept``, the same offer as werkzeug's ``MIMEAccept.best_match``:

1. **Per offer, its quality.** werkzeug sorts the client's media ranges by specificity, and an
   offer takes the quality of the most specific range that matches it: ``type/subtype``
   exactly (with no parameter but ``q``), else ``type/*``, else ``*/*``. One map per range
   finds it in the header and captures its ``q`` (absent: 1); one map per offer picks the most
   specific range present; one map writes the pair as a fixed-width score: four digits of
   quality (``0.5`` → ``0500``) and one of specificity (2 exact, 1 ``type/*``, 0 ``*/*``).
2. **The best offer.** werkzeug keeps, in the server's order, an offer whose (quality,
   specificity) is strictly greater than the best so far, and none of quality 0. Comparing two
   fixed-width numbers is a regular expression: after a common prefix (a back-reference), the
   first digit that differs is greater. A chain of maps, one step per offer, folds the offers
   into the winner.

The rule is exact for headers of the grammar RFC 9110 §12.5.1 gives, each media range at most
once, without quoted strings, with no parameter but ``q`` on wildcards, and ``q`` values of at
most three decimals. Outside it (docs/decisions/20261206-negotiation-in-nginx.md) the mirror
still answers, a documented way. See that note for the measured limits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# RFC 9110 §12.4.2 qvalue, as werkzeug accepts it (it needs a digit after the point).
QVALUE = r"0(?:\.[0-9]{1,3})?|1(?:\.0{1,3})?"
OWS = r"[ \t]*"
NOT_BLANK = "~[^ \t]"  # a map never matches its regexes against an empty value
NONE = "x"  # the name of "no offer" in the fold
START_SCORE = "00009"  # below every quality > 0, above every quality 0


@dataclass(frozen=True)
class Offer:
    """A media type the server offers, and the short name the configuration uses for it."""

    name: str  # [a-z]+: a file suffix, "txt", "json"
    media_type: str


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def range_regex(media_range: str) -> str:
    """A media range as an item of the Accept list, with its ``q`` captured as ``$1``."""
    literal = re.escape(media_range.lower()).replace("/", "/")
    return f"~*(?:^|,){OWS}{literal}{OWS}(?:;{OWS}q=({QVALUE}){OWS})?(?:,|$)"


def quote(text: str) -> str:
    """A string for nginx's configuration, single-quoted (``\\'`` inside; no other escape is
    needed by the texts written here: regexes use ``[.]`` rather than a backslash)."""
    if "\n" in text or "\r" in text:
        raise ValueError(f"no line breaks in nginx strings: {text!r}")
    return "'" + text.replace("'", "\\'") + "'"


class Negotiation:
    """The maps deciding one negotiation (a list of offers in the server's order)."""

    def __init__(self, name: str, offers: Sequence[Offer], default: str, no_accept: str) -> None:
        if not offers or any(not re.fullmatch("[a-z]+", o.name) or o.name == NONE for o in offers):
            raise ValueError(f"offer names must be [a-z]+ and not {NONE!r}: {offers!r}")
        self.name = name
        self.offers = tuple(offers)
        self.default = default  # the answer when nothing fits ("" for 406)
        self.no_accept = no_accept  # the answer when the request has no Accept header

    @property
    def variable(self) -> str:
        return f"$afgld_{self.name}"

    def maps(self) -> list[str]:
        lines: list[str] = []
        for offer in self.offers:
            lines += self._score(offer)
        previous = f"{START_SCORE},{NONE}"
        for step, offer in enumerate(self.offers, 1):
            current = f"$afgld_{self.name}_b{step}"
            lines += _fold_step(previous, f"$afgld_s_{slug(offer.media_type)}", offer.name, current)
            previous = current
        lines += [
            f'map "$afgld_accept_given:{previous}" {self.variable} {{',
            f"    default {quote(self.default)};",
            f"    {quote('~^0:')} {quote(self.no_accept)};",
            f"    {quote(f'~^1:[0-9]+,{NONE}$')} {quote(self.default)};",
            f"    {quote('~^1:[0-9]+,([a-z]+)$')} $1;",
            "}",
        ]
        return lines

    def _score(self, offer: Offer) -> list[str]:
        kind = offer.media_type.split("/", 1)[0]
        exact = f"$afgld_r_{slug(offer.media_type)}"
        family = f"$afgld_r_{slug(kind)}_any"
        pick = f"$afgld_e_{slug(offer.media_type)}"
        return [
            f'map "{exact}|{family}|$afgld_r_any" {pick} {{',
            "    default '';",
            f"    {quote('~^q([^|]*)[|]')} '2:$1';",
            f"    {quote('~^[|]q([^|]*)[|]')} '1:$1';",
            f"    {quote('~^[|][|]q(.*)$')} '0:$1';",
            "}",
            f"map {pick} $afgld_s_{slug(offer.media_type)} {{",
            "    default '';",
            f"    {quote('~^([0-2]):(?:1(?:[.]0*)?)?$')} '1000$1';",
            f"    {quote('~^([0-2]):0(?:[.]0*)?$')} '0000$1';",
            f"    {quote('~^([0-2]):0[.]([0-9])$')} '0$200$1';",
            f"    {quote('~^([0-2]):0[.]([0-9])([0-9])$')} '0$2$30$1';",
            f"    {quote('~^([0-2]):0[.]([0-9])([0-9])([0-9])$')} '0$2$3$4$1';",
            "}",
        ]


def _fold_step(previous: str, score: str, name: str, result: str) -> list[str]:
    """``result`` is ``previous`` ("score,name") unless this offer's score is strictly greater."""
    lines = [f'map "{previous}:{score}" {result} {{', "    default '';"]
    lines.append(f"    {quote('~^([0-9]{5},[a-z]+):$')} $1;")  # the range is absent
    for digit in range(1, 10):
        # after a common prefix ($1), the best so far has a smaller digit than this offer
        lower = f"[0-{digit - 1}]"
        regex = f"~^([0-9]*){lower}[0-9]*,[a-z]+:((?:\\1){digit}[0-9]*)$"
        lines.append(f"    {quote(regex)} '$2,{name}';")
    lines.append(f"    {quote('~^([0-9]{5},[a-z]+):')} $1;")
    lines.append("}")
    return lines


def range_maps(negotiations: Sequence[Negotiation]) -> list[str]:
    """One map per media range any negotiation needs: ``$afgld_r_…`` is ``q<value>`` or ''."""
    ranges: dict[str, str] = {"*/*": "$afgld_r_any"}
    for negotiation in negotiations:
        for offer in negotiation.offers:
            kind = offer.media_type.split("/", 1)[0]
            ranges[offer.media_type] = f"$afgld_r_{slug(offer.media_type)}"
            ranges[f"{kind}/*"] = f"$afgld_r_{slug(kind)}_any"
    lines = [
        "map $http_accept $afgld_accept_given {",
        "    default 0;",
        f"    {quote(NOT_BLANK)} 1;",
        "}",
    ]
    for media_range, variable in ranges.items():
        lines += [
            f"map $http_accept {variable} {{",
            "    default '';",
            f"    {quote(range_regex(media_range))} 'q$1';",
            "}",
        ]
    return lines


def gzip_maps() -> list[str]:
    """``$afgld_gzip``: 1 when werkzeug's ``accept_encodings.quality("gzip") > 0`` would be:
    ``gzip`` with a quality above 0, else ``*`` with one."""
    positive = "(?:|1(?:[.]0*)?|0[.][0-9]*[1-9][0-9]*)"
    return [
        "map $http_accept_encoding $afgld_ae_gzip {",
        "    default '';",
        f"    {quote(range_regex('gzip'))} 'q$1';",
        "}",
        "map $http_accept_encoding $afgld_ae_any {",
        "    default '';",
        f"    {quote(range_regex('*'))} 'q$1';",
        "}",
        'map "$afgld_ae_gzip|$afgld_ae_any" $afgld_gzip {',
        "    default 0;",
        f"    {quote(f'~^q{positive}[|]')} 1;",
        f"    {quote('~^q')} 0;",
        f"    {quote(f'~^[|]q{positive}$')} 1;",
        "}",
    ]
