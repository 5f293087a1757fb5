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


SUMS = "SHA256SUMS"


def check_sums(folder: Path) -> list[MappingError]:
    """Every seed is listed in ``SHA256SUMS`` (GNU ``sha256sum`` format) with its SHA-256.

    A seed is never edited: a text that no longer matches its line is refused, as is a seed
    the file does not list and a line for a file that is not there.
    """
    path = folder / SUMS
    seeds = {p.name: p for p in folder.glob("*.txt")}
    if not path.is_file():
        return [
            MappingError(
                path,
                None,
                "missing: nothing pins the seed texts",
                f"in {folder.name}/, run `sha256sum *.txt > {SUMS}`",
            )
        ]
    problems = []
    listed: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        digest, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not name:
            problems.append(MappingError(path, number, "expected '<sha256>  <file name>'"))
            continue
        listed.add(name)
        if name not in seeds:
            problems.append(MappingError(path, number, f"lists {name}, which is not in seeds/"))
        elif hashlib.sha256(seeds[name].read_bytes()).hexdigest() != digest:
            problems.append(
                MappingError(
                    seeds[name],
                    None,
                    f"does not match its SHA-256 in {SUMS} (line {number}): a seed is never edited",
                    "restore the text from version control; a new text is a new article",
                )
            )
    for name in sorted(set(seeds) - listed):
        problems.append(
            MappingError(
                seeds[name],
                None,
                f"is not listed in {folder.name}/{SUMS}",
                "`afgld new-article` adds a text with its line; or add `sha256sum` output for it",
            )
        )
    return problems


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
