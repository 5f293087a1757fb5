"""What a statement's text must say: a negative statement never reads as what it denies."""

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


def reads_negative(text: str) -> bool:
    return NEGATION.search(text) is not None


def check_content(facts: ArticleFacts, fail: Fail) -> None:
    for block in facts.statements:
        for item in block.items:
            check_negative_text(item, fail)


def check_negative_text(item: Item, fail: Fail) -> None:
    """A statement of negative polarity says what is denied, never the affirmed proposition."""
    if item.polarity == "negative" and not reads_negative(item.says):
        fail(
            item.line,
            f"a negative statement reads as what it denies: {item.says!r}",
            "write `says` as the speaker or the article puts it ('X denies that …', "
            "'… produced no results'); the propositions with `polarity: negative` carry the rest",
        )
