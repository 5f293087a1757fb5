"""One way to answer a request, used by every route: negotiate the format, serialise or render,
validate, and say what varies and where the other formats are.

* Negotiation on werkzeug's ``MIMEAccept`` (q-values, wildcards, specificity; RFC 9110 §12.5.1):
  :func:`choose`, ``406`` listing the variants when nothing fits.
* A representation (:func:`respond`): charset, gzip when the client accepts it (RFC 9110
  §8.4.1), a strong ``ETag`` and ``304`` on ``If-None-Match`` (§8.8.3, §13.1.2), ``Vary``
  (§12.5.5), ``Cache-Control`` (RFC 9111 §5.2), ``Link`` (RFC 8288) and ``Content-Location``
  (§8.7).
* A document (:func:`document`): a thing with a path, available as HTML and in every RDF format
  of ``afgld.formats`` at ``<path>.<suffix>``: the suffix URL names one format, the path
  negotiates; every variant links to the others (``rel="alternate"``), says which one it is
  (``Content-Location``) and carries an ETag made of the release, the page code and the format.

* A file of the build (:func:`stored_file`): its SHA-256 as strong ETag, ``Repr-Digest``
  (RFC 9530), ranges (RFC 9110 §14), gzip when asked (files up to ``GZIP_MAX_BYTES``, kept
  compressed in memory; larger ones streamed from disk as they are).

Routes for resources, index pages, the home page, the catalogue, the ontology and graphs answer
with :func:`document`; the downloads and the releases' files with :func:`stored_file`; the
service description and errors with :func:`choose` and :func:`respond`; a SPARQL query's answer
with :func:`best_for` and :func:`content_type` (``routes/sparql.py``), with no Flask, so that
the serving layer can send it too.
"""

from __future__ import annotations

import base64
import functools
import gzip
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from flask import render_template, request, send_file
from rdflib import URIRef
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable, NotFound
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Response

from afgld.formats import (
    BY_MEDIA_TYPE,
    BY_SUFFIX,
    FORMATS,
    HTML,
    JSON,
    TABLE_BY_MEDIA_TYPE,
    TABLE_BY_SUFFIX,
    TABLE_FORMATS,
    TableFormat,
)
from afgld.rdfterms import Quad
from afgld.web.rdfout import embeddable, serialise

HTML_SUFFIX = "html"
PAGE_OFFERS: tuple[str, ...] = (HTML, *(f.media_type for f in FORMATS))
LIST_OFFERS: tuple[str, ...] = (*PAGE_OFFERS, *(f.media_type for f in TABLE_FORMATS))
PAGE_CACHE = "public, max-age=300"
COMPRESSIBLE = (
    "text/",
    "application/ld+json",
    "application/json",
    "application/rdf+xml",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/sparql-results",
    "image/svg+xml",
)
MIN_COMPRESS_BYTES = 1024
GZIP_MAX_BYTES = 4_000_000
IMMUTABLE = "public, max-age=31536000, immutable"  # a file pinned to one release's bytes
FILE_CACHE = "public, max-age=3600"  # a file that a later build may change


class NoAcceptableVariant(NotAcceptable):
    """406, listing the media types the resource is available in."""

    def __init__(self, offers: Sequence[str]) -> None:
        self.offers = tuple(offers)
        super().__init__(f"This resource is available as: {', '.join(self.offers)}.")


# -- negotiation -----------------------------------------------------------------------------
def choose(offers: Sequence[str], default: str | None = None) -> str:
    """The best of ``offers`` for this request's Accept header, or 406; with no Accept header
    at all, ``default`` (or the first offer)."""
    best = best_for(request.headers.get("Accept", ""), tuple(offers), default or offers[0])
    if best is None:
        raise NoAcceptableVariant(offers)
    return best


@functools.lru_cache(maxsize=512)
def best_for(accept: str, offers: tuple[str, ...], default: str) -> str | None:
    """werkzeug's choice for an Accept header, remembered: clients send a handful of them."""
    if not accept.strip():
        return default
    best: str | None = parse_accept_header(accept, MIMEAccept).best_match(offers)
    return best


# -- a representation ------------------------------------------------------------------------
def wants_gzip() -> bool:
    return request.accept_encodings.quality("gzip") > 0


def compressible(media_type: str) -> bool:
    return media_type.startswith(COMPRESSIBLE)


def gzip_bytes(body: bytes) -> bytes:
    """Deterministic gzip (no timestamp), so the same body gives the same bytes and ETag."""
    return gzip.compress(body, compresslevel=6, mtime=0)


def content_type(media_type: str) -> str:
    """With ``charset=utf-8`` for text: text/*, the RDF syntaxes and XML (not JSON and SPARQL's
    JSON results, whose specifications fix UTF-8, nor images)."""
    text = (
        media_type.startswith("text/") or media_type in BY_MEDIA_TYPE or media_type.endswith("+xml")
    ) and not media_type.startswith("image/")
    return media_type + "; charset=utf-8" if text else media_type


def alternates(paths: Iterable[tuple[str, str]]) -> str:
    """A ``Link`` header value from (path, media type) pairs."""
    return ", ".join(f'<{path}>; rel="alternate"; type="{media}"' for path, media in paths)


def respond(
    body: bytes,
    media_type: str,
    *,
    etag: str | None = None,
    negotiated: bool = False,
    cache: str | None = PAGE_CACHE,
    status: int = 200,
    compress: bool = True,
    links: Sequence[str] = (),
    location: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A response carrying ``body``: gzip when asked and worth it (``compress``), a strong ETag
    and 304 when fresh (``etag``), ``Vary: Accept`` when the format was negotiated, the given
    ``Cache-Control``, ``Link`` values and ``Content-Location``, then any other ``headers``."""
    response = Response(status=status, content_type=content_type(media_type))
    coded = body
    if compress:
        if wants_gzip() and compressible(media_type) and len(body) >= MIN_COMPRESS_BYTES:
            coded = gzip_bytes(body)
            response.headers["Content-Encoding"] = "gzip"
            etag = etag + "-gz" if etag is not None else None
        response.vary.add("Accept-Encoding")
    if negotiated:
        response.vary.add("Accept")
    response.set_data(coded)
    if cache is not None:
        response.headers["Cache-Control"] = cache
    if links:
        response.headers["Link"] = ", ".join(links)
    if location is not None:
        response.headers["Content-Location"] = location
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if etag is None:
        return response
    response.set_etag(etag)
    return response.make_conditional(request)


# -- a file of the build ---------------------------------------------------------------------
def stored_file(path: str, sha256: str, size: int, media_type: str, cache: str) -> Response:
    """The file at ``path`` (a file of the build, whose manifest gives its SHA-256 and size):
    Content-Length, its SHA-256 as strong ETag and ``Repr-Digest``, 304 and ranges, gzip when
    asked and worth it, the given ``Cache-Control``, named for saving by its last segment."""
    response: Response
    if size > GZIP_MAX_BYTES:  # streamed from disk, never held in memory
        response = send_file(path, mimetype=media_type, etag=sha256, conditional=True)
    else:
        etag, coded = sha256, _read(path, sha256)
        whole = Response(content_type=media_type)
        if wants_gzip() and compressible(media_type) and len(coded) >= MIN_COMPRESS_BYTES:
            coded, etag = _compressed(path, sha256), sha256 + "-gz"
            whole.headers["Content-Encoding"] = "gzip"
        whole.set_data(coded)
        whole.set_etag(etag)
        response = whole.make_conditional(request, accept_ranges=True, complete_length=len(coded))
    response.vary.add("Accept-Encoding")
    digest = base64.b64encode(bytes.fromhex(sha256)).decode("ascii")
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"
    response.headers["Cache-Control"] = cache
    download = path.rsplit("/", 1)[-1]
    response.headers["Content-Disposition"] = f'inline; filename="{download}"'
    return response


@functools.lru_cache(maxsize=16)
def _read(path: str, sha256: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


@functools.lru_cache(maxsize=16)
def _compressed(path: str, sha256: str) -> bytes:
    return gzip_bytes(_read(path, sha256))


# -- a document ------------------------------------------------------------------------------
VariantUrl = Callable[[str], str]


def format_links(
    path: str, *, tables: bool = False, url: VariantUrl | None = None
) -> list[tuple[str, str, str]]:
    """(URL, media type, label) of every representation of the document at ``path``: HTML,
    every RDF format and, for a list (``tables``), CSV and JSON; ``url(suffix)`` says where
    each is when not at ``<path>.<suffix>`` (a list's filters travel with it)."""
    at = url or (lambda suffix: f"{path}.{suffix}")
    links = [(at(HTML_SUFFIX), HTML, "HTML")]
    links += [(at(f.suffix), f.media_type, f.label) for f in FORMATS]
    if tables:
        links += [(at(f.suffix), f.media_type, f.label) for f in TABLE_FORMATS]
    return links


def page(template: str, path: str, **context: object) -> str:
    """An HTML page, told where its RDF twins are (``formats``) for its head and its footer,
    with its JSON-LD (``jsonld``) in the form a page embeds (``rdfout.embeddable``)."""
    context["jsonld"] = embeddable(context.get("jsonld"))
    context.setdefault("formats", format_links(path))
    return render_template(template, **context)


def split_suffix(rest: str) -> tuple[str, str | None]:
    """``person/x.ttl`` → (``person/x``, ``ttl``) when the suffix names a format."""
    stem, dot, suffix = rest.rpartition(".")
    if dot and (suffix in BY_SUFFIX or suffix == HTML_SUFFIX) and "/" not in suffix:
        return stem, suffix
    return rest, None


def check_suffix(suffix: str | None, path: str, *, tables: bool = False) -> None:
    """404 for a suffix that names no format of this document (``/people.exe``; ``.csv`` on
    anything but a list)."""
    known = suffix is None or suffix in BY_SUFFIX or suffix == HTML_SUFFIX
    if not known and not (tables and suffix in TABLE_BY_SUFFIX):
        raise NotFound(f"No format .{suffix}; see the Link header of {path} for those there are.")


@dataclass(frozen=True)
class Table:
    """A list's rows in one table format, and the ``Link`` values of its paging."""

    body: bytes
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """What a route knows of a document: where it is, and how to make each kind of variant
    (each called only when that kind is asked for)."""

    path: str  # its own path, which negotiates
    quads: Callable[[], list[Quad]]  # its RDF
    page: Callable[[], str]  # its HTML
    fingerprint: str  # the release and page code: the start of every ETag
    prefixes: Mapping[str, str]
    describes: URIRef | None = None  # the thing it is about: Link rel="describes"
    variants: str | None = None  # where its suffix URLs hang, when not at ``path``
    links: tuple[str, ...] = ()  # further Link values
    table: Callable[[TableFormat], Table] | None = None  # a list's rows as CSV or JSON
    variant_url: VariantUrl | None = None  # where each format is, when a query string travels


def document(doc: Document, suffix: str | None) -> Response:
    """The document in the format ``suffix`` names (``None``: the negotiated one)."""
    tables = doc.table is not None
    check_suffix(suffix, doc.path, tables=tables)
    negotiated = suffix is None
    if suffix is None:
        media = choose(LIST_OFFERS if tables else PAGE_OFFERS, HTML)
    elif suffix in TABLE_BY_SUFFIX:
        media = TABLE_BY_SUFFIX[suffix].media_type
    else:
        media = HTML if suffix == HTML_SUFFIX else BY_SUFFIX[suffix].media_type
    fmt, table_format = BY_MEDIA_TYPE.get(media), TABLE_BY_MEDIA_TYPE.get(media)
    extra: tuple[str, ...] = ()
    if table_format is not None and doc.table is not None:
        table = doc.table(table_format)
        body, chosen, extra = table.body, table_format.suffix, table.links
    elif fmt is None:
        body, chosen = doc.page().encode("utf-8"), HTML_SUFFIX
    else:
        body, chosen = serialise(doc.quads(), fmt, dict(doc.prefixes)), fmt.suffix
    base = doc.variants or doc.path
    variants = format_links(base, tables=tables, url=doc.variant_url)
    links = [alternates((p, m) for p, m, _ in variants)]
    if doc.describes is not None:
        links.append(f'<{doc.describes}>; rel="describes"')
    location = next(p for p, m, _ in variants if m == media) if negotiated else None
    return respond(
        body,
        media,
        etag=f"{doc.fingerprint}-{chosen}",
        negotiated=negotiated,
        links=[*links, *extra, *doc.links],
        location=location,
    )


# -- a view with a JSON twin (the timeline, the network) --------------------------------------
VIEW_OFFERS: tuple[str, ...] = (HTML, JSON)


@dataclass(frozen=True)
class View:
    """A page that is not an RDF document, with the same data as JSON: at ``path`` (negotiated),
    ``path.html`` and ``path.json``; ``variant_url(suffix)`` when a query string travels."""

    path: str
    page: Callable[[], str]
    data: Callable[[], bytes]  # the JSON, serialised
    fingerprint: str
    variant_url: VariantUrl | None = None


def view(v: View, suffix: str | None) -> Response:
    if suffix not in (None, HTML_SUFFIX, "json"):
        raise NotFound(f"No format .{suffix}; {v.path} is HTML and JSON.")
    negotiated = suffix is None
    media = choose(VIEW_OFFERS, HTML) if suffix is None else (JSON if suffix == "json" else HTML)
    chosen = "json" if media == JSON else HTML_SUFFIX
    body = v.data() if media == JSON else v.page().encode("utf-8")
    at = v.variant_url or (lambda s: f"{v.path}.{s}")
    return respond(
        body,
        media,
        etag=f"{v.fingerprint}-{chosen}",
        negotiated=negotiated,
        links=[alternates([(at(HTML_SUFFIX), HTML), (at("json"), JSON)])],
        location=at(chosen) if negotiated else None,
    )
