"""Seeds: the article texts, read byte for byte and pinned by SHA-256."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from afgld.curate.facts import Seed
from afgld.errors import MappingError

SEED_NAME = re.compile(r"^(\d{3})_[A-Za-z0-9_-]+\.txt$")


def read_seed(path: Path) -> Seed:
    match = SEED_NAME.match(path.name)
    if not match:
        raise MappingError(path, None, "a seed is named NNN_<name>.txt", "rename the file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MappingError(path, None, f"not UTF-8 ({error})", "store the text as UTF-8") from None
    return Seed(id=match[1], path=path, text=text, sha256=hashlib.sha256(data).hexdigest())


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split [start, end) into sentences, erring on the side of too many pieces.

    Used only to check coverage: a sentence counts as covered when any quote overlaps it, so
    splitting too finely is safe and splitting too coarsely is not.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    line_start = start
    for line in text[start:end].split("\n"):
        line_end = line_start + len(line)
        piece_start = line_start
        for match in re.finditer(r"[.!?;:][”\"’')]*\s+", line):
            cut = line_start + match.end()
            spans.append((piece_start, cut))
            piece_start = cut
        spans.append((piece_start, line_end))
        line_start = line_end + 1
    return [
        (a, b)
        for a, b in ((a + _lead(text, a, b), b - _trail(text, a, b)) for a, b in spans)
        if a < b
    ]


def _lead(text: str, a: int, b: int) -> int:
    return len(text[a:b]) - len(text[a:b].lstrip())


def _trail(text: str, a: int, b: int) -> int:
    return len(text[a:b]) - len(text[a:b].rstrip())
