"""A user's query as the store runs it, and the store's answer: what both store backends take
and give. How a job crosses the pipe to a query process, and the rules an answer is judged by,
are in ``afgld.store.worker``, which the query processes run with nothing else of afgld."""

from __future__ import annotations

from typing import NamedTuple


class Job(NamedTuple):
    """A query to run (a tuple: made for every request, and sent as it is to a query process,
    which reads it back as ``afgld.store.worker.Task``)."""

    query: str
    format_name: str  # attribute of ox.QueryResultsFormat (SELECT, ASK) or ox.RdfFormat
    default_graphs: tuple[str, ...] | None  # None: not given in the request
    named_graphs: tuple[str, ...] | None
    query_has_dataset: bool  # FROM / FROM NAMED in the text
    max_rows: int
    max_bytes: int


class Answer(NamedTuple):
    """``status`` is ``ok``, ``syntax`` (the parser's message), ``query`` (the engine refused
    to evaluate it: an unknown function …), ``rows``, ``bytes`` or ``error`` (ours)."""

    status: str
    body: bytes = b""
    message: str = ""
    kind: str = ""  # solutions, boolean or triples
