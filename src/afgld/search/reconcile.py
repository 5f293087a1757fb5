"""Reconciliation Service API 0.2, without HTTP: every answer as a JSON-ready dict.

W3C Entity Reconciliation Community Group, "Reconciliation Service API v0.2" (2023-04-10):
https://reconciliation-api.github.io/specs/0.2/ . A route only parses the request, calls one
method of :class:`Reconciler`, and sends the dict as JSON (or the preview as HTML); the paths
it must serve are in :data:`PATHS`.

- Entities are the named resources under ``<base>id/``; an entity's identifier is its IRI
  without that prefix (``person/ahmad-massoud``), so the view template is ``<base>id/{{id}}``.
- Types are the kinds of :data:`afgld.search.KINDS` offered for reconciliation.
- Properties are those ``queries/search-properties.rq`` gives values for; a condition is a
  filter (every condition must hold), its value an identifier, an IRI or an exact name.
- ``match`` is true only for the one candidate whose name or spelling is the query, folded,
  when no other entity of the asked types has that name: "Massoud" matches nobody.
- ``type_strict`` is accepted and ignored: types always filter (the specification itself
  calls its meaning unclear).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from afgld import __version__
from afgld.config import Settings
from afgld.errors import BatchTooLarge, InvalidSearch
from afgld.search import BY_ID, RECONCILABLE
from afgld.search.entities import Entities, Preview
from afgld.search.query import Condition
from afgld.search.results import Hit
from afgld.search.searcher import Searcher
from afgld.search.text import fold, similarity

PATHS = {
    "service": "reconcile",
    "preview": "reconcile/preview",  # ?id=<entity id>
    "suggest_entity": "reconcile/suggest/entity",  # ?prefix=…&cursor=…
    "suggest_type": "reconcile/suggest/type",
    "suggest_property": "reconcile/suggest/property",
}
DEFAULT_LIMIT = 5
SUGGESTIONS = 10
MAX_VALUES = 20  # values of one property condition
PREVIEW_SIZE = {"width": 420, "height": 260}
QUERY_KEYS = frozenset({"query", "type", "limit", "properties", "type_strict"})


@dataclass(frozen=True)
class Query:
    """One reconciliation query, checked."""

    query: str
    types: tuple[str, ...]
    limit: int
    properties: tuple[tuple[str, tuple[str, ...]], ...]


class Reconciler:
    """The reconciliation service of one build's search index."""

    def __init__(self, searcher: Searcher, *, max_batch: int = 50) -> None:
        self.searcher = searcher
        self.entities = Entities(searcher)
        self.max_batch = max_batch
        self.base = searcher.base_iri
        self.space = self.base + "id/"

    @classmethod
    def from_settings(cls, searcher: Searcher, settings: Settings) -> Reconciler:
        """The service with a deployment's batch size (``RECONCILE_MAX_BATCH``)."""
        return cls(searcher, max_batch=settings.reconcile_max_batch)

    # -- the manifest ---------------------------------------------------------------------
    def manifest(self) -> dict[str, object]:
        """The service manifest, answered to GET on the service path without parameters."""
        service = self.base.rstrip("/")

        def suggest(name: str) -> dict[str, str]:
            return {"service_url": service, "service_path": "/" + PATHS[name]}

        return {
            "versions": ["0.2"],
            "name": "afgld: people, organisations, places and events of Afghan opposition news",
            "identifierSpace": self.space,
            "schemaSpace": self.base + "ontology",
            "serviceVersion": __version__,
            "view": {"url": self.space + "{{id}}"},
            "preview": {"url": f"{self.base}{PATHS['preview']}?id={{{{id}}}}", **PREVIEW_SIZE},
            "suggest": {
                "entity": suggest("suggest_entity"),
                "type": suggest("suggest_type"),
                "property": suggest("suggest_property"),
            },
            "defaultTypes": [{"id": BY_ID[k].id, "name": BY_ID[k].name} for k in RECONCILABLE],
            "batchSize": self.max_batch,
        }

    # -- queries --------------------------------------------------------------------------
    def answer(self, queries: str) -> dict[str, object]:
        """The result batch for the ``queries`` parameter (JSON text) of GET or POST."""
        return self.reconcile(self.parse(queries))

    def parse(self, queries: str) -> dict[str, Query]:
        """Check a query batch; InvalidSearch says what is wrong and where."""
        try:
            batch = json.loads(queries)
        except (ValueError, RecursionError) as error:
            raise InvalidSearch(f"queries is not JSON: {error}") from None
        if not isinstance(batch, dict):
            raise InvalidSearch('queries must be a JSON object: {"q0": {"query": "…"}, …}')
        if len(batch) > self.max_batch:
            raise BatchTooLarge(
                f"the batch has {len(batch)} queries; at most {self.max_batch} are answered"
            )
        return {str(key): self._query(str(key), value) for key, value in batch.items()}

    def _query(self, key: str, raw: object) -> Query:
        where = f"queries[{json.dumps(key)}]"
        if not isinstance(raw, dict):
            raise InvalidSearch(f"{where} must be an object")
        unknown = sorted(set(raw) - QUERY_KEYS)
        if unknown:
            raise InvalidSearch(f"{where} has an unknown field {unknown[0]!r}")
        text = raw.get("query", "")
        if not isinstance(text, str):
            raise InvalidSearch(f"{where}.query must be a string")
        if len(text) > self.searcher.limits.max_query_chars:
            raise InvalidSearch(
                f"{where}.query has {len(text)} characters; at most "
                f"{self.searcher.limits.max_query_chars} are searched"
            )
        if "query" not in raw and not raw.get("properties"):
            raise InvalidSearch(f"{where} needs a query or properties")
        limit = raw.get("limit", DEFAULT_LIMIT)
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 1:
            raise InvalidSearch(f"{where}.limit must be a positive integer")
        return Query(
            query=text,
            types=self._types(where, raw.get("type")),
            limit=self.searcher.limit(int(limit)),
            properties=self._properties(where, raw.get("properties", [])),
        )

    def _types(self, where: str, raw: object) -> tuple[str, ...]:
        if raw is None:
            return ()
        found = [raw] if isinstance(raw, str) else raw
        if not isinstance(found, list) or not all(isinstance(t, str) for t in found):
            raise InvalidSearch(f"{where}.type must be a type identifier or a list of them")
        for name in found:
            if name not in RECONCILABLE:
                known = ", ".join(RECONCILABLE)
                raise InvalidSearch(f"{where}.type: unknown type {name!r}; the types are {known}")
        return tuple(dict.fromkeys(found))

    def _properties(self, where: str, raw: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(raw, list):
            raise InvalidSearch(f"{where}.properties must be a list of {{pid, v}} objects")
        known = self.entities.properties()
        conditions = []
        for n, item in enumerate(raw):
            if not isinstance(item, dict) or "pid" not in item or "v" not in item:
                raise InvalidSearch(f"{where}.properties[{n}] must be an object with pid and v")
            pid = item["pid"]
            if pid not in known:
                raise InvalidSearch(
                    f"{where}.properties[{n}]: unknown property {pid!r}; "
                    f"the properties are {', '.join(known)}"
                )
            values = item["v"] if isinstance(item["v"], list) else [item["v"]]
            if not values or len(values) > MAX_VALUES:
                raise InvalidSearch(f"{where}.properties[{n}].v: give 1 to {MAX_VALUES} values")
            conditions.append((str(pid), tuple(_value(where, n, v) for v in values)))
        return tuple(conditions)

    def reconcile(self, batch: Mapping[str, Query]) -> dict[str, object]:
        """Candidates for every query of a checked batch, each query answered on its own."""
        with self.searcher.bounded():
            return {key: {"result": self._candidates(query)} for key, query in batch.items()}

    def _candidates(self, query: Query) -> list[dict[str, object]]:
        kinds = list(query.types or RECONCILABLE)
        conditions = [
            Condition(pid, self.entities.resolve(values)) for pid, values in query.properties
        ]
        named = self.entities.by_identifier(query.query.strip(), self.space)
        if named is not None and named.kind in kinds:
            described = self.entities.describe([named])
            return [self._candidate(named, described, 100.0, exact=True, match=True, similar=1.0)]
        words = self.searcher.words(query.query, truncate=True)
        if words is None:
            if not conditions:
                return []
            hits = self.entities.holding(conditions, kinds, query.limit)
            described = self.entities.describe(hits)
            return [self._candidate(h, described, 50.0, exact=False, match=False) for h in hits]
        hits = self.searcher.names(words, kinds, query.limit, per_kind=False, conditions=conditions)
        namesakes = self.entities.namesakes(words.folded, kinds, conditions)
        names = self.entities.names_of([hit.iri for hit in hits])
        described = self.entities.describe(hits)
        scored = []
        for hit in hits:
            alike = max((similarity(words.folded, n) for n in names.get(hit.iri, [])), default=0.0)
            score = 100.0 if hit.exact else round(min(99.0, 100 * alike), 1)
            if hit.typo and not hit.exact:
                score = round(score * 0.9, 1)
            match = hit.exact and namesakes == 1
            scored.append(
                self._candidate(hit, described, score, exact=hit.exact, match=match, similar=alike)
            )
        scored.sort(key=lambda c: -float(str(c["score"])))
        return scored

    def _candidate(
        self,
        hit: Hit,
        described: Mapping[str, str],
        score: float,
        *,
        exact: bool,
        match: bool,
        similar: float = 0.0,
    ) -> dict[str, object]:
        kind = BY_ID[hit.kind]
        return {
            "id": hit.iri[len(self.space) :],
            "name": hit.label,
            "description": described[hit.iri],
            "type": [{"id": kind.id, "name": kind.name}],
            "score": score,
            "match": match,
            "features": [
                {"id": "name_exact", "value": exact},
                {"id": "name_similarity", "value": round(similar, 3)},
                {"id": "statements", "value": hit.weight},
            ],
        }

    # -- suggest services -----------------------------------------------------------------
    def suggest_entities(self, prefix: str, cursor: int = 0) -> dict[str, object]:
        """Entities whose names start with ``prefix``: the entity suggest service."""
        found = self.searcher.lookup(prefix, RECONCILABLE, SUGGESTIONS, offset=cursor)
        named = self.entities.by_identifier(prefix.strip(), self.space)
        if named is not None and named.kind in RECONCILABLE and cursor <= 0:
            found = [named] + [hit for hit in found if hit.iri != named.iri]
        result = []
        described = self.entities.describe(found[:SUGGESTIONS])
        for hit in found[:SUGGESTIONS]:
            kind = BY_ID[hit.kind]
            result.append(
                {
                    "id": hit.iri[len(self.space) :],
                    "name": hit.label,
                    "description": described[hit.iri],
                    "notable": [{"id": kind.id, "name": kind.name}],
                }
            )
        return {"result": result}

    def suggest_types(self, prefix: str, cursor: int = 0) -> dict[str, object]:
        """Types whose identifier or name starts with ``prefix``."""
        wanted = fold(self._checked(prefix))
        kinds = [
            BY_ID[k]
            for k in RECONCILABLE
            if any(fold(t).startswith(wanted) for t in (k, BY_ID[k].name, BY_ID[k].plural))
        ]
        chosen = kinds[max(0, cursor) : max(0, cursor) + SUGGESTIONS]
        return {"result": [{"id": k.id, "name": k.name} for k in chosen]}

    def suggest_properties(self, prefix: str, cursor: int = 0) -> dict[str, object]:
        """Properties whose identifier or name holds a word starting with ``prefix``."""
        wanted = fold(self._checked(prefix))
        found = [
            {"id": pid, "name": name}
            for pid, name in self.entities.properties().items()
            if not wanted
            or any(w.startswith(wanted) or fold(pid).startswith(wanted) for w in fold(name).split())
            or fold(name).startswith(wanted)
        ]
        return {"result": found[max(0, cursor) : max(0, cursor) + SUGGESTIONS]}

    def _checked(self, prefix: str) -> str:
        if len(prefix) > self.searcher.limits.max_query_chars:
            raise InvalidSearch(
                f"the prefix has {len(prefix)} characters; at most "
                f"{self.searcher.limits.max_query_chars} are searched"
            )
        return prefix

    # -- preview --------------------------------------------------------------------------
    def preview(self, identifier: str) -> Preview | None:
        """What the preview page of an entity shows, or None when there is no such entity."""
        hit = self.entities.by_identifier(self._checked(identifier).strip(), self.space)
        if hit is None or hit.kind not in RECONCILABLE:
            return None
        return self.entities.preview(hit)


def _value(where: str, n: int, raw: object) -> str:
    """A property value as the text to resolve: an entity's id, IRI or name."""
    if isinstance(raw, dict):
        if not isinstance(raw.get("id"), str):
            raise InvalidSearch(f"{where}.properties[{n}].v: an entity value needs a string id")
        return str(raw["id"])
    if isinstance(raw, str | int | float) and not isinstance(raw, bool):
        return str(raw)
    raise InvalidSearch(f"{where}.properties[{n}].v must be a string, a number or {{id}}")
