"""The index pages: every entity is reachable from the home page by links alone.

An index is a list of the build's list tables (``afgld.store.lists``: what it filters, counts
and sorts on); here are its title and what it holds, and its RDF. A view model: no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS

from afgld.rdfterms import Quad
from afgld.store.lists import BY_SLUG as LIST_BY_SLUG
from afgld.store.lists import ListDef
from afgld.web.views.site import Site


@dataclass(frozen=True)
class Index:
    slug: str
    title: str
    blurb: str

    @property
    def list(self) -> ListDef:
        return LIST_BY_SLUG[self.slug]

    @property
    def kind(self) -> str:
        """The id kind its members have."""
        return self.list.kind


INDEXES = (
    Index("people", "People", "Named people the articles mention."),
    Index(
        "organisations",
        "Organisations",
        "Parties, fronts, councils, governments, units and news outlets.",
    ),
    Index("events", "Events", "Meetings, talks, visits, interviews, attacks, and acts."),
    Index("places", "Places", "Countries, cities, provinces and valleys."),
    Index("works", "Works", "Statements, reports, videos and declarations."),
    Index("posts", "Posts", "Offices named without their holder."),
    Index("agents", "Unnamed agents", "People or groups the text does not name."),
    Index("articles", "Articles", "The news articles, with their text."),
    Index("claims", "Claims", "What speakers are reported to have said."),
    Index("statements", "Statements", "Everything the articles say, with evidence."),
)
BY_SLUG = {i.slug: i for i in INDEXES}
assert set(BY_SLUG) == set(LIST_BY_SLUG), "every list has an index page, and only lists do"


@lru_cache(maxsize=4)
def index_sizes(site: Site) -> dict[str, int]:
    """How many members each index has, for the home page (the data is fixed: once)."""
    return {index.slug: site.lists.size(index.slug) for index in INDEXES}


def index_quads(site: Site, index: Index, members: list[tuple[URIRef, str]]) -> list[Quad]:
    """The index as RDF: a document naming its members (``foaf:topic``), with their labels."""
    doc = site.space.page(index.slug)
    quads: list[Quad] = [(doc, RDF.type, FOAF.Document, None)]
    for iri, label in members:
        quads.append((doc, FOAF.topic, iri, None))
        quads.append((iri, RDFS.label, Literal(label, lang="en"), None))
    return quads


def home_quads(site: Site, void: list[Quad]) -> list[Quad]:
    """The home page as RDF: the dataset's description, and where its indexes are."""
    root = site.space.root
    return void + [(root, RDFS.seeAlso, site.space.page(i.slug), None) for i in INDEXES]
