"""The home page and the index pages: every entity is reachable from here by links alone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Blueprint, Response, current_app
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS
from werkzeug.exceptions import NotFound

from afgld.formats import BY_MEDIA_TYPE, BY_SUFFIX, HTML
from afgld.web import http
from afgld.web.catalog import catalog_context, parsed
from afgld.web.negotiation import PAGE_OFFERS, negotiate
from afgld.web.rdfout import Quad, jsonld_document, serialise
from afgld.web.resources import _page, site, statements
from afgld.web.site import Site
from afgld.web.terms import Term, natural_key, term

bp = Blueprint("pages", __name__)


@dataclass(frozen=True)
class Index:
    slug: str
    title: str
    kind: str  # the id kind its members have
    blurb: str


INDEXES = (
    Index("people", "People", "person", "Named people the articles mention."),
    Index(
        "organisations",
        "Organisations",
        "org",
        "Parties, fronts, councils, governments, units and news outlets.",
    ),
    Index("events", "Events", "event", "Meetings, talks, visits, interviews, attacks."),
    Index("places", "Places", "place", "Countries, cities, provinces and valleys."),
    Index("works", "Works", "work", "Statements, reports, videos and declarations."),
    Index("posts", "Posts", "post", "Offices named without their holder."),
    Index("agents", "Unnamed agents", "agent", "People or groups the text does not name."),
    Index("articles", "Articles", "article", "The news articles, with their text."),
    Index("claims", "Claims", "statement", "What speakers are reported to have said."),
    Index("statements", "Statements", "statement", "Everything the articles say, with evidence."),
)
BY_SLUG = {i.slug: i for i in INDEXES}


@lru_cache(maxsize=4)
def statement_counts(s: Site) -> dict[URIRef, int]:
    return {r["resource"]: int(r["statements"]) for r in s.select("page-index")}


def members(s: Site, index: Index) -> list[URIRef]:
    afg = s.space.afg
    found = [
        iri
        for iri, types in s.types.items()
        if s.kind(iri) == index.kind
        and "#" not in str(iri)
        and (index.slug != "claims" or afg.ReportedClaim in types)
        and (index.slug != "statements" or afg.Statement in types)
    ]
    if index.kind in ("statement", "article"):
        return sorted(found, key=lambda i: natural_key(str(i)))
    return sorted(found, key=lambda i: s.label(i).lower())


@bp.get("/")
def home() -> Response:
    s = site()
    media = negotiate(PAGE_OFFERS)
    fmt = BY_MEDIA_TYPE.get(media)
    void = parsed(str(s.store.manifest.path("void.ttl")))
    quads: list[Quad] = [(a, b, c, None) for a, b, c in void]
    root = URIRef(s.base)
    quads += [(root, RDFS.seeAlso, s.iri(i.slug), None) for i in INDEXES]
    if fmt is not None:
        body = serialise(quads, fmt, s.prefixes)
        response = http.representation(
            body, media, etag=f"{s.fingerprint}-{fmt.suffix}", negotiated=True
        )
    else:
        counts = {i.slug: len(members(s, i)) for i in INDEXES}
        body = _page(
            "home.html",
            "/.well-known/void",
            indexes=INDEXES,
            counts=counts,
            articles=[s.articles[a] for a in sorted(s.articles)],
            jsonld=jsonld_document(quads, s.prefixes),
            version=current_app.config.get("RELEASE") or s.store.manifest.release,
            **catalog_context(),
        ).encode("utf-8")
        response = http.representation(body, HTML, etag=f"{s.fingerprint}-html", negotiated=True)
    response.headers["Link"] = (
        '</.well-known/void>; rel="describedby"; type="text/turtle", '
        '</sparql>; rel="http://www.w3.org/ns/sparql-service-description#endpoint"'
    )
    return response


def index(slug: str, suffix: str | None = None) -> Response:
    """An index page, as HTML or as RDF naming its members (``foaf:topic``)."""
    chosen = BY_SLUG[slug]
    if suffix is not None and suffix not in BY_SUFFIX and suffix != "html":
        raise NotFound(f"No format .{suffix}.")
    s = site()
    iris = members(s, chosen)
    negotiated = suffix is None
    media = (
        negotiate(PAGE_OFFERS)
        if negotiated
        else (HTML if suffix == "html" else BY_SUFFIX[suffix].media_type)
    )
    fmt = BY_MEDIA_TYPE.get(media)
    doc = s.iri(slug)
    quads: list[Quad] = [(doc, RDF.type, FOAF.Document, None)]
    for iri in iris:
        quads.append((doc, FOAF.topic, iri, None))
        quads.append((iri, RDFS.label, Literal(s.label(iri), lang="en"), None))
    if fmt is not None:
        body = serialise(quads, fmt, s.prefixes)
    else:
        body = render_index(s, chosen, iris, quads).encode("utf-8")
    tag = f"{s.fingerprint}-{fmt.suffix if fmt else 'html'}"
    response = http.representation(body, media, etag=tag, negotiated=negotiated)
    response.headers["Link"] = http.alternates((p, m) for p, m, _ in http.format_links("/" + slug))
    return response


for _index in INDEXES:
    bp.add_url_rule(
        f"/{_index.slug}", f"index_{_index.slug}", index, defaults={"slug": _index.slug}
    )
    bp.add_url_rule(
        f"/{_index.slug}.<suffix>", f"index_{_index.slug}_as", index, defaults={"slug": _index.slug}
    )


def render_index(s: Site, chosen: Index, iris: list[URIRef], quads: list[Quad]) -> str:
    counts = statement_counts(s)
    rows: list[tuple[Term, list[Term], int]] = []
    views = []
    if chosen.kind == "statement":
        views = statements().views(iris)
    else:
        for iri in iris:
            types = sorted((term(s, t) for t in s.types.get(iri, ())), key=lambda t: t.label)
            rows.append((term(s, iri), types, counts.get(iri, 0)))
    return _page(
        "index.html",
        "/" + chosen.slug,
        index=chosen,
        rows=rows,
        views=views,
        articles=[s.articles[a] for a in iris if a in s.articles],
        jsonld=jsonld_document(quads, s.prefixes),
    )
