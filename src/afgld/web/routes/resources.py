"""Dereferenceable IRIs (W3C "Cool URIs for the Semantic Web", https://www.w3.org/TR/cooluris/).

* ``/id/…`` and ``/concept/…`` name things (people, statements, concepts): they answer
  ``303 See Other`` to the document that describes them, chosen by the Accept header:
  ``/doc/…`` for a browser, ``/doc/….ttl`` (or another suffix) for RDF (§4.3).
* ``/doc/…`` negotiates; ``/doc/….{html,ttl,jsonld,rdf,nt,trig,nq}`` never does: those are
  the URLs to cite and to cache.
* ``/ontology`` is one document for every hash IRI ``/ontology#Term`` (§4.2); ``/graph/…``
  names a graph, a document itself: both answer 200 with the negotiated format.
* An IRI an earlier release published and this one does not (``/id/…``, ``/concept/…``,
  ``/graph/…``, their ``/doc/…`` in any format) is looked up in the build's table of retired
  IRIs when nothing is found, before the 404: ``301 Moved Permanently`` to its successor, or
  ``410 Gone`` naming what replaced it (docs/decisions/20261206-retired-iris.md).

See docs/decisions/20261130-dereferencing.md.
"""

from __future__ import annotations

from flask import Blueprint, redirect, request
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from afgld.formats import BY_MEDIA_TYPE, HTML
from afgld.rdfterms import Quad
from afgld.web.answer import (
    PAGE_CACHE,
    PAGE_OFFERS,
    Document,
    check_suffix,
    choose,
    document,
    page,
    split_suffix,
)
from afgld.web.errors import Retired
from afgld.web.extension import site, statements
from afgld.web.rdfout import jsonld_document
from afgld.web.views.articles import article_view
from afgld.web.views.cite import cite
from afgld.web.views.describe import describe, quads_of
from afgld.web.views.ontology import ontology_view
from afgld.web.views.releases import releases_of, retired_quads
from afgld.web.views.site import Site

bp = Blueprint("resources", __name__)


# -- things: 303 to their document --------------------------------------------------------
@bp.get("/id/<path:rest>")
def thing(rest: str) -> Response:
    return see_other(site().iri("id/" + rest))


@bp.get("/concept/<path:rest>")
def concept(rest: str) -> Response:
    return see_other(site().iri("concept/" + rest))


def see_other(iri: URIRef) -> Response:
    s = site()
    if not quads_of(s, iri):
        return absent(f"No resource <{iri}> in this dataset.")
    chosen = choose(PAGE_OFFERS)
    suffix = None if chosen == HTML else BY_MEDIA_TYPE[chosen].suffix
    response = redirect(s.space.page(s.doc_path(iri, suffix)), code=303)
    response.vary.add("Accept")
    response.headers["Cache-Control"] = PAGE_CACHE
    return response


@bp.get("/dataset")
@bp.get("/catalog")
def dataset() -> Response:
    response = redirect(site().space.page("/.well-known/void"), code=303)
    response.headers["Cache-Control"] = PAGE_CACHE
    return response


# -- documents ------------------------------------------------------------------------------
@bp.get("/doc/<path:rest>")
def resource_document(rest: str) -> Response:
    s = site()
    rest, suffix = split_suffix(rest)
    iri = s.thing_for_doc(rest)
    if iri is None:
        return absent(f"No document /doc/{rest} in this dataset.")
    quads = quads_of(s, iri)
    if not quads:
        return absent(f"No resource <{iri}> in this dataset.")
    path = s.doc_path(iri)
    return document(
        Document(
            path,
            lambda: quads + document_metadata(s, iri, path),
            lambda: render_resource(s, iri, quads),
            s.fingerprint,
            s.prefixes,
            describes=iri,
        ),
        suffix,
    )


@bp.get("/ontology")
@bp.get("/ontology.<suffix>")
@bp.get("/ontology/<version>")
def ontology(suffix: str | None = None, version: str | None = None) -> Response:
    s = site()
    if version is not None and version != s.store.manifest.ontology_version:
        raise NotFound(
            f"This server publishes ontology version {s.store.manifest.ontology_version}."
        )
    check_suffix(suffix, "/ontology")
    view = ontology_view(s)
    graph = s.space.graph["ontology"]
    quads: list[Quad] = [(a, b, c, graph) for a, b, c in view.triples]
    return document(
        Document(
            "/ontology",
            lambda: quads,
            lambda: page("resources/ontology.html", "/ontology", iri=s.space.ontology, view=view),
            s.fingerprint,
            s.prefixes,
        ),
        suffix,
    )


@bp.get("/graph/<name>")
def named_graph(name: str) -> Response:
    s = site()
    name, suffix = split_suffix(name)
    iri = s.space.graph[name]
    triples = [(r["s"], r["p"], r["o"]) for r in s.select("page-graph", iri)]
    if not triples:
        return absent(f"No graph <{iri}> in this dataset.")
    quads: list[Quad] = [(a, b, c, iri) for a, b, c in triples]
    subjects = sorted({a for a, _, _ in triples if s.is_local(a) and "#" not in str(a)}, key=str)
    path = s.local_path(str(iri))
    return document(
        Document(
            path,
            lambda: quads,
            lambda: page(
                "resources/graph.html", path, iri=iri, size=len(triples), subjects=subjects
            ),
            s.fingerprint,
            s.prefixes,
        ),
        suffix,
    )


def absent(message: str) -> Response:
    """The answer for a path that names nothing in this release: 404 with ``message``, unless
    an earlier release published it (301 to its successor, or 410 Gone)."""
    s = site()
    published = releases_of(s.store.manifest)
    retired = published.retired(request.path) if published is not None else None
    if retired is None:
        raise NotFound(message)
    if retired.location is not None:
        response = redirect(s.space.page(retired.location), code=301)
        response.headers["Cache-Control"] = PAGE_CACHE
        return response
    old = s.space.page(retired.iri)
    raise Retired(
        f"<{old}> was published by an earlier release and retired in release "
        f"{retired.retired_in}: {retired.why}",
        str(s.space.page(retired.replaced_by)) if retired.replaced_by else None,
        retired_quads(s.store.manifest, s.space, retired),
        s.prefixes,
    )


# -- what a resource's document holds -----------------------------------------------------------
def document_metadata(s: Site, iri: URIRef, path: str) -> list[Quad]:
    """Who may reuse this document and what it is about (the Linked Data "document" triples)."""
    doc = s.space.page(path)
    quads: list[Quad] = [
        (doc, RDF.type, FOAF.Document, None),
        (doc, FOAF.primaryTopic, iri, None),
    ]
    if s.licence is not None:
        quads.append((doc, DCTERMS.license, URIRef(s.licence.iri), None))
    quads.append((doc, VOID.inDataset, s.space.dataset, None))
    return quads


def render_resource(s: Site, iri: URIRef, quads: list[Quad]) -> str:
    st = statements()
    d = describe(s, st, iri, quads)
    extra: dict[str, object] = {}
    template = "resources/resource.html"
    if d.kind == "article" and iri in s.articles:
        template = "resources/article.html"
        extra["article"] = article_view(s, st, s.articles[iri])
    elif d.kind == "statement":
        template = "resources/statement.html"
        extra["statement"] = st.view(iri)
        extra["citation"] = cite(s, st.view(iri))
    elif d.kind == "quote":
        template = "resources/quote.html"
        extra["evidence"] = st.evidence(iri)
        supporting = [a for a, p, o, _ in quads if p == s.space.afg.evidence and o == iri]
        extra["supports"] = st.views([a for a in supporting if isinstance(a, URIRef)])
    path = s.doc_path(iri)
    own = [q for q in quads if q[0] == iri]  # what it says; the full document is one link away
    jsonld = jsonld_document(own + document_metadata(s, iri, path), s.prefixes)
    return page(template, path, iri=iri, d=d, jsonld=jsonld, **extra)
