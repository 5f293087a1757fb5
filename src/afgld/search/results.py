"""What a search answers: hits, grouped by kind; a view model with no Flask in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from afgld.search import BY_ID, ORDER, Kind


@dataclass(frozen=True)
class Hit:
    """One resource found: what it is, and the text of it that matched."""

    iri: str
    label: str
    kind: str
    matched: str  # the name, spelling, statement text or sentence that matched
    field: str  # 'name', 'spelling', 'text' or 'quote'
    article: str | None  # the article the matched text comes from (spellings, passages)
    article_label: str | None
    exact: bool  # the query, folded, is this name
    typo: bool  # found only through a word one edit away from a word of the query
    weight: int  # statements about it or by it

    def as_json(self, page: Callable[[Hit], str] | None = None) -> dict[str, object]:
        """The hit as JSON; with ``page``, also the URL of the page it leads to."""
        found: dict[str, object] = {
            "iri": self.iri,
            "label": self.label,
            "kind": self.kind,
            "matched": self.matched,
            "field": self.field,
            "article": self.article,
            "article_label": self.article_label,
            "exact": self.exact,
            "typo": self.typo,
        }
        if page is not None:
            found["page"] = page(self)
        return found


@dataclass(frozen=True)
class Group:
    kind: Kind
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class Results:
    """The answer to one search: hits grouped by kind, in the order of ``KINDS``."""

    query: str
    groups: tuple[Group, ...] = ()

    @property
    def hits(self) -> tuple[Hit, ...]:
        return tuple(hit for group in self.groups for hit in group.hits)

    def as_json(self, page: Callable[[Hit], str] | None = None) -> dict[str, object]:
        """The results as JSON; with ``page``, each hit with the URL of its page."""
        return {
            "query": self.query,
            "groups": [
                {
                    "kind": g.kind.id,
                    "title": g.kind.plural,
                    "hits": [h.as_json(page) for h in g.hits],
                }
                for g in self.groups
            ],
        }


def hit_of(row: tuple[Any, ...]) -> Hit:
    iri, label, kind, text, field_name, article, article_label, exact, direct, weight = row
    return Hit(
        iri=iri,
        label=label,
        kind=kind,
        matched=text,
        field=field_name,
        article=article,
        article_label=article_label,
        exact=bool(exact),
        typo=not direct,
        weight=int(weight),
    )


def grouped(hits: list[Hit]) -> tuple[Group, ...]:
    """Hits by kind: kinds with an exact name match first, then in the order of KINDS."""
    by_kind: dict[str, list[Hit]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit)

    def order(kind: str) -> tuple[bool, int]:
        return (not any(h.exact for h in by_kind[kind]), ORDER[kind])

    return tuple(Group(BY_ID[k], tuple(by_kind[k])) for k in sorted(by_kind, key=order))
