"""A quote that cannot be placed in its seed, and the problems that follow from it.

When a statement's quote is not found, nothing in its block is read: its names lose their
evidence, its entities look unused, its sentence looks uncovered. Those are knock-on effects,
not problems of their own: the whole-file checks hand them to the broken quote, which reports
them in one line, so a curator sees one problem and fixes one thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from afgld.errors import MappingError

MIN_MATCH = 12  # characters a quote must share with the text to say where it belongs


@dataclass
class Broken:
    """A quote not placed; ``index`` is its problem's place in the reader's list."""

    index: int
    quote: str
    keys: frozenset[str]
    around: tuple[int, int] | None
    effects: list[str] = field(default_factory=list)

    def explains(self, *, name: str, key: str, span: tuple[int, int] | None) -> bool:
        """A name its quote holds, a key its block uses, or a sentence where it belongs."""
        if name and name in self.quote:
            return True
        if key and key in self.keys:
            return True
        return bool(span and self.around and span[0] < self.around[1] and self.around[0] < span[1])


def matched_prefix(text: str, quote: str) -> int:
    """How many leading characters of ``quote`` occur in ``text`` (binary search)."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where a quote that is not in ``text`` was most likely taken from, if anywhere."""
    head = matched_prefix(text, quote)
    if head >= MIN_MATCH:
        start = text.index(quote[:head])
        return start, start + len(quote)
    tail = matched_prefix(text[::-1], quote[::-1])
    if tail >= MIN_MATCH:
        end = text.index(quote[len(quote) - tail :]) + tail
        return max(0, end - len(quote)), end
    return None


def keys_in(raw: Any, known: Iterable[str]) -> frozenset[str]:
    """Every entity key that a raw YAML block mentions, anywhere in it."""
    names = set(known)
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if value in names:
                found.add(value)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(raw)
    return frozenset(found)


def with_effects(problem: MappingError, effects: list[str]) -> MappingError:
    """The broken quote's problem, naming what follows from it."""
    listed = "; ".join(effects)
    count = f"{len(effects)} more problem{'s' if len(effects) != 1 else ''}"
    note = f"knock-on: {count} follow from this one and go with it: {listed}"
    hint = f"{problem.hint}\n  {note}" if problem.hint else note
    return MappingError(problem.path, problem.line, problem.problem, hint)
