"""References inside one fact or claim: entity keys, times, triples, quantities, roles,
each checked against the file's declarations and the statement's own sentence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from afgld.curate import yamlfile
from afgld.curate.checks import ArticleReader
from afgld.curate.facts import (
    AGENT_KINDS,
    EVENT_KINDS,
    PLACE_KINDS,
    Entity,
    Quantity,
    RoleSpec,
    Span,
    TimeSpec,
    Triple,
    Words,
)
from afgld.curate.predicates import ORGANISATIONS, PREDICATES

ROLE_WHEN = ("current", "former")
ROLE_WHEN_TIMED = ("before", "after", "during")


AGENTISH = (*AGENT_KINDS, "post")  # an office can be spoken to, accused or attend
PLACES = PLACE_KINDS


class ItemReader:
    """Resolves references inside one fact or claim against the file's entities and times."""

    def __init__(
        self,
        reader: ArticleReader,
        line: int,
        quote: Span,
        entities: Mapping[str, Entity],
        times: Mapping[str, TimeSpec],
    ) -> None:
        self.reader = reader
        self.line = line
        self.quote = quote
        self.entities = entities
        self.times = times

    def key(self, value: Any, field: str, kinds: Iterable[str] | None = None) -> str | None:
        if value is None:
            return None
        key = str(value)
        entity = self.entities.get(key)
        if entity is None:
            self.reader.fail(
                self.line,
                f"{field}: {key!r} is not an entity of this file",
                "declare it under `entities`",
            )
            return None
        if kinds is not None and entity.kind not in kinds:
            self.reader.fail(
                self.line, f"{field}: {key!r} is a {entity.kind}, expected {' or '.join(kinds)}"
            )
        return key

    def keys(self, value: Any, field: str, kinds: Iterable[str] | None = None) -> list[str]:
        if value is None:
            return []
        values = value if isinstance(value, list) else [value]
        return [k for k in (self.key(v, field, kinds) for v in values) if k]

    def time(self, value: Any) -> str | None:
        if value is None:
            return None
        spec = self.times.get(str(value))
        if spec is None:
            self.reader.fail(self.line, f"time {value!r} is not declared under `times`")
            return None
        if spec.as_stated not in self.quote.exact:
            self.reader.fail(
                self.line,
                f"time {value!r} ({spec.as_stated!r}) is not in this statement's quote",
                "a time is used only by statements whose sentence states it",
            )
        return spec.id

    def triples(self, raw: Iterable[Any]) -> Iterable[Triple]:
        for entry in raw:
            line = yamlfile.line_of(entry, self.line) or self.line
            if not isinstance(entry, list) or len(entry) != 3:
                self.reader.fail(line, "a triple is [subject, predicate, object]")
                continue
            subject, predicate, obj = entry
            spec = PREDICATES.get(str(predicate))
            if spec is None:
                self.reader.fail(
                    line,
                    f"unknown predicate {predicate!r}",
                    f"known: {', '.join(sorted(PREDICATES))}",
                )
                continue
            subject_key = self.key(subject, f"{predicate} subject", spec.subject_kinds)
            value = self.object(spec.object, obj, str(predicate), line)
            if subject_key and value is not None:
                yield Triple(subject_key, str(predicate), value, line)

    def object(
        self, kind: str, obj: Any, predicate: str, line: int
    ) -> str | Quantity | Words | None:
        if kind == "time":
            return self.time(obj)
        if kind == "text":
            if not isinstance(obj, str) or obj not in self.quote.exact:
                self.reader.fail(
                    line, f"{predicate}: {obj!r} must be words of this statement's quote"
                )
                return None
            return obj
        if kind == "quantity":
            return self.quantity(obj, line)
        if kind == "words" or (kind == "thing" and isinstance(obj, Mapping)):
            return self.words(obj, predicate, line)
        targets = None if kind in ("any", "thing") else _KIND_GROUPS[kind]
        return self.key(obj, f"{predicate} object", targets)

    def words(self, raw: Any, predicate: str, line: int) -> Words | None:
        """``{words: …}``: an object the text names without an entity, in its own words."""
        text = raw.get("words") if isinstance(raw, Mapping) and len(raw) == 1 else None
        if not isinstance(text, str) or not text.strip():
            self.reader.fail(
                line, f"{predicate}: give the object as {{words: <words of the quote>}}"
            )
            return None
        if text not in self.quote.exact:
            self.reader.fail(line, f"{predicate}: words {text!r} are not in this statement's quote")
            return None
        return Words(text)

    def quantity(self, raw: Any, line: int) -> Quantity | None:
        if not isinstance(raw, Mapping):
            self.reader.fail(line, "a quantity is {as_stated, value, unit, approximate}")
            return None
        as_stated = raw.get("as_stated")
        if not isinstance(as_stated, str) or as_stated not in self.quote.exact:
            self.reader.fail(
                line, f"quantity as_stated {as_stated!r} is not in this statement's quote"
            )
            return None
        value = raw.get("value")
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.reader.fail(line, f"quantity value {value!r} must be a number")
            return None
        unit = raw.get("unit")
        if not isinstance(unit, str) or not unit:
            self.reader.fail(line, "a quantity needs `unit` (what is counted, in words)")
            return None
        return Quantity(as_stated, value, unit, bool(raw.get("approximate", False)))

    def roles(self, raw: Iterable[Any]) -> Iterable[RoleSpec]:
        for entry in raw:
            line = yamlfile.line_of(entry, self.line) or self.line
            if not isinstance(entry, Mapping):
                self.reader.fail(line, "a role is {holder, role, of, post, when}")
                continue
            for key in entry:
                if key not in {"holder", "role", "of", "post", "when"}:
                    self.reader.fail(
                        line, f"unknown role field {key!r}", "holder, role, of, post, when"
                    )
            holder = self.key(entry.get("holder"), "holder", AGENTISH)
            role = self.key(entry.get("role"), "role", ("role",))
            of = self.key(
                entry.get("of"),
                "of",
                ORGANISATIONS,
            )
            post = self.key(entry.get("post"), "post", ("post",))
            when, when_time = self.when(entry.get("when", "current"), line)
            if holder and role and when:
                yield RoleSpec(holder, role, of, post, when, when_time, line)

    def when(self, raw: Any, line: int) -> tuple[str | None, str | None]:
        if raw in ROLE_WHEN:
            return str(raw), None
        if isinstance(raw, Mapping) and len(raw) == 1:
            ((relation, tid),) = raw.items()
            if relation in ROLE_WHEN_TIMED:
                return str(relation), self.time(tid)
        self.reader.fail(
            line, f"role `when` {raw!r}", "current, former, {before: t}, {after: t} or {during: t}"
        )
        return None, None


_KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "agent": AGENTISH,
    "place": PLACES,
    "event": EVENT_KINDS,
    "quality": ("quality",),
    "person": ("person",),
    "organization": ORGANISATIONS,
    "post": ("post",),
}
