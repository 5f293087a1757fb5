"""The index pages: every entity is reachable from the home page by links alone.

An index lists the resources of one kind, with their types and how many statements concern
them; the claims and statements indexes list statement cards instead. A view model: no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS

from afgld.rdfterms import Quad
from afgld.web.views.site import Article, Site, iri_in
from afgld.web.views.statements import Statements, StatementView
from afgld.web.views.terms import Term, natural_key, term


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


@dataclass
class IndexView:
    index: Index
    members: list[URIRef]
    rows: list[tuple[Term, list[Term], int]] = field(default_factory=list)
    views: list[StatementView] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


@lru_cache(maxsize=4)
def statement_counts(site: Site) -> dict[URIRef, int]:
    return {iri_in(r, "resource"): int(str(r["statements"])) for r in site.select("page-index")}


def members(site: Site, index: Index) -> list[URIRef]:
    afg = site.space.afg
    if index.kind == "statement":
        kind = afg.ReportedClaim if index.slug == "claims" else afg.Statement
        found = [iri for iri in site.typed(kind) if "#" not in str(iri)]
    else:
        found = [iri for iri in site.types if site.kind(iri) == index.kind and "#" not in str(iri)]
    if index.kind in ("statement", "article"):
        return sorted(found, key=lambda i: natural_key(str(i)))
    return sorted(found, key=lambda i: site.label(i).lower())


@lru_cache(maxsize=4)
def index_sizes(site: Site) -> dict[str, int]:
    """How many members each index has, for the home page (the data is fixed: once)."""
    return {index.slug: len(members(site, index)) for index in INDEXES}


def index_quads(site: Site, index: Index, iris: list[URIRef] | None = None) -> list[Quad]:
    """The index as RDF: a document naming its members (``foaf:topic``), with their labels."""
    doc = site.space.page(index.slug)
    quads: list[Quad] = [(doc, RDF.type, FOAF.Document, None)]
    for iri in members(site, index) if iris is None else iris:
        quads.append((doc, FOAF.topic, iri, None))
        quads.append((iri, RDFS.label, Literal(site.label(iri), lang="en"), None))
    return quads


def index_view(site: Site, statements: Statements, index: Index) -> IndexView:
    iris = members(site, index)
    view = IndexView(index, iris, articles=[site.articles[a] for a in iris if a in site.articles])
    if index.kind == "statement":
        view.views = statements.views(iris)
        return view
    counts = statement_counts(site)
    for iri in iris:
        types = sorted((term(site, t) for t in site.types.get(iri, ())), key=lambda t: t.label)
        view.rows.append((term(site, iri), types, counts.get(iri, 0)))
    return view


def home_quads(site: Site, void: list[Quad]) -> list[Quad]:
    """The home page as RDF: the dataset's description, and where its indexes are."""
    root = site.space.root
    return void + [(root, RDFS.seeAlso, site.space.page(i.slug), None) for i in INDEXES]
