"""The remote store: the same pages and endpoint over an external SPARQL 1.1 query endpoint.

For deployments whose data outgrows one machine: ``SPARQL_BACKEND`` names the endpoint (for
example ``oxigraph serve-read-only --union-default-graph``), which the operator has loaded with
the build's ``afgld.nq``. The app still reads the build folder for its manifest, VoID, dumps
and article texts; at start-up it checks that the endpoint holds that same release (every
named graph with the triple count the manifest records) and how to get the union of the named
graphs as the default graph, and refuses to start otherwise:

* an endpoint whose default graph already is that union, and which still honours ``FROM``;
* or Oxigraph's server started *without* ``--union-default-graph`` (which would make it ignore
  ``FROM``): afgld then adds Oxigraph's ``union-default-graph`` parameter to each query that
  names no dataset of its own (no ``FROM``, no ``default-graph-uri``, no ``named-graph-uri``).

* Page queries (trusted files) bind their terms with a ``VALUES`` block that opens the WHERE
  group (SPARQL 1.1 §10.2), each value written by Oxigraph's N-Triples serialiser after
  Oxigraph has checked it: an IRI with ``>`` or a space in it is refused, never spliced.
* User queries keep every check the embedded mode has (the guard runs first, in the web app),
  then go to the endpoint with the time left, and come back within ``MAX_RESULT_BYTES`` and
  ``MAX_RESULT_ROWS``. The endpoint is a configured, trusted backend, never one a user names.

SPARQL 1.1 Protocol: https://www.w3.org/TR/sparql11-protocol/#query-operation
"""

from __future__ import annotations

import asyncio
import functools
import http.client
import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from afgld.config import Settings
from afgld.errors import BuildError, ConfigError
from afgld.formats import answer_media_type, is_results_name, rdf_writer
from afgld.namespaces import Space
from afgld.rdfterms import to_oxigraph, to_rdflib
from afgld.store import Bindings, Health, PoolBusy, QueryTimedOut, Row, WorkerCrashed
from afgld.store.jobs import Answer, Job
from afgld.store.manifest import Manifest
from afgld.store.virtuoso import ask_answer, ask_as_boolean, mistake
from afgld.store.worker import count_solutions, is_query_mistake

SPARQL_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded"
PAGE_TIMEOUT_S = 30.0
UNION_PARAMETER = ("union-default-graph", "")  # Oxigraph server's per-query union switch
NO_SUCH_GRAPH = "urn:afgld:no-such-graph"
_POSITION = re.compile(r"^error at (\d+):(\d+)")


class RemoteError(Exception):
    """The endpoint could not be reached or answered with an error."""

    def __init__(self, message: str, status: int = 0, body: bytes = b"") -> None:
        self.status, self.body = status, body
        super().__init__(message)


class _TooLarge(Exception):
    pass


def values_clause(bindings: Bindings) -> str:
    """``VALUES (?a ?b) { (<…> "…") }``: each term checked and written by Oxigraph."""
    names, terms = [], []
    for name, value in sorted(bindings.items()):
        ox.Variable(name)  # raises ValueError unless a valid variable name
        try:
            term = to_oxigraph(value)
        except (TypeError, ValueError) as error:
            raise ValueError(f"cannot bind ?{name} to {value!r}: {error}") from None
        if isinstance(term, ox.BlankNode):
            raise ValueError(f"cannot bind ?{name} to a blank node over the SPARQL protocol")
        names.append(f"?{name}")
        terms.append(str(term))
    return f"\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"


# The VALUES block opens the WHERE group (inline data, SPARQL 1.1 §18.2.4.3) rather than
# trailing the query: Virtuoso 7.2 drops a trailing VALUES under BIND and UNION (measured:
# page-describe answered the whole store, 32,208 rows, in 24 s). Page queries have one WHERE
# and bind nothing into an aggregate, so both places join the same.
WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind(query: str, bindings: Bindings | None) -> str:
    if not bindings:
        return query
    where = WHERE_OPEN.search(query)
    if where is None:
        return query + values_clause(bindings)
    return query[: where.end()] + values_clause(bindings) + query[where.end() :]


@dataclass
class Endpoint:
    """A SPARQL 1.1 query endpoint reached by HTTP POST, one kept-alive connection a thread."""

    url: str
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _opened: list[http.client.HTTPConnection] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                f"SPARQL_BACKEND={self.url!r} is neither 'embedded' nor an http(s) URL of a "
                "SPARQL 1.1 query endpoint"
            )
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            kind = (
                http.client.HTTPSConnection
                if self.scheme == "https"
                else http.client.HTTPConnection
            )
            connection = self._local.connection = kind(self.host, self.port, timeout=timeout)
            with self._lock:
                self._opened.append(connection)
        connection.timeout = timeout
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        return connection

    def _drop(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            with self._lock:
                self._opened.remove(connection)
        self._local.connection = None

    def close(self) -> None:
        """Close every thread's connection (each reconnects on its next query)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for connection in opened:
            connection.close()

    def post(
        self,
        query: str,
        accept: str,
        *,
        timeout: float,
        max_bytes: int,
        params: list[tuple[str, str]] | None = None,
    ) -> tuple[int, str, bytes]:
        """(status, content type, body); _TooLarge past ``max_bytes``; TimeoutError; RemoteError."""
        body = urllib.parse.urlencode([("query", query), *(params or [])]).encode("utf-8")
        headers = {"Accept": accept, "Content-Type": FORM}
        for attempt in (1, 2):  # a kept-alive connection the endpoint closed is retried once
            connection = self._connection(timeout)
            try:
                connection.request("POST", self.path, body=body, headers=headers)
                response = connection.getresponse()
                data = _read_capped(response, max_bytes, time.monotonic() + timeout)
                return response.status, response.getheader("Content-Type", ""), data
            except TimeoutError:
                self._drop()
                raise
            except _TooLarge:
                self._drop()
                raise
            except (http.client.HTTPException, OSError) as error:
                self._drop()
                if attempt == 2 or isinstance(error, ConnectionRefusedError):
                    raise RemoteError(f"{self.url} could not be reached: {error}") from None
        raise AssertionError("unreachable")


def _read_capped(response: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    """The whole body, unless it passes ``max_bytes`` or arrives after ``deadline``."""
    parts, size = [], 0
    while chunk := response.read1(65536):
        if time.monotonic() > deadline:
            raise TimeoutError("the answer was still arriving at the deadline")
        size += len(chunk)
        if size > max_bytes:
            raise _TooLarge
        parts.append(chunk)
    return b"".join(parts)


def _bare(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def _written(data: bytes | None) -> bytes:
    assert data is not None  # serialize() without an output returns the bytes
    return data


def _term(value: dict[str, str]) -> Identifier:
    kind = value["type"]
    if kind == "uri":
        return to_rdflib(ox.NamedNode(value["value"]))
    if kind == "bnode":
        return to_rdflib(ox.BlankNode(value["value"]))
    if "xml:lang" in value:
        return to_rdflib(ox.Literal(value["value"], language=value["xml:lang"]))
    if "datatype" in value:
        return to_rdflib(ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"])))
    return to_rdflib(ox.Literal(value["value"]))


class RemoteStore:
    """The :class:`afgld.store.Store` over an external endpoint: page queries, and user queries
    with the same limits as the query processes of the embedded store. At most ``size`` user
    queries are in flight from one server process; a request waits up to ``wait_s`` for a
    place, then gets a 503."""

    backend = "remote"

    def __init__(
        self,
        manifest: Manifest,
        endpoint: Endpoint,
        *,
        prefixes: dict[str, str],
        size: int,
        wait_s: float,
    ) -> None:
        self.manifest = manifest
        self.endpoint = endpoint
        self.prefixes = prefixes
        self.size = size
        self.wait_s = wait_s
        self.union: list[tuple[str, str]] = [UNION_PARAMETER]  # until check_release decides
        self._places = threading.BoundedSemaphore(size)

    @classmethod
    def open(cls, manifest: Manifest, url: str, settings: Settings) -> RemoteStore:
        """Over a verified manifest; BuildError unless the endpoint holds that release."""
        store = cls(
            manifest,
            Endpoint(url),
            prefixes=Space(manifest.base_iri).prefixes(),
            size=settings.query_workers,
            wait_s=settings.query_wait_s,
        )
        try:
            store.check_release()
        except BuildError:
            store.close()
            raise
        return store

    def _post(self, query: str, accept: str, params: list[tuple[str, str]] | None = None) -> bytes:
        try:
            status, _, body = self.endpoint.post(
                query,
                accept,
                timeout=PAGE_TIMEOUT_S,
                max_bytes=1 << 30,
                params=self.union if params is None else params,
            )
        except (TimeoutError, _TooLarge) as error:
            raise RemoteError(
                f"{self.endpoint.url} did not answer a page query: {error!r}"
            ) from None
        if status != 200:
            raise RemoteError(
                f"{self.endpoint.url} answered a page query with {status}: {body[:300]!r}",
                status,
                body,
            )
        return body

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        data = json.loads(self._post(bind(query, bindings), SPARQL_JSON))
        return [
            {name: _term(value) for name, value in binding.items()}
            for binding in data["results"]["bindings"]
        ]

    def ask(
        self,
        query: str,
        bindings: Bindings | None = None,
        params: list[tuple[str, str]] | None = None,
    ) -> bool:
        body = self._post(bind(query, bindings), SPARQL_JSON, params)
        return ask_answer(json.loads(body))

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        body = self._post(bind(query, bindings), NTRIPLES)
        graph = Graph()
        for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )
        return graph

    def check_release(self) -> None:
        """Refuse an endpoint that does not hold this build's graphs, or no union default graph."""
        where = f"the SPARQL endpoint {self.endpoint.url} (SPARQL_BACKEND)"
        try:
            counts = {
                str(row["g"]): int(row["n"])
                for row in self.select(
                    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
                )
            }
        except (RemoteError, ValueError, KeyError) as error:
            raise BuildError(f"{where} cannot be queried: {error}") from None
        expected = {str(g): int(n) for g, n in self.manifest.data.get("graphs", {}).items()}
        missing = sorted(set(expected) - set(counts))
        differ = sorted(g for g in expected if g in counts and counts[g] != expected[g])
        if missing or differ:
            raise BuildError(
                f"{where} does not hold release {self.manifest.release} of "
                f"{self.manifest.directory}: graphs missing {missing[:3]}, "
                f"with other triple counts {differ[:3]}. Load that build's afgld.nq into it."
            )
        try:
            self.union = self._union_parameters(
                where, sorted(expected), set(counts) - set(expected)
            )
        except (RemoteError, ValueError, KeyError) as error:
            raise BuildError(f"{where} cannot be queried: {error}") from None

    def _union_parameters(
        self, where: str, graphs: list[str], others: set[str]
    ) -> list[tuple[str, str]]:
        """What to send so that a query naming no dataset sees the union of the named graphs."""
        if others:
            # Graphs besides the release's (Virtuoso keeps its own, virtrdf# and ldp#, and
            # makes every graph part of its default graph): name the release's graphs as the
            # dataset of each query (SPARQL 1.1 Protocol, 2.1.4), default and named alike.
            dataset = [("default-graph-uri", g) for g in graphs]
            dataset += [("named-graph-uri", g) for g in graphs]
            if self.ask("ASK { ?s ?p ?o }", params=dataset):
                return dataset
            raise BuildError(f"{where} holds other graphs and ignores default-graph-uri.")
        if self.ask("ASK { ?s ?p ?o }", params=[]):
            if self.ask(f"ASK FROM <{NO_SUCH_GRAPH}> {{ ?s ?p ?o }}", params=[]):
                raise BuildError(
                    f"{where} ignores FROM (Oxigraph started with --union-default-graph does): "
                    "start it without that option; afgld asks for the union query by query."
                )
            return []
        if self.ask("ASK { ?s ?p ?o }", params=[UNION_PARAMETER]):
            return [UNION_PARAMETER]
        raise BuildError(
            f"{where} answers no triple in its default graph: configure its default graph as "
            "the union of the named graphs, or use Oxigraph's server (which takes a per-query "
            "union-default-graph parameter)."
        )

    # -- user queries ------------------------------------------------------------------------
    def start(self) -> None:
        pass

    def wait_until_ready(self, timeout_s: float = 30.0) -> None:
        pass

    def health(self) -> Health:
        try:
            self.ask("ASK { }")
        except (RemoteError, OSError, ValueError, KeyError):  # any failure is the answer
            return Health(False, {"sparql_backend": "unreachable"})
        return Health(True, {"sparql_backend": "ok"})

    def _prologue(self, query: str) -> str:
        """The endpoint's known prefixes, declared before the query's own (which override)."""
        return self._header + query

    @functools.cached_property
    def _header(self) -> str:
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes.items()))

    def _own_position(self, message: str) -> str:
        """The endpoint's ``error at L:C`` counted in the user's text, not in the prologue's."""
        lines = self._header.count("\n")
        return _POSITION.sub(lambda m: f"error at {max(int(m[1]) - lines, 1)}:{m[2]}", message, 1)

    def run(self, job: Job, timeout_s: float) -> Answer:
        if not self._places.acquire(timeout=self.wait_s):
            raise PoolBusy(
                f"All {self.size} places for queries stayed busy for {self.wait_s:g} s "
                "(QUERY_WORKERS, QUERY_WAIT_S). Try again shortly."
            )
        try:
            return self._run(job, timeout_s)
        finally:
            self._places.release()

    async def run_async(self, job: Job, timeout_s: float) -> Answer:
        """:meth:`run` on a thread of the loop's executor: the endpoint does the work, and
        stops it at its own timeout (afgld stops waiting at ``timeout_s``)."""
        return await asyncio.to_thread(self.run, job, timeout_s)

    def _run(self, job: Job, timeout_s: float) -> Answer:
        params = [("default-graph-uri", g) for g in job.default_graphs or ()]
        params += [("named-graph-uri", g) for g in job.named_graphs or ()]
        if not params and not job.query_has_dataset:
            params = list(self.union)
        # TSV is asked as JSON and written by Oxigraph: Virtuoso's TSV quotes variable names
        # and IRIs as strings, which is not the W3C format.
        asked = answer_media_type(job.format_name) if job.format_name != "TSV" else SPARQL_JSON
        try:
            status, content_type, body = self.endpoint.post(
                self._prologue(job.query),
                asked,
                timeout=timeout_s,
                max_bytes=job.max_bytes,
                params=params,
            )
        except TimeoutError:
            raise QueryTimedOut(timeout_s) from None
        except _TooLarge:
            return Answer("bytes")
        except RemoteError as error:
            raise WorkerCrashed(f"The query store did not answer: {error}") from None
        if status != 200:
            # Virtuoso's errors, in the words and positions of the other backends
            said = mistake(status, body, job.query, self._header.count("\n"))
            if said is not None:
                return said
            text = body[:2000].decode("utf-8", "replace").strip()
            if status == 400:
                return Answer("syntax", message=self._own_position(text))
            if is_query_mistake(text):  # Oxigraph's server answers these with a 500
                return Answer("query", message=text)
            return Answer("error", message=f"the query store answered {status}")
        if _bare(content_type) != _bare(asked):  # Virtuoso answers an empty query with a form
            return Answer("syntax", message=f"the query store answered {content_type}, no result")
        if job.format_name == "TSV":
            solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = _written(solutions.serialize(format=ox.QueryResultsFormat.TSV))
        return self._capped(job, body)

    @staticmethod
    def _capped(job: Job, body: bytes) -> Answer:
        if is_results_name(job.format_name):
            body = ask_as_boolean(body, job.format_name) or body
            if body.lstrip().startswith(b"{") and b'"boolean"' in body[:200]:
                return Answer("ok", body, kind="boolean")
            if job.format_name == "XML" and b"<boolean>" in body:
                return Answer("ok", body, kind="boolean")
            if len(body) > job.max_rows and count_solutions(body, job.format_name) > job.max_rows:
                return Answer("rows", kind="solutions")
            return Answer("ok", body, kind="solutions")
        count = 0
        for _ in ox.parse(body, format=rdf_writer(job.format_name)):
            count += 1
            if count > job.max_rows:
                return Answer("rows", kind="triples")
        return Answer("ok", body, kind="triples")

    def close(self) -> None:
        self.endpoint.close()
