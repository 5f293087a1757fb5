"""What reconciliation asks of the index besides names: identifiers, namesakes, property
values, one-line descriptions and previews. Read-only, like everything in afgld.search."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from jinja2 import Environment, PackageLoader, select_autoescape

from afgld.search import BY_ID
from afgld.search.query import Condition, condition_sql, kind_sql
from afgld.search.results import Hit
from afgld.search.searcher import Searcher
from afgld.search.text import fold

MENTIONED_IN = "article"  # the property queries/search-properties.rq gives the articles by
NAMESAKES = 50  # resources one property value may name


@dataclass(frozen=True)
class Preview:
    """An entity as its preview shows it: facts of the index only."""

    id: str
    iri: str
    name: str
    kind: str
    description: str
    names: tuple[str, ...]  # its other names and spellings
    facts: tuple[tuple[str, tuple[str, ...]], ...]  # property name, labels of its values

    def html(self) -> str:
        """A small HTML page for the reconciliation client's preview frame; escaped."""
        return _templates().get_template("preview.html").render(preview=self)


class Entities:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    @cached_property
    def _properties(self) -> dict[str, str]:
        rows = self.searcher.connection().execute("SELECT id, name FROM property ORDER BY id")
        return {str(pid): str(name) for pid, name in rows}

    def properties(self) -> dict[str, str]:
        """Identifier → name of every property a reconciliation query may name."""
        return dict(self._properties)

    def by_identifier(self, text: str, space: str) -> Hit | None:
        """The resource whose IRI, or identifier under ``space``, is ``text``."""
        if "/" not in text:  # every identifier is <kind>/<key>: a plain name is none
            return None
        iri = text if text.startswith(("http://", "https://")) else space + text
        row = (
            self.searcher.connection()
            .execute("SELECT iri, label, kind, weight FROM resource WHERE iri = ?", (iri,))
            .fetchone()
        )
        return None if row is None else _named(row)

    def resolve(self, values: Sequence[str]) -> tuple[int, ...]:
        """The resources a property value names: by IRI, identifier, or exact name."""
        connection = self.searcher.connection()
        found: set[int] = set()
        space = self.searcher.base_iri + "id/"
        for value in values:
            iri = value if value.startswith(("http://", "https://")) else space + value
            row = connection.execute("SELECT id FROM resource WHERE iri = ?", (iri,)).fetchone()
            if row is not None:
                found.add(int(row[0]))
                continue
            folded = fold(value)
            if folded:
                rows = connection.execute(
                    "SELECT DISTINCT resource FROM name WHERE norm = ? LIMIT ?",
                    (folded, NAMESAKES),
                )
                found.update(int(r[0]) for r in rows)
        return tuple(sorted(found))

    def names_of(self, iris: Sequence[str]) -> dict[str, list[str]]:
        """The folded names and spellings of each resource of ``iris``."""
        found: dict[str, list[str]] = {}
        marks = ",".join("?" * len(iris))
        rows = self.searcher.connection().execute(
            "SELECT DISTINCT r.iri, n.norm FROM name n JOIN resource r ON r.id = n.resource"
            f" WHERE r.iri IN ({marks})",
            list(iris),
        )
        for iri, norm in rows:
            found.setdefault(str(iri), []).append(str(norm))
        return found

    def namesakes(self, folded: str, kinds: Sequence[str], conditions: Sequence[Condition]) -> int:
        """How many resources of ``kinds`` meeting ``conditions`` bear the name ``folded``."""
        in_kinds, parameters = kind_sql(kinds, "r.kind")
        held, bound = condition_sql(conditions, "r.id")
        sql = (
            "SELECT COUNT(DISTINCT n.resource) FROM name n JOIN resource r ON r.id = n.resource"
            f" WHERE n.norm = :folded AND {in_kinds} {held}"
        )
        row = self.searcher.connection().execute(sql, {**parameters, **bound, "folded": folded})
        return int(row.fetchone()[0])

    def holding(
        self, conditions: Sequence[Condition], kinds: Sequence[str], limit: int
    ) -> list[Hit]:
        """Resources of ``kinds`` meeting every condition, the most mentioned first."""
        in_kinds, parameters = kind_sql(kinds, "r.kind")
        held, bound = condition_sql(conditions, "r.id")
        sql = (
            f"SELECT r.iri, r.label, r.kind, r.weight FROM resource r WHERE {in_kinds} {held}"
            " ORDER BY r.weight DESC, r.label LIMIT :limit"
        )
        rows = self.searcher.connection().execute(sql, {**parameters, **bound, "limit": limit})
        return [_named(row) for row in rows]

    def describe(self, hits: Sequence[Hit]) -> dict[str, str]:
        """'Person, mentioned in 4 articles' for each hit, by IRI: kind and reach, facts only."""
        if not hits:
            return {}
        marks = ",".join("?" * len(hits))
        rows = self.searcher.connection().execute(
            "SELECT r.iri, COUNT(*) FROM fact JOIN resource r ON r.id = fact.resource"
            f" WHERE fact.property = ? AND r.iri IN ({marks}) GROUP BY r.iri",
            [MENTIONED_IN, *(hit.iri for hit in hits)],
        )
        counts = {str(iri): int(count) for iri, count in rows}
        described = {}
        for hit in hits:
            kind, count = BY_ID[hit.kind].name, counts.get(hit.iri, 0)
            articles = f", mentioned in {count} article{'s' if count != 1 else ''}"
            described[hit.iri] = kind + (articles if count else "")
        return described

    def preview(self, hit: Hit) -> Preview:
        connection = self.searcher.connection()
        names = [
            str(text)
            for (text,) in connection.execute(
                "SELECT DISTINCT n.text FROM name n JOIN resource r ON r.id = n.resource"
                " WHERE r.iri = ? AND n.text != r.label ORDER BY n.text",
                (hit.iri,),
            )
        ]
        facts: dict[str, list[str]] = {}
        rows = connection.execute(
            "SELECT p.name, v.label FROM fact f JOIN resource r ON r.id = f.resource"
            " JOIN resource v ON v.id = f.value JOIN property p ON p.id = f.property"
            " WHERE r.iri = ? ORDER BY p.name, v.label",
            (hit.iri,),
        )
        for name, label in rows:
            facts.setdefault(str(name), []).append(str(label))
        return Preview(
            id=hit.iri[len(self.searcher.base_iri + "id/") :],
            iri=hit.iri,
            name=hit.label,
            kind=BY_ID[hit.kind].name,
            description=self.describe([hit])[hit.iri],
            names=tuple(names),
            facts=tuple((name, tuple(labels)) for name, labels in facts.items()),
        )


def _named(row: tuple[str, str, str, int]) -> Hit:
    iri, label, kind, weight = row
    return Hit(
        iri=iri,
        label=label,
        kind=kind,
        matched=label,
        field="name",
        article=None,
        article_label=None,
        exact=False,
        typo=False,
        weight=int(weight),
    )


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("afgld.search"), autoescape=select_autoescape(default=True)
    )
