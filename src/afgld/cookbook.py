"""The cookbook: questions researchers ask of this dataset, one SPARQL file each.

Files live in ``afgld/queries/cookbook/``; each starts with ``# title:`` and ``# description:``
lines. They declare no prefixes: :func:`with_prefixes` adds the deployment's own, so the same
file runs under any BASE_IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files

_HEADER = re.compile(r"^# (title|description): (.*)$", re.MULTILINE)
_PREFIXED = re.compile(r"(?<![\w.-])([A-Za-z][\w.-]*):")
_IRIS_AND_STRINGS = re.compile(r"<[^>\s]*>|\"[^\"\n]*\"|'[^'\n]*'")


@dataclass(frozen=True)
class Recipe:
    name: str
    title: str
    description: str
    text: str


def recipes() -> list[Recipe]:
    folder = files("afgld") / "queries" / "cookbook"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        header = dict(_HEADER.findall(text))
        found.append(
            Recipe(entry.name.removesuffix(".rq"), header["title"], header["description"], text)
        )
    return found


def with_prefixes(text: str, prefixes: dict[str, str]) -> str:
    """``text`` with PREFIX declarations for every known prefix it uses."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    body = _IRIS_AND_STRINGS.sub(" ", body)
    used = sorted({p for p in _PREFIXED.findall(body) if p in prefixes})
    declarations = "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in used)
    return declarations + text
