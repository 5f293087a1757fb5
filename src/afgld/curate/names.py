"""Evidence for names: the sentence in which a spelling is a mention of its own entity.

A spelling is a mention only where it stands as a word of its own and is not part of a longer
name the article uses (for any entity): "Khan" inside "Amir Khan Muttaqi" is no mention of
Ismail Khan, and "Iran" inside "Iranian" no mention of Iran. The first statement quote (then the
headline) holding a mention is the evidence, unless the curator names the sentence with
``{name: …, in: <words of that sentence>}``. Naming it also accepts a spelling that the text
uses inside a longer name that does mention it ("Balkh" in the office "Balkh governor", the
title "Commander" in "Commander Massoud"), but never a person's name inside another person's
name, or inside a longer name of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from afgld.curate.facts import Entity, Span

Fail = Callable[[int | None, str, str], None]


def occurrences(text: str, name: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where ``name`` occurs in ``text[start:end]`` as a word of its own (absolute offsets)."""
    end = len(text) if end is None else end
    found = []
    for match in re.finditer(re.escape(name), text[start:end]):
        at = start + match.start()
        before = text[at - 1] if at > 0 else " "
        after = text[at + len(name)] if at + len(name) < len(text) else " "
        if (name[0].isalnum() and before.isalnum()) or (name[-1].isalnum() and after.isalnum()):
            continue
        found.append(at)
    return found


def longer_names(name: str, entities: Mapping[str, Entity]) -> list[tuple[str, str]]:
    """(key, longer name) for every name of the article that contains ``name``."""
    return sorted(
        (key, other)
        for key, entity in entities.items()
        for other in entity.names
        if other != name and name in other
    )


def is_mention(text: str, at: int, name: str, longer: Sequence[tuple[str, str]]) -> bool:
    """True unless the occurrence of ``name`` at ``at`` lies inside one of the longer names."""
    for _, other in longer:
        offset = other.find(name)
        while offset != -1:
            if text.startswith(other, at - offset):
                return False
            offset = other.find(name, offset + 1)
    return True


def name_evidence(
    text: str,
    entities: Mapping[str, Entity],
    quotes: Iterable[Span],
    fail: Fail,
    knocked_on: Callable[[str], bool] = lambda name: False,
) -> dict[tuple[str, str], Span]:
    """The evidence span of every (entity, name); reports names that have none, unless
    ``knocked_on(name)`` says a quote that could not be placed explains it."""
    candidates = list(quotes)
    evidence: dict[tuple[str, str], Span] = {}
    for key, entity in entities.items():
        hints = dict(entity.name_in)
        for name in entity.names:
            if name not in text:
                continue  # reported already: not in the seed at all
            longer = longer_names(name, entities)
            hint = hints.get(name)
            if hint is not None:  # the curator vouches for mentions inside compositional names
                longer = [
                    (other_key, other)
                    for other_key, other in longer
                    if other_key == key
                    or (entity.kind == "person" and entities[other_key].kind == "person")
                ]
            span = _first_mention(text, name, longer, candidates, hint)
            if span is not None:
                evidence[(key, name)] = span
                continue
            if hint is not None:
                fail(
                    entity.line,
                    f"entity {key!r}: name {name!r} is not a mention of its own in the sentence "
                    f"holding {hint!r}",
                    "`in` gives words of a statement quote in which the name stands on its own",
                )
                continue
            inside = _inside(text, name, longer, candidates)
            if not inside and knocked_on(name):
                continue
            where = (
                f"it occurs only inside {', '.join(repr(n) for n in inside)}"
                if inside
                else "it occurs in no statement quote"
            )
            fail(
                entity.line,
                f"entity {key!r}: name {name!r} has no sentence that mentions it on its own: "
                f"{where}",
                "every spelling needs a sentence that uses it as the mention of this entity",
            )
    return evidence


def _first_mention(
    text: str,
    name: str,
    longer: Sequence[tuple[str, str]],
    candidates: Sequence[Span],
    hint: str | None,
) -> Span | None:
    for span in candidates:
        regions = [(span.start, span.end)]
        if hint is not None:
            regions = [
                (span.start + i, span.start + i + len(hint)) for i in _finds(span.exact, hint)
            ]
        for start, end in regions:
            if any(
                is_mention(text, at, name, longer) for at in occurrences(text, name, start, end)
            ):
                return span
    return None


def _inside(
    text: str, name: str, longer: Sequence[tuple[str, str]], candidates: Sequence[Span]
) -> list[str]:
    """The longer names that hold every occurrence of ``name`` in the candidate quotes."""
    found: set[str] = set()
    for span in candidates:
        for at in occurrences(text, name, span.start, span.end):
            for _, other in longer:
                offset = other.find(name)
                if offset != -1 and text.startswith(other, at - offset):
                    found.add(other)
    return sorted(found)


def _finds(haystack: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), haystack)]
