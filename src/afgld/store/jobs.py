"""What crosses the pipe between a web worker and a query process, and the rules both store
backends apply to an answer. Imported by the query processes: nothing heavy here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    query: str
    format_name: str  # attribute of ox.QueryResultsFormat (SELECT, ASK) or ox.RdfFormat
    default_graphs: tuple[str, ...] | None  # None: not given in the request
    named_graphs: tuple[str, ...] | None
    query_has_dataset: bool  # FROM / FROM NAMED in the text
    max_rows: int
    max_bytes: int


def job_to_wire(job: Job) -> tuple[object, ...]:
    """The job as a plain tuple: pickled and unpickled several times faster than a dataclass.
    Answers cross the pipe the same way, as (status, body, message, kind)."""
    return (
        job.query,
        job.format_name,
        job.default_graphs,
        job.named_graphs,
        job.query_has_dataset,
        job.max_rows,
        job.max_bytes,
    )


# What the engine says when the query, not the engine, is at fault at evaluation time (the
# parser's own errors are SyntaxError): the user gets a 400 with the message, not a 500.
QUERY_MISTAKES = re.compile(r"The custom function <[^>]*> is not supported")


def is_query_mistake(message: str) -> bool:
    return QUERY_MISTAKES.search(message) is not None


@dataclass(frozen=True)
class Answer:
    """``status`` is ``ok``, ``syntax`` (the parser's message), ``query`` (the engine refused
    to evaluate it: an unknown function …), ``rows``, ``bytes`` or ``error`` (ours)."""

    status: str
    body: bytes = b""
    message: str = ""
    kind: str = ""  # solutions, boolean or triples


def count_solutions(body: bytes, format_name: str) -> int:
    """Rows in a serialised SELECT result, counted exactly without parsing it."""
    if format_name == "TSV":  # one line per row after the header; newlines are escaped
        return body.count(b"\n") - 1
    if format_name == "XML":  # '<' is escaped inside values
        return body.count(b"<result>")
    if format_name == "CSV":  # line breaks outside quoted fields; quotes inside are doubled
        return sum(part.count(b"\n") for part in body.split(b'"')[::2]) - 1
    return len(json.loads(body)["results"]["bindings"])
