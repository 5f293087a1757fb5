"""What a statement must say: content as propositions that state the relation (or the reason
there is none), and a text that never reads as what a negative statement denies."""

from __future__ import annotations

import re
from collections.abc import Callable

from afgld.curate.facts import ArticleFacts, Item

Fail = Callable[[int | None, str, str], None]

# Words that make a sentence say "no": a negative statement's text holds at least one.
NEGATION = re.compile(
    r"\b(?:not|no|never|none|nothing|nobody|neither|nor|without|cannot|unable|unwilling|"
    r"little|den(?:y|ies|ied)|dismiss(?:es|ed)?|reject(?:s|ed)?|unfounded|lack(?:s|ed)?)\b|n[’']t\b",
    re.IGNORECASE,
)


# Predicates that name what a statement is about, not the relation it states.
STRUCTURELESS = ("about", "affected")


def reads_negative(text: str) -> bool:
    return NEGATION.search(text) is not None


def is_structured(item: Item) -> bool:
    """True when a proposition states the relation itself, not only what the item is about."""
    return bool(item.roles) or any(t.predicate not in STRUCTURELESS for t in item.triples)


def check_content(facts: ArticleFacts, fail: Fail) -> None:
    for block in facts.statements:
        for item in block.items:
            check_negative_text(item, fail)
            check_structured(item, fail)


def check_structured(item: Item, fail: Fail) -> None:
    """Content is given as propositions that state the relation, or `prose_only` says why not."""
    if is_structured(item) and item.prose_only:
        fail(item.line, "prose_only, yet propositions state the content", "remove prose_only")
    elif not is_structured(item) and not item.prose_only:
        fail(
            item.line,
            f"no proposition states what this says: {item.says!r}",
            "give triples or roles that state the relation (an action with its agent, object "
            "and recipient; characterised_as a quality), or `prose_only:` with the reason",
        )


def check_negative_text(item: Item, fail: Fail) -> None:
    """A statement of negative polarity says what is denied, never the affirmed proposition."""
    if item.polarity == "negative" and not reads_negative(item.says):
        fail(
            item.line,
            f"a negative statement reads as what it denies: {item.says!r}",
            "write `says` as the speaker or the article puts it ('X denies that …', "
            "'… produced no results'); the propositions with `polarity: negative` carry the rest",
        )
