"""Read access to a built dataset. Opens what ``afgld build`` wrote; never writes it.

Two kinds of query reach a store:

* trusted page queries (files in ``afgld/queries/``, values bound as terms, never spliced):
  :meth:`Store.select`, :meth:`Store.construct`, :meth:`Store.ask`;
* untrusted SPARQL from users, bounded in time and size: see ``afgld.store.protocol``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from rdflib import Graph
from rdflib.term import Identifier

from afgld.store.manifest import Manifest

Row = dict[str, Identifier]
Bindings = Mapping[str, Identifier]


class Store(Protocol):
    manifest: Manifest

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]: ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool: ...

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph: ...

    def close(self) -> None: ...
