"""What crawlers are told: every document of the site, for the sitemap (sitemaps.org protocol,
https://www.sitemaps.org/protocol.html), made once per release from the store. A view model:
no Flask.

The documents: the home page, every index, the ontology, every named graph, the dataset's
description (VoID) and validation report, the downloads page, the releases page and the current
release's files, and the document of every resource (``/doc/…``: entities, statements, quotes,
articles, concepts …). A sitemap holds at
most 50,000 URLs; past that, ``/sitemap.xml`` is an index of parts (``/sitemap-1.xml`` …).
"""

from __future__ import annotations

from functools import lru_cache

from afgld.web.views.indexes import INDEXES
from afgld.web.views.releases import RELEASES_PAGE, releases_of
from afgld.web.views.site import Site, iri_in

MAX_URLS = 50_000  # the protocol's limit for one sitemap file
PAGES = (
    "/",
    *(f"/{index.slug}" for index in INDEXES),
    "/ontology",
    "/.well-known/void",
    "/dataset/validation",
    "/dumps/",
)


@lru_cache(maxsize=2)
def documents(site: Site) -> tuple[str, ...]:
    """The absolute URL of every document, pages first, then graphs and resources in order."""
    graphs = sorted(site.local_path(str(g)) for g in site.store.manifest.data.get("graphs", {}))
    resources = []
    for row in site.select("page-documents"):
        iri = iri_in(row, "resource")
        if "#" in iri or not iri.startswith(site.space.base):
            continue
        path = site.doc_path(iri)
        if path.startswith("/doc/") and site.thing_for_doc(path[len("/doc/") :]) == iri:
            resources.append(path)
    paths = [*PAGES, *releases(site), *graphs, *sorted(resources)]
    return tuple(str(site.space.page(path)) for path in paths)


def releases(site: Site) -> list[str]:
    """The releases page and the current release's files (earlier ones never change: a crawler
    that has them need not come back)."""
    published = releases_of(site.store.manifest)
    if published is None:
        return []
    current = [f.href for v in published.views() if v.current for f in v.files]
    return [RELEASES_PAGE, *current]


def parts(urls: tuple[str, ...], per_part: int = MAX_URLS) -> list[tuple[str, ...]]:
    """``urls`` cut into sitemaps of at most ``per_part`` URLs each."""
    size = max(1, per_part)
    return [urls[n : n + size] for n in range(0, len(urls), size)] or [()]
