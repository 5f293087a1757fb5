"""Real clients against ``afgld serve`` on 127.0.0.1 (issue 9, items 2 and 6): OpenRefine's
reconciliation requests, reproduced as its code sends them (OpenRefine is a Java application
that is not available here), Comunica, the Linked Data client from npm (a devDependency
``make test`` installs with ``npm ci``), run as it is: tests/js/comunica.cjs, and
SPARQLWrapper, the Python SPARQL client, from PyPI."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from afgld.formats import FORMATS
from tests.conftest import REPO
from tests.test_search_reconcile import REFERENCE, assert_valid
from tests.test_serving_server import Served, mini_server

pytestmark = pytest.mark.socket
SETTINGS = {"AFGLD_WEB_WORKERS": "1", "AFGLD_WEB_THREADS": "4", "AFGLD_ACCESS_LOG": "off"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``afgld serve`` over a copy of the mini project (part of article 002)."""
    with mini_server(tmp_path_factory.mktemp("clients"), SETTINGS) as server:
        yield server


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def fetch(
    port: int, method: str, url: str, headers: dict[str, str], body: bytes | None = None
) -> Answer:
    """One request on its own connection, as the client sends it."""
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname == "127.0.0.1" and parts.port == port, url
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


# ---------------------------------------------------------------- OpenRefine

# What OpenRefine's pages send: jQuery's $.ajax with dataType "json", cross-origin from the
# OpenRefine server (recon-manager.js registerStandardService; suggest-4_3a.js request()).
OPENREFINE_PAGE = "http://127.0.0.1:3333"
JQUERY_JSON = {
    "Accept": "application/json, text/javascript, */*; q=0.01",
    "Origin": OPENREFINE_PAGE,
    "Referer": OPENREFINE_PAGE + "/project?project=1",
}
# What OpenRefine's Java side sends (HttpClient.postNameValue: a UTF-8 form, no Accept).
FORM = "application/x-www-form-urlencoded"
JAVA_FORM = {
    "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
    "User-Agent": "OpenRefine/3.8 [TRUNK]",
}
# The preview, loaded by the browser into an <iframe> of OpenRefine's page.
IFRAME = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Referer": OPENREFINE_PAGE + "/",
    "Sec-Fetch-Dest": "iframe",
    "Sec-Fetch-Site": "cross-site",
}
COLUMN = ["Ahmad Shah Massoud", "Massoud", "Ali Maisam Nazary", "Nazari", "Amir Khan Muttaqi"]
SUGGEST_SCHEMAS = {
    "entity": "suggest-entities-response.json",
    "type": "suggest-types-response.json",
    "property": "suggest-properties-response.json",
}
MEMBERSHIPS = {"Massoud": "National Resistance Front"}  # a second column, "member of"


def valid(answer: Answer, schema: str) -> Any:
    assert answer.status == 200, answer.body[:300]
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    document = answer.json()
    if REFERENCE is not None:
        assert_valid(document, schema)
    return document


def post_queries(port: int, url: str, batch: dict[str, Any]) -> dict[str, Any]:
    """``StandardReconConfig.batchRecon`` / ``GuessTypesOfColumnCommand``: queries=<JSON>."""
    if REFERENCE is not None:
        assert_valid(batch, "reconciliation-query-batch.json")
    body = urllib.parse.urlencode({"queries": json.dumps(batch)}).encode("ascii")
    answer: dict[str, Any] = valid(
        fetch(port, "POST", url, JAVA_FORM, body), "reconciliation-result-batch.json"
    )
    assert set(answer) == set(batch)
    return answer


def suggest(port: int, metadata: dict[str, str], **data: str) -> list[dict[str, Any]]:
    url = metadata["service_url"] + metadata["service_path"] + "?" + urllib.parse.urlencode(data)
    schema = SUGGEST_SCHEMAS[metadata["service_path"].rsplit("/", 1)[-1]]
    found: list[dict[str, Any]] = valid(fetch(port, "GET", url, JQUERY_JSON), schema)["result"]
    return found


def test_openrefine_registers_guesses_reconciles_suggests_and_previews(served: Served) -> None:
    port = served.port
    service = f"http://127.0.0.1:{port}/reconcile"

    # 1. Add the service: the manifest, read cross-origin as JSON.
    manifest = valid(fetch(port, "GET", service, JQUERY_JSON), "manifest.json")
    assert "0.2" in manifest["versions"]

    # 2. Open the reconcile dialog: OpenRefine guesses the column's type from the first ten
    # distinct cells, three candidates each, by POST.
    guessed = post_queries(
        port, service, {f"q{i}": {"query": cell, "limit": 3} for i, cell in enumerate(COLUMN)}
    )
    votes: dict[str, float] = {}
    for result in guessed.values():
        for rank, candidate in enumerate(result["result"]):
            for kind in candidate["type"]:
                votes[kind["id"]] = votes.get(kind["id"], 0.0) + 1.0 / (1 + rank)
    chosen = max(votes, key=votes.__getitem__)
    assert chosen == "person"

    # 3. The type box and the property box autocomplete (the property suggest gets the type).
    assert [t["id"] for t in suggest(port, manifest["suggest"]["type"], prefix="Pers")] == [chosen]
    properties = suggest(port, manifest["suggest"]["property"], prefix="memb", schema=chosen)
    member_of = properties[0]["id"]
    assert member_of == "org:memberOf"

    # 4. Start reconciling: batches of batchSize, type as a string with type_strict "should",
    # a property from the second column where the row has one; limit only when set.
    size = int(manifest.get("batchSize", 10))
    results: dict[str, dict[str, Any]] = {}
    for start_row in range(0, len(COLUMN), size):
        rows = COLUMN[start_row : start_row + size]
        batch: dict[str, Any] = {}
        for i, cell in enumerate(rows):
            query: dict[str, Any] = {"query": cell, "type": chosen, "type_strict": "should"}
            if cell in MEMBERSHIPS:
                query["properties"] = [{"pid": member_of, "v": MEMBERSHIPS[cell]}]
            batch[f"q{i}"] = query
        answer = post_queries(port, service, batch)
        results.update({rows[int(key[1:])]: value for key, value in answer.items()})

    def auto_matched(cell: str) -> str | None:
        """OpenRefine's auto-match: the best-scored candidate, if the service says match."""
        candidates = sorted(results[cell]["result"], key=lambda c: -c["score"])
        return candidates[0]["id"] if candidates and candidates[0]["match"] else None

    assert auto_matched("Ahmad Shah Massoud") == "person/ahmad-shah-massoud"
    assert auto_matched("Ali Maisam Nazary") == "person/ali-maisam-nazary"
    assert auto_matched("Amir Khan Muttaqi") == "person/amir-khan-muttaqi"
    assert auto_matched("Massoud") is None  # two Massouds: the user decides
    assert [c["id"] for c in results["Massoud"]["result"]] == ["person/ahmad-massoud"]  # NRF
    assert auto_matched("Nazari") is None  # a typo: a candidate, never a match
    assert results["Nazari"]["result"][0]["id"] == "person/ali-maisam-nazary"

    # 5. "Search for match" on the unmatched cell: the entity suggest.
    offered = [s["id"] for s in suggest(port, manifest["suggest"]["entity"], prefix="Massoud")]
    assert {"person/ahmad-massoud", "person/ahmad-shah-massoud"} <= set(offered)

    # 6. Hovering a candidate: its preview in an <iframe> of OpenRefine's page.
    for candidate in results["Massoud"]["result"][:1] + results["Nazari"]["result"][:1]:
        identifier = urllib.parse.quote(candidate["id"], safe="")  # encodeURIComponent
        url = manifest["preview"]["url"].replace("{{id}}", identifier)
        frame = fetch(port, "GET", url, IFRAME)
        assert frame.status == 200 and frame.headers["Content-Type"].startswith("text/html")
        assert candidate["name"] in frame.body.decode("utf-8")
        assert "X-Frame-Options" not in frame.headers
        assert "frame-ancestors *" in frame.headers["Content-Security-Policy"]

    # 7. Clicking a matched name: the view template, with the id encoded as a URI component.
    view = manifest["view"]["url"].replace(
        "{{id}}", urllib.parse.quote("person/ahmad-massoud", safe="")
    )
    opened = fetch(port, "GET", view, {"Accept": IFRAME["Accept"]})
    assert opened.status == 303
    assert opened.headers["Location"].endswith("/doc/person/ahmad-massoud")


# ---------------------------------------------------------------- Comunica

COMUNICA = REPO / "tests" / "js" / "comunica.cjs"
# The documents a client may be handed: the IRI itself (Comunica's own Accept header: N-Quads
# first), every format's suffix URL, and the page (JSON-LD embedded in HTML).
SUFFIXES = tuple(f.suffix for f in FORMATS) + ("html",)
ENTITIES = (
    "person/ahmad-massoud",
    "org/nrf",
    "event/iran-talks-002",
    "article/002",
    "quote/002-265-479",
    "statement/002-265-479-2",
)


def comunica(runs: list[dict[str, str]]) -> list[Any]:
    """Comunica's answers to ``runs`` ({"query", "source"}), from one Node process."""
    module = REPO / "node_modules" / "@comunica" / "query-sparql"
    assert module.is_dir(), "@comunica/query-sparql is not installed: run `npm ci` (make test does)"
    node = shutil.which("node")
    assert node is not None, "Node.js is needed for the Linked Data client test"
    done = subprocess.run(
        [node, str(COMUNICA)],
        input=json.dumps(runs),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    answers: list[Any] = json.loads(done.stdout)
    return answers


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


Row = tuple[tuple[str, ...], ...]


def endpoint_rows(port: int, query: str) -> set[Row]:
    """The endpoint's own answer, read here as JSON, each term as tests/js/comunica.cjs writes
    it (RDF/JS: termType, value, language, datatype)."""
    body = urllib.parse.urlencode({"query": query}).encode("ascii")
    headers = {"Accept": "application/sparql-results+json", "Content-Type": FORM}
    answer = fetch(port, "POST", f"http://127.0.0.1:{port}/sparql", headers, body).json()

    def term(value: dict[str, str]) -> tuple[str, ...]:
        if value["type"] == "uri":
            return ("NamedNode", value["value"], "", "")
        language = value.get("xml:lang", "")
        datatype = value.get("datatype", LANG_STRING if language else XSD_STRING)
        return ("Literal", value["value"], language, datatype)

    names = answer["head"]["vars"]
    return {tuple(term(row[n]) for n in names) for row in answer["results"]["bindings"]}


def test_comunica_finds_an_entitys_triples_in_every_format(served: Served) -> None:
    """A plain triple-pattern query about the subject, with one document as the only source,
    answers what the SPARQL endpoint answers, whatever format the client gets: the IRI (which
    Comunica's Accept header turns into N-Quads), each format's URL, the page; and Comunica
    over the endpoint itself finds the same rows."""
    base = f"http://127.0.0.1:{served.port}/"
    runs: list[dict[str, str]] = []
    expected: list[tuple[str, str]] = []
    truth: dict[str, set[Row]] = {}
    for entity in ENTITIES:
        query = f"SELECT ?p ?o WHERE {{ <{base}id/{entity}> ?p ?o }}"
        truth[entity] = endpoint_rows(served.port, query)
        assert len(truth[entity]) >= 2, (entity, "the endpoint knows too little to compare")
        sources = [f"sparql@{base}sparql", base + "id/" + entity]
        if entity == ENTITIES[0]:
            sources += [f"{base}doc/{entity}.{suffix}" for suffix in SUFFIXES]
        for source in sources:
            runs.append({"query": query, "source": source})
            expected.append((entity, source))
    failures = []
    for (entity, source), answer in zip(expected, comunica(runs), strict=True):
        assert not isinstance(answer, dict), (source, answer)
        rows = {tuple(tuple(cell) for cell in row) for row in answer}
        want = truth[entity]
        if source.startswith("sparql@"):
            # Comunica 4.5 reads a language tag of SPARQL JSON results as a datatype object
            # (sparqljson-parse 3.3 meets rdf-data-factory 1.x in its dependencies): compare
            # the terms' values there; the documents are compared term for term.
            rows, want = values(rows), values(want)
        if rows != want:
            failures.append(f"{source}: {len(rows & want)} of {len(want)} rows")
    assert failures == []


def values(rows: set[Row]) -> set[Row]:
    return {tuple((cell[1],) for cell in row) for row in rows}


# ---------------------------------------------------------------- SPARQLWrapper

NRF_LABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { <http://127.0.0.1:%d/id/org/nrf> rdfs:label ?label }"""


def wrapper(served: Served, method: str = "GET") -> Any:
    from SPARQLWrapper import GET, POST, SPARQLWrapper

    client = SPARQLWrapper(f"http://127.0.0.1:{served.port}/sparql")
    client.setMethod(POST if method == "POST" else GET)
    client.setTimeout(30)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_reads_every_kind_of_answer(served: Served, method: str) -> None:
    """SPARQLWrapper, as researchers use it from Python: results as JSON and XML, ASK, and a
    CONSTRUCT it parses with rdflib, by GET and by POST."""
    from rdflib import Graph, URIRef
    from SPARQLWrapper import JSON, TURTLE, XML

    client = wrapper(served, method)
    client.setQuery(NRF_LABEL % served.port)
    client.setReturnFormat(JSON)
    labels = {b["label"]["value"] for b in client.query().convert()["results"]["bindings"]}
    assert "National Resistance Front" in labels

    client.setReturnFormat(XML)
    document = client.query().convert()
    found = {node.firstChild.data for node in document.getElementsByTagName("literal")}
    assert found == labels

    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True

    nrf = f"http://127.0.0.1:{served.port}/id/org/nrf"
    client.setQuery(f"CONSTRUCT {{ <{nrf}> ?p ?o }} WHERE {{ <{nrf}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) > 0 and set(graph.subjects()) == {URIRef(nrf)}


def test_sparqlwrapper_gets_the_users_mistakes_as_its_own_errors(served: Served) -> None:
    """A query that is not SPARQL is SPARQLWrapper's QueryBadFormed (our 400), with our
    message; an update is refused, and the data stays as it was."""
    from SPARQLWrapper import JSON
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    client = wrapper(served)
    client.setQuery("SELECT * WHERE { ?s nope:p ?o }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed) as bad:
        client.query()
    assert "prefix nope: is not declared" in str(bad.value)

    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    client.setQuery(count)
    before = client.query().convert()["results"]["bindings"][0]["n"]["value"]
    updater = wrapper(served, "POST")
    updater.setQuery("INSERT DATA {{ <urn:x:a> <urn:x:b> <urn:x:c> }}")
    with pytest.raises(SPARQLWrapperException) as refused:
        updater.query()
    assert "read-only" in str(refused.value)
    client.setQuery(count)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == before
