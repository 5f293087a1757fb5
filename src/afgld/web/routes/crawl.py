"""For crawlers: ``/robots.txt`` (RFC 9309) pointing to the sitemap, and the sitemap
(https://www.sitemaps.org/protocol.html) listing every document, generated from the store once
per release (``afgld.web.views.sitemap``).

Past ``SITEMAP_MAX_URLS`` URLs (at most the protocol's 50,000), ``/sitemap.xml`` is a sitemap
index of ``/sitemap-1.xml`` … Crawlers are kept off the query services (``/sparql``,
``/search``, ``/reconcile``), whose URLs have no end; every document is reachable from the
sitemap or by links.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from afgld.web.answer import respond
from afgld.web.extension import settings, site
from afgld.web.views.sitemap import MAX_URLS, documents, parts

bp = Blueprint("crawl", __name__)
XML = "application/xml"
TEXT = "text/plain"
NOT_CRAWLED = ("/sparql", "/search", "/reconcile")


@bp.get("/robots.txt")
def robots() -> Response:
    s = site()
    body = render_template(
        "crawl/robots.txt", disallowed=NOT_CRAWLED, sitemap=s.space.page("/sitemap.xml")
    )
    return respond(body.encode("utf-8"), TEXT, etag=f"{s.fingerprint}-robots")


def sitemap_parts() -> list[tuple[str, ...]]:
    return parts(documents(site()), min(settings().sitemap_max_urls, MAX_URLS))


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    s, found = site(), sitemap_parts()
    if len(found) == 1:
        body = render_template("crawl/sitemap.xml", urls=found[0])
    else:
        names = [s.space.page(f"/sitemap-{n}.xml") for n in range(1, len(found) + 1)]
        body = render_template("crawl/sitemap-index.xml", sitemaps=names)
    return respond(body.encode("utf-8"), XML, etag=f"{s.fingerprint}-sitemap")


@bp.get("/sitemap-<int:number>.xml")
def sitemap_part(number: int) -> Response:
    found = sitemap_parts()
    if len(found) == 1 or not 1 <= number <= len(found):
        raise NotFound(f"No sitemap part {number}; the sitemap is at /sitemap.xml.")
    body = render_template("crawl/sitemap.xml", urls=found[number - 1])
    return respond(body.encode("utf-8"), XML, etag=f"{site().fingerprint}-sitemap-{number}")
