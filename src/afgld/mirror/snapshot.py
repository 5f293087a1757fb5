"""Every answer of the app a static mirror needs, recorded by asking the app itself.

The app is reached only as a client reaches it: HTTP requests through Flask's test client,
starting at ``/`` and following what the answers point to (``href`` and ``src`` of pages,
``Link`` headers, ``Content-Location``, ``Location``). Nothing here knows how the app builds a
path: which URLs are documents, which negotiate, where a thing's IRI redirects, which ETag a
file has, are all read from the answers. Where the mirror relies on a pattern (a 303 target
with a suffix is the HTML target plus ``.<suffix>``; a negotiated document's variants are its
``Content-Location`` files), every answer is checked against it, and an answer that breaks it
stops the export with the URL named, rather than publishing a mirror that disagrees.
"""

from __future__ import annotations

import gzip
import html
import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urldefrag, urlsplit

from werkzeug.test import Client, TestResponse

from afgld.errors import AfgldError
from afgld.mirror.accept import Offer

# Headers the mirror reproduces per answer; the rest (Date, Server, Content-Length) are the
# web server's own.
RECORDED = (
    "Content-Type",
    "ETag",
    "Cache-Control",
    "Vary",
    "Link",
    "Content-Location",
    "Content-Disposition",
    "Repr-Digest",
    "Last-Modified",
    "Accept-Ranges",
)
COMMON = (
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "X-Content-Type-Options",
    "Content-Security-Policy",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)
HREF = re.compile(r'(?:href|src)="([^"]*)"')
LINK_TARGET = re.compile(r"<([^>]*)>")
ALTERNATE_TYPE = re.compile(r'rel="?alternate"?[^,]*?type="([^"]*)"')
SAFE_PATH = re.compile(r"/[A-Za-z0-9._~/-]*")
PROBE_404 = "/.afgld-mirror-no-such-page"
VARIANTS = "/.afgld/variants"
ERRORS = "/.afgld/errors"
# Answered by the live server (nginx.conf hands them over): the query services, and the views
# computed per request (the timeline and the network, whose filters travel in the query
# string). So is any URL with a query string (a list's facets, sorting and paging), but a dump
# pinned by ``?sha256=``.
PROXIED = ("/sparql", "/search", "/reconcile", "/timeline", "/network")
NOT_MIRRORED = (*PROXIED, "/healthz", "/version")


class ExportError(AfgldError):
    """The app answered in a way the static mirror cannot reproduce."""


@dataclass
class File:
    """One representation, served from a file: its body, its gzip twin, its headers."""

    path: str  # the URL path it is served at (its file under site/)
    body: bytes
    headers: dict[str, str]
    gz_body: bytes | None = None
    gz_etag: str | None = None


@dataclass
class Negotiated:
    """A URL that negotiates: each offer's variant is the file ``stem.<offer name>``."""

    stem: str
    content_location: bool  # the app names the variant's file in Content-Location
    vary: str
    listed: bool = False  # a list: its rows also as CSV and JSON (Snapshot.list_offers)


@dataclass
class Snapshot:
    base: str
    page_offers: tuple[Offer, ...]
    error_offers: tuple[Offer, ...]
    list_offers: tuple[Offer, ...] = ()  # a list's: the page's, then its tables'
    files: dict[str, File] = field(default_factory=dict)
    negotiated: dict[str, Negotiated] = field(default_factory=dict)
    see_other: dict[str, str] = field(default_factory=dict)  # thing → its HTML document
    fixed_redirects: dict[str, str] = field(default_factory=dict)  # /dataset → /.well-known/void
    redirect_headers: dict[str, str] = field(default_factory=dict)
    fixed_redirect_headers: dict[str, str] = field(default_factory=dict)
    pins: dict[str, str] = field(default_factory=dict)  # dump path → its SHA-256
    pinned_cache: str = ""
    common: dict[str, str] = field(default_factory=dict)  # on every answer
    preflight: dict[str, str] = field(default_factory=dict)  # on OPTIONS only
    errors: dict[tuple[int, str], File] = field(default_factory=dict)  # (status, offer name)


def recorded(response: TestResponse) -> dict[str, str]:
    return {name: response.headers[name] for name in RECORDED if name in response.headers}


class Recorder:
    """Walks the app from ``/`` and fills a :class:`Snapshot`."""

    def __init__(
        self,
        client: Client,
        page_offers: Iterable[Offer],
        error_offers: Iterable[Offer],
        follow: Callable[[str], bool] = lambda path: True,
        list_offers: Iterable[Offer] = (),
    ) -> None:
        self.client = client
        self.follow = follow
        version = client.get("/version", buffered=True).get_json()
        self.snapshot = Snapshot(
            str(version["base_iri"]), tuple(page_offers), tuple(error_offers), tuple(list_offers)
        )
        self.seen: set[str] = set()
        self.queue: deque[str] = deque()
        self.common: dict[str, str] | None = None
        self.families: dict[str, int] = {}

    # -- asking -----------------------------------------------------------------------
    def get(self, path: str, accept: str | None = None, gzip_ok: bool = False) -> TestResponse:
        headers = {"Accept": accept} if accept is not None else {}
        if gzip_ok:
            headers["Accept-Encoding"] = "gzip"
        response = self.client.get(path, headers=headers, buffered=True)
        if not path.startswith(NOT_MIRRORED):
            self._common(path, response)
        return response

    def _common(self, path: str, response: TestResponse) -> None:
        """CORS and security headers: the same on every answer, or the export stops."""
        found = {n: response.headers[n] for n in COMMON if n in response.headers}
        if self.common is None:
            self.common = found
            self.snapshot.common = found
        elif found != self.common:
            raise ExportError(f"{path} answers with other common headers: {found!r}")

    # -- walking ----------------------------------------------------------------------
    def enqueue(self, target: str) -> None:
        target = urldefrag(target)[0]
        if target.startswith(self.snapshot.base):
            target = "/" + target[len(self.snapshot.base) :]
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not target.startswith("/"):
            return  # another site
        path = parts.path
        if parts.query:
            pin = parse_qs(parts.query).get("sha256")
            if pin:
                self.snapshot.pins[path] = pin[0]
        if path.startswith(NOT_MIRRORED) or path in self.seen or not self.follow(path):
            return
        if not SAFE_PATH.fullmatch(path):
            raise ExportError(f"{path!r}: the mirror only maps plain ASCII paths")
        self.seen.add(path)
        self.queue.append(path)

    def links(self, response: TestResponse) -> None:
        if response.mimetype == "application/n-triples":  # every IRI of the data under the base
            base = re.escape(self.snapshot.base)
            for iri in re.findall(f"<({base}[^>]*)>", response.get_data(as_text=True)):
                self.enqueue(iri)
        if response.mimetype == "text/html":
            for href in HREF.findall(response.get_data(as_text=True)):
                self.enqueue(html.unescape(href))
        for target in LINK_TARGET.findall(response.headers.get("Link", "")):
            self.enqueue(target)
        for name in ("Location", "Content-Location"):
            if name in response.headers:
                self.enqueue(response.headers[name])

    def run(self, starts: Iterable[str] = ("/",)) -> Snapshot:
        for start in starts:
            self.enqueue(start)
        editor = self.get("/sparql", "text/html")  # the query editor's scripts and styles
        if editor.status_code == 200:
            self.links(editor)
        while self.queue:
            self.visit(self.queue.popleft())
        self.errors()
        self.check()
        return self.snapshot

    def visit(self, path: str) -> None:
        first = self.get(path, "text/html")
        if first.status_code == 404:
            return  # linked but not served (the article texts behind /dumps/)
        if first.status_code == 303:
            self.redirect(path, first)
        elif first.status_code != 200:
            raise ExportError(f"{path} answers {first.status_code}; the mirror serves 200s")
        elif "Accept" in first.vary:
            self.negotiated(path, first)
        else:
            self.file(path, first)
        self.links(first)

    def redirect(self, path: str, first: TestResponse) -> None:
        location = first.headers["Location"]
        if not location.startswith(self.snapshot.base):
            raise ExportError(f"{path} redirects off the base IRI, to {location}")
        target = "/" + location[len(self.snapshot.base) :]
        headers = recorded(first)
        if "Accept" not in first.vary:
            self.snapshot.fixed_redirects[path] = target
            _same(self.snapshot.fixed_redirect_headers, headers, path)
            return
        self.snapshot.see_other[path] = target
        _same(self.snapshot.redirect_headers, headers, path)
        for offer in self.sample(path, self.snapshot.page_offers[1:]):
            expected = f"{location}.{offer.name}"
            got = self.get(path, offer.media_type).headers.get("Location")
            if got != expected:
                raise ExportError(
                    f"{path} for {offer.media_type} redirects to {got}, not {expected}"
                )

    def sample(self, path: str, offers: tuple[Offer, ...]) -> tuple[Offer, ...]:
        """Every offer for the first URLs of each family, none after: the pattern is checked
        where it is learnt, without asking for every variant of thousands of documents."""
        family = path.split("/")[1] + ("/" + path.split("/")[2] if path.count("/") > 2 else "")
        count = self.families.get(family, 0)
        self.families[family] = count + 1
        return offers if count < 3 else ()

    def offers_of(self, first: TestResponse) -> tuple[bool, tuple[Offer, ...]]:
        """A list (its ``Link`` names a table format among its alternates) or a page."""
        alternates = set(ALTERNATE_TYPE.findall(first.headers.get("Link", "")))
        tables = {o.media_type for o in self.snapshot.list_offers} - {
            o.media_type for o in self.snapshot.page_offers
        }
        if tables and tables <= alternates:
            return True, self.snapshot.list_offers
        return False, self.snapshot.page_offers

    def negotiated(self, path: str, first: TestResponse) -> None:
        html_offer = self.snapshot.page_offers[0]
        location = first.headers.get("Content-Location")
        listed, family = self.offers_of(first)
        if location is not None:
            stem, dot, suffix = location.rpartition(".")
            if not dot or suffix != html_offer.name:
                raise ExportError(f"{path} names {location} for HTML, not <stem>.html")
            self.snapshot.negotiated[path] = Negotiated(stem, True, first.headers["Vary"], listed)
            offers = self.sample(path, family)
        elif listed:
            raise ExportError(f"{path}: a list that names no variant in Content-Location")
        else:
            stem = VARIANTS + (path if path != "/" else "/index")
            self.snapshot.negotiated[path] = Negotiated(stem, False, first.headers["Vary"])
            offers = self.snapshot.page_offers
        for offer in offers:
            answer = self.get(path, offer.media_type)
            named = answer.headers.get("Content-Location")
            if location is not None and named != f"{stem}.{offer.name}":
                raise ExportError(f"{path} for {offer.media_type} names {named}")
            if location is None:
                self.file(f"{stem}.{offer.name}", answer, negotiated_from=path)
            self.links(answer)

    def file(self, path: str, first: TestResponse, negotiated_from: str | None = None) -> None:
        asked = negotiated_from or path
        accept = first.request.headers.get("Accept")
        zipped = self.get(asked, accept, gzip_ok=True)
        headers = recorded(first)
        if negotiated_from is not None:  # the variant as its own file: no negotiation
            headers.pop("Content-Location", None)
            headers["Vary"] = ", ".join(v for v in first.vary if v != "Accept")
        entry = File(path, first.get_data(), headers)
        if zipped.headers.get("Content-Encoding") == "gzip":
            entry.gz_body = zipped.get_data()
            entry.gz_etag = zipped.headers["ETag"]
            if gzip.decompress(entry.gz_body) != entry.body:
                raise ExportError(f"{asked}: its gzip answer is not its plain answer compressed")
        self.snapshot.files[path] = entry
        if path in self.snapshot.pins and not self.snapshot.pinned_cache:
            pinned = self.get(f"{path}?sha256={self.snapshot.pins[path]}")
            self.snapshot.pinned_cache = pinned.headers["Cache-Control"]

    # -- errors -----------------------------------------------------------------------
    def errors(self) -> None:
        """The app's error answers, in every format its error negotiation can pick."""
        for offer in self.snapshot.error_offers:
            self._error(404, self.get(PROBE_404, offer.media_type), offer)
            response = self.client.post(
                "/people", headers={"Accept": offer.media_type}, buffered=True
            )
            self._error(405, response, offer)
        # a 406 arises only when no page format fits, so only JSON or plain text remain
        for offer in self.snapshot.error_offers:
            accept = offer.media_type if offer.name == "json" else "image/png"
            if offer.name in ("json", "txt"):
                self._error(406, self.get("/", accept), offer)
        response = self.client.options(
            "/people", headers={"Origin": "https://example.org"}, buffered=True
        )
        names = [n for n, _ in response.headers if n.startswith("Access-Control-Allow-M")]
        names += ["Access-Control-Allow-Headers", "Access-Control-Max-Age", "Allow"]
        self.snapshot.preflight = {n: response.headers[n] for n in names if n in response.headers}

    def _error(self, status: int, response: TestResponse, offer: Offer) -> None:
        if response.status_code != status:
            raise ExportError(f"the probe for {status} answered {response.status_code}")
        path = f"{ERRORS}/{status}.{offer.name}"
        self.snapshot.errors[(status, offer.name)] = File(
            path, response.get_data(), recorded(response)
        )

    def check(self) -> None:
        """Every variant a negotiated URL or a 303 points to is a file of the mirror."""
        for path, negotiated in self.snapshot.negotiated.items():
            family = self.snapshot.list_offers if negotiated.listed else self.snapshot.page_offers
            for offer in family:
                if f"{negotiated.stem}.{offer.name}" not in self.snapshot.files:
                    raise ExportError(f"{path}: no file for {offer.media_type}")
        for path, target in self.snapshot.see_other.items():
            if target not in self.snapshot.negotiated:
                raise ExportError(f"{path} redirects to {target}, which does not negotiate")


def _same(kept: dict[str, str], headers: Mapping[str, str], path: str) -> None:
    """The headers of every redirect of one kind are the same but for Location."""
    if not kept:
        kept.update(headers)
    elif dict(headers) != kept:
        raise ExportError(f"{path} redirects with other headers: {dict(headers)!r}")


def record(
    client: Client,
    page_offers: Iterable[Offer],
    error_offers: Iterable[Offer],
    follow: Callable[[str], bool] = lambda path: True,
    list_offers: Iterable[Offer] = (),
) -> Snapshot:
    """The snapshot of everything reachable from ``/`` (of what ``follow`` keeps: a test's
    mirror of a few documents)."""
    return Recorder(client, page_offers, error_offers, follow, list_offers).run()
