"""Search, name look-up and reconciliation over the index ``afgld build`` writes.

``afgld build`` writes ``search.sqlite`` beside the dumps (:mod:`afgld.search.index`); the
server opens it read-only (:class:`afgld.search.searcher.Searcher`) and never rebuilds it.
:mod:`afgld.search.reconcile` answers the Reconciliation Service API from the same index.
Nothing here imports Flask: routes are a thin layer over these functions.
Why SQLite FTS5: docs/decisions/20261206-search-index.md.
"""

from __future__ import annotations

from dataclasses import dataclass

SEARCH_INDEX = "search.sqlite"
FORMAT = 2  # PRAGMA user_version of the index: a reader refuses any other
APPLICATION_ID = 0x6166676C  # "afgl", PRAGMA application_id: the file is ours


@dataclass(frozen=True)
class Kind:
    """What a search result is: results are grouped by kind, in the order of :data:`KINDS`."""

    id: str
    name: str  # one of them: "Person"
    plural: str  # the heading of their group: "People"
    passage: bool = False  # its texts are sentences (statements, quotes), not names
    reconcilable: bool = False  # offered as a type by the reconciliation service


KINDS: tuple[Kind, ...] = (
    Kind("person", "Person", "People", reconcilable=True),
    Kind("organisation", "Organisation", "Organisations", reconcilable=True),
    Kind("place", "Place", "Places", reconcilable=True),
    Kind("event", "Event", "Events", reconcilable=True),
    Kind("work", "Work", "Works", reconcilable=True),
    Kind("post", "Post", "Posts", reconcilable=True),
    Kind("agent", "Unnamed agent", "Unnamed agents", reconcilable=True),
    Kind("article", "Article", "Articles", reconcilable=True),
    Kind("role", "Role", "Roles"),
    Kind("concept", "Concept", "Concepts"),
    Kind("term", "Ontology term", "Ontology terms"),
    Kind("claim", "Claim", "Claims", passage=True),
    Kind("statement", "Statement", "Statements", passage=True),
    Kind("quote", "Quoted sentence", "Quoted sentences", passage=True),
)
BY_ID: dict[str, Kind] = {k.id: k for k in KINDS}
ORDER: dict[str, int] = {k.id: n for n, k in enumerate(KINDS)}
NAME_KINDS: tuple[str, ...] = tuple(k.id for k in KINDS if not k.passage)
PASSAGE_KINDS: tuple[str, ...] = tuple(k.id for k in KINDS if k.passage)
RECONCILABLE: tuple[str, ...] = tuple(k.id for k in KINDS if k.reconcilable)
