"""Dereferenceable IRIs (W3C "Cool URIs for the Semantic Web", https://www.w3.org/TR/cooluris/).

* ``/id/…`` and ``/concept/…`` name things (people, statements, concepts): they answer
  ``303 See Other`` to the document that describes them, chosen by the Accept header:
  ``/doc/…`` for a browser, ``/doc/….ttl`` (or another suffix) for RDF (§4.3).
* ``/doc/…`` negotiates; ``/doc/….{html,ttl,jsonld,rdf,nt,trig,nq}`` never does: those are
  the URLs to cite and to cache.
* ``/ontology`` is one document for every hash IRI ``/ontology#Term`` (§4.2); ``/graph/…``
  names a graph, a document itself: both answer 200 with the negotiated format.

See docs/decisions/20261130-dereferencing.md.
"""

from __future__ import annotations

from flask import Blueprint, redirect
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
from afgld.web.extension import site, statements
from afgld.web.rdfout import jsonld_document
from afgld.web.views.articles import article_view
from afgld.web.views.cite import cite
from afgld.web.views.describe import describe, quads_of
from afgld.web.views.ontology import ontology_view
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
        raise NotFound(f"No resource <{iri}> in this dataset.")
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
        raise NotFound(f"No document /doc/{rest} in this dataset.")
    quads = quads_of(s, iri)
    if not quads:
        raise NotFound(f"No resource <{iri}> in this dataset.")
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
        raise NotFound(f"No graph <{iri}> in this dataset.")
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
