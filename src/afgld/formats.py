"""The one table of formats: RDF syntaxes (media type, rdflib plugin, Oxigraph writer, file
suffix), the lists' table syntaxes (CSV, JSON) and SPARQL result syntaxes.

Dumps, content negotiation, suffix URLs, ``<link rel="alternate">``, SPARQL answers, error
bodies and tests all iterate these tuples: a new format is one line here.
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

HTML = "text/html"
JSON = "application/json"
TEXT = "text/plain"
SQLITE = "application/vnd.sqlite3"  # the search index, as IANA registers SQLite files
GZIP = "application/gzip"
MARKDOWN = "text/markdown"

_W3_FORMATS = "http://www.w3.org/ns/formats/"


class RdfFormat(NamedTuple):
    media_type: str
    rdflib_name: str
    suffix: str
    label: str
    quads: bool  # True when the format carries named graphs
    oxigraph_name: str  # attribute of pyoxigraph.RdfFormat
    prefixed: bool  # the syntax declares prefixes (@prefix, xmlns)
    hash_comments: bool  # a line starting with '#' is a comment

    @property
    def oxigraph(self) -> ox.RdfFormat:
        format_: ox.RdfFormat = getattr(ox.RdfFormat, self.oxigraph_name)
        return format_

    @property
    def sd_iri(self) -> str:
        """Its IRI in http://www.w3.org/ns/formats/ (``RDF_XML`` for RDF/XML)."""
        return _W3_FORMATS + self.label.replace("/", "_")


# fmt: off
FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("text/turtle", "turtle", "ttl", "Turtle", False, "TURTLE", True, True),
    RdfFormat("application/ld+json", "json-ld", "jsonld", "JSON-LD", True, "JSON_LD", False, False),
    RdfFormat("application/rdf+xml", "xml", "rdf", "RDF/XML", False, "RDF_XML", True, False),
    RdfFormat("application/n-triples", "nt", "nt", "N-Triples", False, "N_TRIPLES", False, True),
    RdfFormat("application/trig", "trig", "trig", "TriG", True, "TRIG", True, True),
    RdfFormat("application/n-quads", "nquads", "nq", "N-Quads", True, "N_QUADS", False, True),
)
# fmt: on

BY_MEDIA_TYPE: dict[str, RdfFormat] = {f.media_type: f for f in FORMATS}
BY_SUFFIX: dict[str, RdfFormat] = {f.suffix: f for f in FORMATS}
TURTLE = BY_SUFFIX["ttl"]
NTRIPLES = BY_SUFFIX["nt"]
NQUADS = BY_SUFFIX["nq"]
JSONLD = BY_SUFFIX["jsonld"]


class TableFormat(NamedTuple):
    """A table of rows, for the lists (the index pages): one row a member, one column a field."""

    media_type: str
    suffix: str
    label: str


# CSV: RFC 4180 with a header row, UTF-8 (RFC 7111's media type; ``header=present`` per RFC
# 4180 §3). JSON: the same rows as objects, with the view's paging links.
CSV = "text/csv"
TABLE_FORMATS: tuple[TableFormat, ...] = (
    TableFormat(CSV, "csv", "CSV"),
    TableFormat(JSON, "json", "JSON"),
)
TABLE_BY_SUFFIX: dict[str, TableFormat] = {f.suffix: f for f in TABLE_FORMATS}
TABLE_BY_MEDIA_TYPE: dict[str, TableFormat] = {f.media_type: f for f in TABLE_FORMATS}
assert not set(TABLE_BY_SUFFIX) & set(BY_SUFFIX), "a suffix names one format"


def file_media_type(name: str) -> str:
    """The media type of a file of the build, from its suffix."""
    suffix = name.rsplit(".", 1)[-1]
    if suffix in BY_SUFFIX:
        return BY_SUFFIX[suffix].media_type
    return {"json": JSON, "sqlite": SQLITE, "gz": GZIP, "md": MARKDOWN}.get(suffix, TEXT)


# SPARQL query results (SELECT / ASK), per the W3C result-format specifications.
SPARQL_RESULTS_JSON = "application/sparql-results+json"
SPARQL_RESULTS_XML = "application/sparql-results+xml"
SPARQL_RESULTS_CSV = "text/csv"
SPARQL_RESULTS_TSV = "text/tab-separated-values"


class ResultFormat(NamedTuple):
    """A serialisation of a SPARQL answer, with the name of Oxigraph's serialiser for it (a
    ``QueryResultsFormat`` attribute for solutions and booleans, an ``RdfFormat`` one for
    graphs): the name, not the object, is what crosses the pipe to a query process."""

    media_type: str
    oxigraph_name: str
    label: str
    sd_iri: str  # its IRI in http://www.w3.org/ns/formats/, for the service description
    graph: bool = False  # CONSTRUCT and DESCRIBE answers


def results_writer(name: str) -> ox.QueryResultsFormat:
    """Oxigraph's writer of SPARQL results named ``name`` (``JSON``, ``XML``, ``CSV``, ``TSV``)."""
    format_: ox.QueryResultsFormat = getattr(ox.QueryResultsFormat, name)
    return format_


def rdf_writer(name: str) -> ox.RdfFormat:
    """Oxigraph's writer of RDF named ``name`` (``TURTLE``, ``N_TRIPLES`` …)."""
    format_: ox.RdfFormat = getattr(ox.RdfFormat, name)
    return format_


def is_results_name(name: str) -> bool:
    """True for the name of a SPARQL results writer, False for an RDF one."""
    return hasattr(ox.QueryResultsFormat, name)


def answer_media_type(name: str) -> str:
    """The media type of the answer Oxigraph's writer ``name`` produces."""
    writer = results_writer(name) if is_results_name(name) else rdf_writer(name)
    return str(writer.media_type)


# SELECT and ASK: the four W3C result formats (ASK has no CSV/TSV form).
SOLUTION_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat(SPARQL_RESULTS_JSON, "JSON", "SPARQL JSON", _W3_FORMATS + "SPARQL_Results_JSON"),
    ResultFormat(SPARQL_RESULTS_XML, "XML", "SPARQL XML", _W3_FORMATS + "SPARQL_Results_XML"),
    ResultFormat(SPARQL_RESULTS_CSV, "CSV", "CSV", _W3_FORMATS + "SPARQL_Results_CSV"),
    ResultFormat(SPARQL_RESULTS_TSV, "TSV", "TSV", _W3_FORMATS + "SPARQL_Results_TSV"),
)
BOOLEAN_FORMATS: tuple[ResultFormat, ...] = SOLUTION_FORMATS[:2]

# CONSTRUCT and DESCRIBE: graphs, in the triple formats of the RDF table.
GRAPH_FORMATS: tuple[ResultFormat, ...] = tuple(
    ResultFormat(f.media_type, f.oxigraph_name, f.label, f.sd_iri, graph=True)
    for f in (TURTLE, NTRIPLES, JSONLD, BY_SUFFIX["rdf"])
)

# Generic media types clients send for the formats above; answered with the specific type.
RESULT_ALIASES: dict[str, str] = {
    JSON: SPARQL_RESULTS_JSON,
    "application/xml": SPARQL_RESULTS_XML,
    "text/xml": SPARQL_RESULTS_XML,
}
