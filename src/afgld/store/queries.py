"""The trusted queries of ``afgld/queries/`` with a deployment's PREFIX declarations: the pages'
(``page-*.rq``, run while serving) and the list tables' (``list-*.rq``, run by the build)."""

from __future__ import annotations

from importlib.resources import files

from afgld.namespaces import Space


class Queries:
    """``queries["page-describe"]``: the text of ``page-describe.rq`` with this deployment's
    PREFIX declarations (``afg:``, ``afgg:`` …), read once. ``prefix`` picks the files."""

    def __init__(self, space: Space, prefix: str = "page-") -> None:
        header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(space.prefixes().items()))
        folder = files("afgld") / "queries"
        self._texts = {
            entry.name.removesuffix(".rq"): header + entry.read_text(encoding="utf-8")
            for entry in folder.iterdir()
            if entry.name.startswith(prefix) and entry.name.endswith(".rq")
        }

    def __getitem__(self, name: str) -> str:
        return self._texts[name]

    def __contains__(self, name: str) -> bool:
        return name in self._texts
