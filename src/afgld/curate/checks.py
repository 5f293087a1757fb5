"""Whole-file checks of a fact file: entities are used, and every sentence of the article is
accounted for (the completeness gate). Names: :mod:`afgld.curate.names`."""

from __future__ import annotations

from typing import Protocol

from afgld.curate.facts import ArticleFacts, Item, Span
from afgld.curate.predicates import PREDICATES
from afgld.curate.seeds import sentence_spans


class ArticleReader(Protocol):
    """What the checks and the item reader need of ``afgld.curate.read.ArticleReader``: the
    article's text and a place to report problems (a Protocol, so that neither imports it)."""

    text: str
    pending: list[Span]  # sentences listed under `todo`, not yet decided

    def fail(self, line: int | None, problem: str, hint: str = "") -> None: ...

    def knock_on(
        self, effect: str, *, name: str = "", key: str = "", span: tuple[int, int] | None = None
    ) -> bool: ...


def check_usage(reader: ArticleReader, facts: ArticleFacts) -> None:
    """Every entity declared is used; every id is used once."""
    used: set[str] = set()
    if facts.meta.publisher:
        used.add(facts.meta.publisher)
        if facts.meta.publisher not in facts.entities:
            reader.fail(
                None,
                f"article.publisher {facts.meta.publisher!r} is not an entity of this file",
            )
    for block in facts.statements:
        for item in block.items:
            used.update(_keys_of(item))
    for key, entity in facts.entities.items():
        if key not in used:
            if reader.knock_on(f"entity {key!r} is used by no other statement", key=key):
                continue
            reader.fail(entity.line, f"entity {key!r} is declared but no statement uses it")
    ids = [item.id for block in facts.statements for item in block.items if item.id]
    for item_id in {i for i in ids if ids.count(i) > 1}:
        reader.fail(None, f"id {item_id!r} is used more than once in this file")


def check_coverage(reader: ArticleReader, facts: ArticleFacts) -> None:
    """Every sentence outside page furniture is quoted by a statement or skipped with a reason."""
    covered = [(b.quote.start, b.quote.end) for b in facts.statements]
    covered += [(span.start, span.end) for span, _ in facts.skipped]
    covered += [(span.start, span.end) for span in reader.pending]  # reported as undecided
    exempt = [
        (s.span.start, s.span.end)
        for s in facts.sections
        if s.kind in ("duplicate", "boilerplate", "header")
    ]
    # Header fields are covered by `article:` itself.
    meta = facts.meta
    for value in (
        meta.byline,
        meta.dateline,
        meta.published.as_stated if meta.published else None,
    ):
        if value:
            start = reader.text.index(value)
            exempt.append((start, start + len(value)))
    for start, end in sentence_spans(reader.text):
        words = [i for i in range(start, end) if reader.text[i].isalnum()]
        if all(any(a <= i < b for a, b in exempt) for i in words):
            continue
        if not any(a < end and start < b for a, b in covered):
            if reader.knock_on(f"the sentence at {start}-{end} is not covered", span=(start, end)):
                continue
            sentence = reader.text[start:end]
            reader.fail(
                None,
                f"sentence at {start}-{end} is neither used nor skipped: {sentence!r}",
                "add a statement for it, or a `skipped` entry saying why it states no fact",
            )


def _keys_of(item: Item) -> set[str]:
    keys = set(item.about) | set(item.target) | set(item.via)
    keys |= {k for k in (item.by, item.to, item.at, item.occasion) if k}
    for triple in item.triples:
        keys.add(triple.subject)
        if isinstance(triple.object, str) and PREDICATES[triple.predicate].object not in (
            "time",
            "text",
        ):
            keys.add(triple.object)
    for role in item.roles:
        keys |= {k for k in (role.holder, role.role, role.of, role.post) if k}
    return keys
