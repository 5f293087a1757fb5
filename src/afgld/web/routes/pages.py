"""The home page and the index pages: every entity is reachable from here by links alone.

``/`` describes the dataset (its VoID description, and where the indexes are); its formats are
at ``/index.<suffix>``. Each index (``/people`` …) is a list (``afgld.web.views.lists``): its
query string names a view (filters, sort, page), which is a document too, at
``/people.<suffix>?…``, in HTML, CSV, JSON and every RDF format.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, request
from rdflib import URIRef
from werkzeug.exceptions import BadRequest, NotFound
from werkzeug.wrappers import Response

from afgld.formats import TABLE_BY_SUFFIX, TableFormat
from afgld.web.answer import Document, Table, document, format_links, page
from afgld.web.extension import site
from afgld.web.rdfout import jsonld_document
from afgld.web.tableout import export, paging_links
from afgld.web.views.catalog import catalog_of, described
from afgld.web.views.indexes import BY_SLUG, INDEXES, home_quads, index_quads, index_sizes
from afgld.web.views.lists import (
    BadListRequest,
    ListRequest,
    ListView,
    NoSuchPage,
    list_view,
    members,
    parse,
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
    """An index page: a list that filters, sorts and pages (the query string names the view),
    as HTML, as CSV or JSON rows, or as RDF naming every member of the view (``foaf:topic``)."""
    s, chosen = site(), BY_SLUG[slug]
    path = "/" + slug
    args = list(request.args.lists())

    def view(table: bool) -> ListRequest:
        try:
            return parse(chosen.list, args, s.lists, table=table)
        except BadListRequest as error:
            raise BadRequest(str(error)) from None

    def rows(table: bool) -> ListView:
        try:
            return list_view(s, view(table))
        except NoSuchPage as error:
            raise NotFound(str(error)) from None

    def render() -> str:
        shown = rows(table=False)
        quads = index_quads(s, chosen, [(URIRef(r.iri), r.label) for r in shown.rows])
        return page(
            "pages/index.html",
            path,
            index=chosen,
            view=shown,
            formats=format_links(path, tables=True, url=lambda x: shown.request.url_for(x)),
            jsonld=jsonld_document(quads, s.prefixes),
        )

    def table(fmt: TableFormat) -> Table:
        shown = rows(table=True)
        return Table(export(s, shown, fmt.suffix), tuple(paging_links(shown, fmt.suffix)))

    first = view(table=suffix in TABLE_BY_SUFFIX)
    digest = hashlib.sha256(first.url(paging=False).encode()).hexdigest()[:12]
    return document(
        Document(
            path,
            lambda: index_quads(s, chosen, members(s, view(table=True))),
            render,
            f"{s.fingerprint}-{digest}",
            s.prefixes,
            table=table,
            variant_url=first.url_for,
        ),
        suffix,
    )


for _index in INDEXES:
    bp.add_url_rule(
        f"/{_index.slug}", f"index_{_index.slug}", index, defaults={"slug": _index.slug}
    )
    bp.add_url_rule(
        f"/{_index.slug}.<suffix>", f"index_{_index.slug}_as", index, defaults={"slug": _index.slug}
    )
