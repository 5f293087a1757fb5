"""Every quote is exact: text[start:end] == exact, with its prefix and suffix, in the seed
whose SHA-256 the source text node pins. Checked on the RDF, independently of the code that
wrote it."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph
from rdflib.namespace import PROV, RDF

from afgld.namespaces import OA, SPDX, Space


def check_quotes(union: Graph, space: Space, texts: Mapping[str, tuple[str, str]]) -> list[str]:
    """``texts`` maps seed file name → (text, sha256). Returns one line per problem."""
    afg = space.afg
    problems = []
    for quote in sorted(union.subjects(RDF.type, afg.Quote), key=str):
        article = union.value(quote, PROV.wasQuotedFrom)
        source = union.value(quote, OA.hasSource)
        seed_file = str(union.value(article, afg.seedFile)) if article is not None else None
        if seed_file is None or seed_file not in texts:
            problems.append(f"{quote}: quoted from an article with no stored seed ({seed_file})")
            continue
        text, sha = texts[seed_file]
        checksum = union.value(source, SPDX.checksum)
        pinned = union.value(checksum, SPDX.checksumValue)
        if str(pinned) != sha:
            problems.append(f"{quote}: {seed_file} has changed since its checksum was recorded")
            continue
        start = end = exact = None
        prefix = suffix = None
        for selector in union.objects(quote, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in union:
                start = int(str(union.value(selector, OA.start)))
                end = int(str(union.value(selector, OA.end)))
            if (selector, RDF.type, OA.TextQuoteSelector) in union:
                exact = str(union.value(selector, OA.exact))
                prefix = union.value(selector, OA.prefix)
                suffix = union.value(selector, OA.suffix)
        if start is None or exact is None:
            problems.append(f"{quote}: lacks a position or a quote selector")
            continue
        if text[start:end] != exact:
            problems.append(f"{quote}: {seed_file}[{start}:{end}] is not the quoted text")
        if prefix is not None and not text[:start].endswith(str(prefix)):
            problems.append(f"{quote}: prefix does not precede the quote in {seed_file}")
        if suffix is not None and not text[end:].startswith(str(suffix)):
            problems.append(f"{quote}: suffix does not follow the quote in {seed_file}")
    return problems
