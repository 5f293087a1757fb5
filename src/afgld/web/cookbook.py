"""The cookbook: example queries, one ``*.rq`` file each, offered in the query editor.

A file's first comment line is its title. Prefixes the query uses but does not declare are
declared for it, so that an example copied out of the editor runs anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from afgld.store.guard import tokens


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    query: str


def _declared(query: str) -> set[str]:
    found = tokens(query)
    return {
        found[i + 1][1].split(":", 1)[0]
        for i, (kind, value) in enumerate(found[:-1])
        if kind == "word" and value.upper() == "PREFIX" and found[i + 1][0] == "pname"
    }


def with_prefixes(query: str, prefixes: dict[str, str]) -> str:
    """``query`` preceded by a PREFIX line for each known prefix it uses without declaring."""
    used = {value.split(":", 1)[0] for kind, value in tokens(query) if kind == "pname"}
    missing = sorted((used - _declared(query)) & prefixes.keys())
    head = "".join(f"PREFIX {name}: <{prefixes[name]}>\n" for name in missing)
    return head + query


def _title(text: str, fallback: str) -> str:
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    return first.lstrip("#").strip() if first.startswith("#") else fallback


def examples(directory: str, prefixes: dict[str, str]) -> list[Example]:
    """The examples in ``directory`` (or the packaged cookbook), sorted by file name."""
    folder = Path(directory) if directory else Path(str(files("afgld") / "queries" / "cookbook"))
    found = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = _title(text, path.stem.replace("-", " "))
        found.append(Example(path.stem, title, with_prefixes(text, prefixes)))
    return found
