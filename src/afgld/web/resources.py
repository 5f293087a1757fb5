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

from flask import Blueprint, Response, redirect, render_template
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID
from werkzeug.exceptions import NotFound

from afgld.formats import BY_MEDIA_TYPE, BY_SUFFIX, HTML
from afgld.web import http
from afgld.web.articles import article_view
from afgld.web.describe import describe, quads_of
from afgld.web.extension import site, statements
from afgld.web.negotiation import PAGE_OFFERS, negotiate
from afgld.web.ontology import ontology_view
from afgld.web.rdfout import Quad, jsonld_document, serialise

bp = Blueprint("resources", __name__)
HTML_SUFFIX = "html"


# -- things: 303 to their document --------------------------------------------------------
@bp.get("/id/<path:rest>")
def thing(rest: str) -> Response:
    return see_other(site().iri("id/" + rest))


@bp.get("/concept/<path:rest>")
def concept(rest: str) -> Response:
    return see_other(site().iri("concept/" + rest))


def see_other(iri: URIRef) -> Response:
    if not quads_of(site(), iri):
        raise NotFound(f"No resource <{iri}> in this dataset.")
    chosen = negotiate(PAGE_OFFERS)
    doc = site().doc_path(iri)
    location = doc if chosen == HTML else site().doc_path(iri, BY_MEDIA_TYPE[chosen].suffix)
    response = redirect(site().space.page(location), code=303)
    response.vary.add("Accept")
    response.headers["Cache-Control"] = http.PAGE_CACHE
    return response


# -- documents ------------------------------------------------------------------------------
@bp.get("/doc/<path:rest>")
def document(rest: str) -> Response:
    rest, suffix = split_suffix(rest)
    iri = site().thing_for_doc(rest)
    if iri is None:
        raise NotFound(f"No document /doc/{rest} in this dataset.")
    quads = quads_of(site(), iri)
    if not quads:
        raise NotFound(f"No resource <{iri}> in this dataset.")
    return answer(iri, quads, suffix, lambda: render_resource(iri, quads))


@bp.get("/ontology")
@bp.get("/ontology.<suffix>")
@bp.get("/ontology/<version>")
def ontology(suffix: str | None = None, version: str | None = None) -> Response:
    s = site()
    if version is not None and version != s.store.manifest.ontology_version:
        raise NotFound(
            f"This server publishes ontology version {s.store.manifest.ontology_version}."
        )
    if suffix is not None and suffix not in BY_SUFFIX and suffix != HTML_SUFFIX:
        raise NotFound(f"No format .{suffix}.")
    view = ontology_view(s)
    quads: list[Quad] = [(a, b, c, s.space.graph["ontology"]) for a, b, c in view.triples]
    return answer(
        s.space.ontology,
        quads,
        suffix,
        lambda: _page("ontology.html", "/ontology", iri=s.space.ontology, view=view),
        describes=False,
    )


@bp.get("/graph/<name>")
def named_graph(name: str) -> Response:
    s = site()
    name, suffix = split_suffix(name)
    iri = s.space.graph[name]
    triples = [(r["s"], r["p"], r["o"]) for r in s.select("page-graph", iri)]
    if not triples or (suffix is not None and suffix not in BY_SUFFIX and suffix != HTML_SUFFIX):
        raise NotFound(f"No graph <{iri}> in this dataset.")
    quads: list[Quad] = [(a, b, c, iri) for a, b, c in triples]
    subjects = sorted({a for a, _, _ in triples if s.is_local(a) and "#" not in str(a)}, key=str)
    return answer(
        iri,
        quads,
        suffix,
        lambda: _page(
            "graph.html", s.local_path(iri), iri=iri, size=len(triples), subjects=subjects
        ),
        describes=False,
    )


@bp.get("/dataset")
@bp.get("/catalog")
def dataset() -> Response:
    response = redirect(site().space.page("/.well-known/void"), code=303)
    response.headers["Cache-Control"] = http.PAGE_CACHE
    return response


# -- answering ------------------------------------------------------------------------------
def split_suffix(rest: str) -> tuple[str, str | None]:
    stem, dot, suffix = rest.rpartition(".")
    if dot and (suffix in BY_SUFFIX or suffix == HTML_SUFFIX) and "/" not in suffix:
        return stem, suffix
    return rest, None


def answer(iri: URIRef, quads: list[Quad], suffix: str | None, page, *, describes: bool = True):
    """The document about ``iri`` in the format the suffix names, or the negotiated one."""
    s = site()
    path = s.doc_path(iri) if describes else s.local_path(str(iri))
    negotiated = suffix is None
    media = (
        negotiate(PAGE_OFFERS)
        if negotiated
        else (HTML if suffix == HTML_SUFFIX else BY_SUFFIX[suffix].media_type)
    )
    fmt = BY_MEDIA_TYPE.get(media)
    quads = quads + document_metadata(iri, path) if describes else quads
    if fmt is None:
        body = page().encode("utf-8")
        tag = f"{s.fingerprint}-{HTML_SUFFIX}"
    else:
        body = serialise(quads, fmt, s.prefixes)
        tag = f"{s.fingerprint}-{fmt.suffix}"
    response = http.representation(body, media, etag=tag, negotiated=negotiated)
    links = [(p, m) for p, m, _ in http.format_links(path)]
    response.headers["Link"] = http.alternates(links)
    if describes:
        response.headers["Link"] += f', <{iri}>; rel="describes"'
    if negotiated:
        suffix_used = HTML_SUFFIX if fmt is None else fmt.suffix
        response.headers["Content-Location"] = f"{path}.{suffix_used}"
    return response


def document_metadata(iri: URIRef, path: str) -> list[Quad]:
    """Who may reuse this document and what it is about (the Linked Data "document" triples)."""
    s = site()
    doc = s.space.page(path)
    quads: list[Quad] = [
        (doc, RDF.type, FOAF.Document, None),
        (doc, FOAF.primaryTopic, iri, None),
    ]
    if s.licence is not None:
        quads.append((doc, DCTERMS.license, URIRef(s.licence.iri), None))
    quads.append((doc, VOID.inDataset, s.space.dataset, None))
    return quads


def render_resource(iri: URIRef, quads: list[Quad]) -> str:
    s, st = site(), statements()
    d = describe(s, st, iri, quads)
    kind = d.kind
    extra: dict = {}
    template = "resource.html"
    if kind == "article" and iri in s.articles:
        template = "article.html"
        extra["article"] = article_view(s, st, s.articles[iri])
    elif kind == "statement":
        template = "statement.html"
        extra["statement"] = st.view(iri)
    elif kind == "quote":
        template = "quote.html"
        extra["evidence"] = st.evidence(iri)
        extra["supports"] = st.views(
            [a for a, p, o, _ in quads if p == s.space.afg.evidence and o == iri]
        )
    path = s.doc_path(iri)
    own = [q for q in quads if q[0] == iri]  # what it says; the full document is one link away
    jsonld = jsonld_document(own + document_metadata(iri, path), s.prefixes)
    return _page(template, path, iri=iri, d=d, jsonld=jsonld, **extra)


def _page(template: str, path: str, **context: object) -> str:
    """An HTML page, told where its RDF twins are (``formats``) for its head and its footer."""
    context.setdefault("jsonld", None)
    return render_template(template, formats=http.format_links(path), **context)
