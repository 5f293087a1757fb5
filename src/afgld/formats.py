"""The one table of RDF formats: media type, rdflib plugin name, file suffix.

Dumps, content negotiation, suffix URLs, ``<link rel="alternate">`` and tests all iterate it.
"""

from __future__ import annotations

from typing import NamedTuple


class RdfFormat(NamedTuple):
    media_type: str
    rdflib_name: str
    suffix: str
    label: str
    quads: bool  # True when the format carries named graphs


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("text/turtle", "turtle", "ttl", "Turtle", False),
    RdfFormat("application/ld+json", "json-ld", "jsonld", "JSON-LD", True),
    RdfFormat("application/rdf+xml", "xml", "rdf", "RDF/XML", False),
    RdfFormat("application/n-triples", "nt", "nt", "N-Triples", False),
    RdfFormat("application/trig", "trig", "trig", "TriG", True),
    RdfFormat("application/n-quads", "nquads", "nq", "N-Quads", True),
)

BY_MEDIA_TYPE: dict[str, RdfFormat] = {f.media_type: f for f in FORMATS}
BY_SUFFIX: dict[str, RdfFormat] = {f.suffix: f for f in FORMATS}
TRIPLE_FORMATS: tuple[RdfFormat, ...] = tuple(
    f for f in FORMATS if not f.quads or f.suffix == "jsonld"
)

HTML = "text/html"
JSON = "application/json"
TEXT = "text/plain"

# SPARQL query results (SELECT / ASK), per the W3C result-format specifications.
SPARQL_RESULTS_JSON = "application/sparql-results+json"
SPARQL_RESULTS_XML = "application/sparql-results+xml"
SPARQL_RESULTS_CSV = "text/csv"
SPARQL_RESULTS_TSV = "text/tab-separated-values"
