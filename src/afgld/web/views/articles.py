"""The article view: the stored text with every quoted span marked and linked to the statements
it supports, so a reader sees which sentence became which statement and which triple.

Offsets count Unicode code points, start included, end excluded (Web Annotation
TextPositionSelector, https://www.w3.org/TR/annotation-model/#text-position-selector), which is
exactly Python string slicing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from afgld.web.views.site import Article, Site, iri_in
from afgld.web.views.statements import Statements, StatementView
from afgld.web.views.terms import Term, quote_anchor, term

IGNORED_SECTIONS = ("boilerplate", "duplicate")


@dataclass
class Span:
    """A quote of the article: where it sits and what it supports."""

    iri: URIRef
    term: Term
    start: int
    end: int
    section: Term | None
    statements: list[StatementView] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return quote_anchor(str(self.iri))


@dataclass
class Segment:
    """A run of text covered by the same quotes (none, for text that yielded nothing)."""

    text: str
    spans: list[Span]

    @property
    def main(self) -> Span | None:
        """The narrowest quote over this run: the link a reader follows."""
        return min(self.spans, key=lambda s: s.end - s.start) if self.spans else None


@dataclass
class ArticleView:
    article: Article
    text: str
    segments: list[Segment]
    spans: list[Span]
    graph_term: Term
    text_term: Term
    published_term: Term | None
    publisher_term: Term | None

    @property
    def characters(self) -> int:
        return len(self.text)

    @property
    def covered(self) -> int:
        return sum(len(s.text) for s in self.segments if s.spans)

    @property
    def statement_count(self) -> int:
        return len({st.iri for span in self.spans for st in span.statements})

    def excerpt(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @staticmethod
    def css(segment: Segment) -> str:
        """has-claim, has-fact or has-name: what the quotes over ``segment`` support."""
        views = [st for span in segment.spans for st in span.statements]
        if any(st.claim for st in views):
            return "has-claim"
        if any(not st.is_name for st in views):
            return "has-fact"
        return "has-name"


def article_view(site: Site, statements: Statements, article: Article) -> ArticleView:
    text = site.article_text(article)
    spans: dict[URIRef, Span] = {}
    for row in site.select("page-article-quotes", article.iri):
        quote = iri_in(row, "quote")
        span = spans.get(quote)
        if span is None:
            section = term(site, row["section"]) if "section" in row else None
            span = spans[quote] = Span(
                quote, term(site, quote), int(row["start"]), int(row["end"]), section
            )
        if "statement" in row:
            span.statements.append(statements.view(iri_in(row, "statement")))
    ordered = sorted(spans.values(), key=lambda s: (s.start, s.end))
    return ArticleView(
        article,
        text,
        segments(text, ordered),
        ordered,
        term(site, article.graph),
        term(site, article.text),
        term(site, article.published_at) if article.published_at else None,
        term(site, article.publisher) if article.publisher else None,
    )


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` at every quote boundary; each piece knows the quotes that cover it."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s.start <= start and end <= s.end]
        pieces.append(Segment(text[start:end], covering))
    return pieces
