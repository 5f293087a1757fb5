"""The home page and the index pages: every entity is reachable from here by links alone.

``/`` describes the dataset (its VoID description, and where the indexes are); its formats are
at ``/index.<suffix>``. Each index (``/people`` …) is a document too, at ``/people.<suffix>``.
"""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response

from afgld.web.answer import Document, document, page
from afgld.web.extension import site, statements
from afgld.web.rdfout import jsonld_document
from afgld.web.views.catalog import catalog_of, described
from afgld.web.views.indexes import (
    BY_SLUG,
    INDEXES,
    home_quads,
    index_quads,
    index_sizes,
    index_view,
)

bp = Blueprint("pages", __name__)
HOME_LINKS = (
    '</.well-known/void>; rel="describedby"; type="text/turtle"',
    '</sparql>; rel="http://www.w3.org/ns/sparql-service-description#endpoint"',
)


@bp.get("/")
@bp.get("/index.<suffix>")
def home(suffix: str | None = None) -> Response:
    s = site()
    catalog = catalog_of(s.store.manifest)
    quads = home_quads(s, described(s.store.manifest, "void.ttl"))

    def render() -> str:
        return page(
            "pages/home.html",
            "/index",
            indexes=INDEXES,
            counts=index_sizes(s),
            articles=[s.articles[a] for a in sorted(s.articles)],
            jsonld=jsonld_document(quads, s.prefixes),
            version=catalog.manifest.release,
            dumps=catalog.dumps,
            manifest=catalog.manifest,
            graphs=catalog.graphs,
        )

    return document(
        Document(
            "/",
            lambda: quads,
            render,
            s.fingerprint,
            s.prefixes,
            variants="/index",
            links=HOME_LINKS,
        ),
        suffix,
    )


def index(slug: str, suffix: str | None = None) -> Response:
    """An index page, as HTML or as RDF naming its members (``foaf:topic``)."""
    s, chosen = site(), BY_SLUG[slug]
    path = "/" + slug

    def render() -> str:
        view = index_view(s, statements(), chosen)
        quads = index_quads(s, chosen, view.members)
        return page(
            "pages/index.html",
            path,
            index=chosen,
            rows=view.rows,
            views=view.views,
            articles=view.articles,
            jsonld=jsonld_document(quads, s.prefixes),
        )

    return document(
        Document(path, lambda: index_quads(s, chosen), render, s.fingerprint, s.prefixes), suffix
    )


for _index in INDEXES:
    bp.add_url_rule(
        f"/{_index.slug}", f"index_{_index.slug}", index, defaults={"slug": _index.slug}
    )
    bp.add_url_rule(
        f"/{_index.slug}.<suffix>", f"index_{_index.slug}_as", index, defaults={"slug": _index.slug}
    )
