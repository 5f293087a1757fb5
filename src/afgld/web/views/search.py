"""What the search page and ``/search.json`` show: the engine's hits (``afgld.search``), each
with the page it leads to. A view model: no Flask.

A named resource leads to its document (``/doc/person/…``); a quoted sentence leads to itself in
place in its article's page (``/doc/article/NNN#q-…``), where the reader sees it among the
sentences around it; a statement leads to its page, which shows its sentence and links on.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from afgld.search import KINDS
from afgld.search.results import Group, Hit, Results
from afgld.web.views.site import Site
from afgld.web.views.terms import quote_anchor

PAGE_KINDS = tuple((k.id, k.plural) for k in KINDS)  # the kind filter of the search form
FIELDS = {
    "name": "name",
    "spelling": "spelling used in the article",
    "text": "what the statement says",
    "quote": "the article's sentence",
}


@dataclass(frozen=True)
class HitView:
    hit: Hit
    href: str  # the page the hit leads to, on this site
    article_href: str | None  # the article its matched text comes from

    @property
    def shows_match(self) -> bool:
        """Whether the matched text says more than the label already does."""
        return self.hit.matched != self.hit.label

    @property
    def field(self) -> str:
        return FIELDS.get(self.hit.field, self.hit.field)


@dataclass(frozen=True)
class GroupView:
    group: Group
    hits: tuple[HitView, ...]


@dataclass(frozen=True)
class SearchView:
    results: Results
    kinds: tuple[str, ...]  # the kinds asked for; empty: every kind
    limit: int
    groups: tuple[GroupView, ...]

    @property
    def query(self) -> str:
        return self.results.query

    @property
    def count(self) -> int:
        return sum(len(g.hits) for g in self.groups)

    def as_json(self, site: Site) -> dict[str, object]:
        """The engine's JSON (``Results.as_json``), each hit with ``page``: the absolute URL
        of the page it leads to."""
        answer = self.results.as_json(lambda hit: str(site.space.page(hit_view(site, hit).href)))
        return {
            "query": self.query,
            "kinds": list(self.kinds),
            "limit": self.limit,
            "groups": answer["groups"],
        }


def search_view(
    site: Site, results: Results, kinds: tuple[str, ...] = (), limit: int = 10
) -> SearchView:
    groups = tuple(
        GroupView(group, tuple(hit_view(site, hit) for hit in group.hits))
        for group in results.groups
    )
    return SearchView(results, kinds, limit, groups)


def hit_view(site: Site, hit: Hit) -> HitView:
    iri = URIRef(hit.iri)
    article = URIRef(hit.article) if hit.article else None
    article_href = site.doc_path(article) if article is not None else None
    if hit.kind == "quote" and article_href is not None:
        return HitView(hit, f"{article_href}#{quote_anchor(iri)}", article_href)
    return HitView(hit, site.href(iri) or site.doc_path(iri), article_href)
