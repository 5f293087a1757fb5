"""``afgld new-article``: a text into ``seeds/``, pinned, and a fact-file skeleton to fill.

The skeleton lists every sentence of the text under ``todo`` (each a validation problem until
it is quoted by a statement or skipped with a reason) and proposes, as comments, the entity keys
of other articles whose names occur in the text, for the curator to confirm or discard: a
shared spelling is a hint, never an identity ("Massoud" names two people).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from afgld.curate.facts import Corpus
from afgld.curate.seeds import SEED_NAME, sentence_spans
from afgld.errors import AfgldError, MappingError
from afgld.project import Project


@dataclass(frozen=True)
class Proposal:
    """An existing key whose names occur in the new text."""

    key: str
    kind: str
    label: str
    names: tuple[str, ...]  # the spellings found in the new text, in reading order
    articles: tuple[str, ...]  # where the key is used already
    first: int  # where its first name occurs in the text


def scalar(value: str) -> str:
    """``value`` as a double-quoted YAML scalar, every special character escaped."""
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=10**9).strip()


def propose(text: str, corpus: Corpus) -> list[Proposal]:
    """Keys of ``corpus`` one of whose spellings occurs in ``text`` as whole words."""
    spellings: dict[str, set[str]] = {}
    articles: dict[str, list[str]] = {}
    for article in corpus.articles:
        for key, entity in article.entities.items():
            spellings.setdefault(key, {entity.label}).update(entity.names)
            articles.setdefault(key, []).append(article.seed.id)
    proposals = []
    for key, names in spellings.items():
        found = sorted(
            (match.start(), name)
            for name in names
            if (match := re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text))
        )
        if found:
            entity = corpus.entities[key]
            ordered = tuple(dict.fromkeys(name for _, name in found))
            proposals.append(
                Proposal(key, entity.kind, entity.label, ordered, tuple(articles[key]), found[0][0])
            )
    return sorted(proposals, key=lambda p: (p.first, p.key))


def skeleton(seed: str, text: str, proposals: list[Proposal]) -> str:
    """The fact file a curator starts from (mappings/README.md explains every field)."""
    lines = [
        f"# Facts stated by seeds/{seed} (see mappings/README.md for the format and",
        "# docs/curating.md for the way through). Written by `afgld new-article`: work top to",
        "# bottom; `afgld validate` names every line still to do.",
        "article:",
    ]
    first = text.split("\n", 1)[0].strip()
    if first:
        lines.append(f"  # the first line reads {scalar(first)}: the headline, if it is one")
    lines += [
        "  headline: not stated",
        "  published: not stated          # or {as_stated: …, date: YYYY-MM-DD, rule: …}",
        "  byline: not stated",
        "  dateline: not stated           # verbatim, agency credits included",
        "  publisher: not stated          # or an entity key of kind outlet, with publisher_quote",
        "",
        "sections:",
        "",
        "skipped:",
        "",
        "entities:",
    ]
    lines += _proposals(proposals)
    lines += ["", "times:", "", "statements:", ""]
    lines += [
        "# Every sentence of the text, in reading order: move each to `statements` (quote it,",
        "# with its facts and claims) or to `skipped` (with `why`), or mark it as a section.",
        "todo:",
    ]
    counts: dict[str, int] = {}
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        counts[sentence] = counts.get(sentence, 0) + 1
        repeated = text.count(sentence) > 1
        occurrence = f", occurrence: {counts[sentence]}" if repeated else ""
        lines.append(f"  - {{quote: {scalar(sentence)}{occurrence}}}")
    return "\n".join(lines) + "\n"


def _proposals(proposals: list[Proposal]) -> list[str]:
    if not proposals:
        return []
    lines = [
        "  # Keys of other articles whose names occur in this text. Uncomment each that is the",
        "  # same entity (the text must show it: a shared name alone proves nothing) and keep",
        "  # only the names this text uses; use a new key when in doubt (mappings/README.md).",
    ]
    owners: dict[str, list[str]] = {}
    for proposal in proposals:
        for name in proposal.names:
            owners.setdefault(name, []).append(proposal.key)
    for proposal in proposals:
        names = ", ".join(scalar(name) for name in proposal.names)
        lines.append(
            f"  # {proposal.key}: {{kind: {proposal.kind}, label: {scalar(proposal.label)}, "
            f"names: [{names}]}}   # in {', '.join(proposal.articles)}"
        )
        for name in proposal.names:
            others = [key for key in owners[name] if key != proposal.key]
            if others:
                lines.append(f"  #   {scalar(name)} is also a name of {', '.join(others)}")
    return lines


def next_number(project: Project) -> str:
    numbers = [int(p.name[:3]) for p in project.seed_files() if SEED_NAME.match(p.name)]
    return f"{max(numbers, default=-1) + 1:03d}"


def seed_file_name(number: str, name: str) -> str:
    """``NNN_<name>.txt``; the name is any letters, digits, ``-`` and ``_``."""
    file_name = f"{number}_{name}.txt"
    if not SEED_NAME.match(file_name):
        raise AfgldError(
            f"{name!r} cannot name a seed: use letters, digits, '-' and '_' (NNN_<name>.txt)"
        )
    return file_name


def add_article(
    project: Project, source: Path, name: str | None, corpus: Corpus | None
) -> tuple[Path, Path]:
    """Copy ``source`` to ``seeds/NNN_<name>.txt``, pin it, write its skeleton; both paths.

    Refuses (changing nothing) a text that is not UTF-8, that is already a seed, or whose
    fact file exists.
    """
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MappingError(source, None, f"not UTF-8 ({error})", "store it as UTF-8") from None
    if not text.strip():
        raise MappingError(source, None, "the text is empty")
    digest = hashlib.sha256(data).hexdigest()
    sums = project.seed_sums
    held = sums.read_text(encoding="utf-8") if sums.is_file() else ""
    for line in held.splitlines():
        if line.startswith(digest + "  "):
            raise AfgldError(f"{source} is already seeds/{line.split('  ', 1)[1]}")
    stem = name or re.sub(r"[^A-Za-z0-9_-]+", "-", source.stem).strip("-") or "article"
    file_name = seed_file_name(next_number(project), stem)
    seed = project.seeds / file_name
    mapping = project.mappings / f"{seed.stem}.yaml"
    if seed.exists() or mapping.exists():
        raise AfgldError(f"{seed} or {mapping} exists already")
    content = skeleton(file_name, text, propose(text, corpus) if corpus else [])
    seed.write_bytes(data)
    if held and not held.endswith("\n"):
        held += "\n"
    sums.write_text(f"{held}{digest}  {file_name}\n", encoding="utf-8")
    mapping.write_text(content, encoding="utf-8")
    return seed, mapping
