"""The page queries: SPARQL files under ``afgld/queries/``, read once per application.

Each query is prefixed with the deployment's PREFIX declarations (``afg:``, ``afgg:`` …, from
:meth:`afgld.namespaces.Space.prefixes`); values are bound as terms by the store, never spliced.
"""

from __future__ import annotations

from importlib.resources import files

from afgld.namespaces import Space


class Queries:
    """``queries["page-describe"]``: the text of ``page-describe.rq`` with prefixes."""

    def __init__(self, space: Space) -> None:
        header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(space.prefixes().items()))
        folder = files("afgld") / "queries"
        self._texts = {
            entry.name.removesuffix(".rq"): header + entry.read_text(encoding="utf-8")
            for entry in folder.iterdir()
            if entry.name.startswith("page-") and entry.name.endswith(".rq")
        }

    def __getitem__(self, name: str) -> str:
        return self._texts[name]

    def __contains__(self, name: str) -> bool:
        return name in self._texts
