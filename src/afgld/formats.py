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
SQLITE = "application/vnd.sqlite3"  # the search index, as IANA registers SQLite files

# SPARQL query results (SELECT / ASK), per the W3C result-format specifications.
SPARQL_RESULTS_JSON = "application/sparql-results+json"
SPARQL_RESULTS_XML = "application/sparql-results+xml"
SPARQL_RESULTS_CSV = "text/csv"
SPARQL_RESULTS_TSV = "text/tab-separated-values"


class ResultFormat(NamedTuple):
    """A serialisation of SPARQL results, with the name of Oxigraph's serialiser for it."""

    media_type: str
    oxigraph_name: str  # a QueryResultsFormat or RdfFormat attribute
    label: str
    sd_iri: str  # its IRI in http://www.w3.org/ns/formats/, for the service description


_W3_FORMATS = "http://www.w3.org/ns/formats/"

# SELECT and ASK: the four W3C result formats (ASK has no CSV/TSV form).
SOLUTION_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat(SPARQL_RESULTS_JSON, "JSON", "SPARQL JSON", _W3_FORMATS + "SPARQL_Results_JSON"),
    ResultFormat(SPARQL_RESULTS_XML, "XML", "SPARQL XML", _W3_FORMATS + "SPARQL_Results_XML"),
    ResultFormat(SPARQL_RESULTS_CSV, "CSV", "CSV", _W3_FORMATS + "SPARQL_Results_CSV"),
    ResultFormat(SPARQL_RESULTS_TSV, "TSV", "TSV", _W3_FORMATS + "SPARQL_Results_TSV"),
)
BOOLEAN_FORMATS: tuple[ResultFormat, ...] = SOLUTION_FORMATS[:2]

# CONSTRUCT and DESCRIBE: graphs.
GRAPH_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("text/turtle", "TURTLE", "Turtle", _W3_FORMATS + "Turtle"),
    ResultFormat("application/n-triples", "N_TRIPLES", "N-Triples", _W3_FORMATS + "N-Triples"),
    ResultFormat("application/ld+json", "JSON_LD", "JSON-LD", _W3_FORMATS + "JSON-LD"),
    ResultFormat("application/rdf+xml", "RDF_XML", "RDF/XML", _W3_FORMATS + "RDF_XML"),
)

# Generic media types clients send for the formats above; answered with the specific type.
RESULT_ALIASES: dict[str, str] = {
    JSON: SPARQL_RESULTS_JSON,
    "application/xml": SPARQL_RESULTS_XML,
    "text/xml": SPARQL_RESULTS_XML,
}
