"""Read one fact file against its seed: every quote, name and date checked verbatim."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from afgld.curate import yamlfile
from afgld.curate.facts import (
    CERTAINTIES,
    ENTITY_KINDS,
    NOT_STATED,
    POLARITIES,
    SECTION_KINDS,
    ArticleFacts,
    ArticleMeta,
    Entity,
    Item,
    Quantity,
    RoleSpec,
    Section,
    Seed,
    Span,
    StatementBlock,
    TimeSpec,
    Triple,
)
from afgld.curate.predicates import PREDICATES
from afgld.curate.timeexpr import parse_time, parse_times
from afgld.errors import MappingError

KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ROLE_WHEN = ("current", "former")
ROLE_WHEN_TIMED = ("before", "after", "during")
ARTICLE_FIELDS = ("headline", "published", "byline", "dateline", "publisher", "publisher_quote")
FACT_FIELDS = {"says", "id", "about", "triples", "roles", "certainty", "incomplete"}
CLAIM_FIELDS = FACT_FIELDS | {
    "by",
    "act",
    "polarity",
    "target",
    "to",
    "via",
    "at",
    "on",
    "occasion",
    "disputes",
}


class ArticleReader:
    """Reads one fact file; collects every problem instead of stopping at the first."""

    def __init__(self, path: Path, seed: Seed) -> None:
        self.path = path
        self.seed = seed
        self.text = seed.text
        self.problems: list[MappingError] = []

    # -- reporting -------------------------------------------------------------------------
    def fail(self, line: int | None, problem: str, hint: str = "") -> None:
        self.problems.append(MappingError(self.path, line, problem, hint))

    # -- quotes ----------------------------------------------------------------------------
    def span(self, quote: Any, line: int | None, occurrence: Any = None) -> Span | None:
        """Locate ``quote`` in the seed, exactly; ask for `occurrence` if it is ambiguous."""
        if not isinstance(quote, str) or not quote:
            self.fail(line, "a quote must be a non-empty string")
            return None
        starts = [m.start() for m in re.finditer(re.escape(quote), self.text)]
        if not starts:
            self.fail(
                line, f"quote not found verbatim in {self.seed.file_name}", _near(self.text, quote)
            )
            return None
        if occurrence is None:
            if len(starts) > 1:
                self.fail(
                    line,
                    f"quote occurs {len(starts)} times (at {starts}); add `occurrence: N`",
                    "count occurrences from 1 in reading order",
                )
                return None
            start = starts[0]
        else:
            if not isinstance(occurrence, int) or not 1 <= occurrence <= len(starts):
                self.fail(line, f"occurrence must be 1..{len(starts)}, got {occurrence!r}")
                return None
            start = starts[occurrence - 1]
        return Span(start, start + len(quote), quote, line or 0)

    def verbatim(self, value: Any, line: int | None, what: str) -> str | None:
        """A field that is either `not stated` or text found verbatim in the seed."""
        if value is None or value == NOT_STATED:
            return None
        if not isinstance(value, str) or value not in self.text:
            self.fail(line, f"{what} {value!r} is not in {self.seed.file_name} verbatim")
            return None
        return value

    # -- sections --------------------------------------------------------------------------
    def read(self, data: Any) -> ArticleFacts | None:
        if not isinstance(data, Mapping):
            self.fail(1, "a fact file is a mapping with article, entities, statements …")
            return None
        known = {"article", "sections", "skipped", "entities", "times", "statements"}
        for key in data:
            if key not in known:
                self.fail(
                    yamlfile.line_of(data),
                    f"unknown top-level field {key!r}",
                    ", ".join(sorted(known)),
                )
        meta = self.read_meta(data.get("article") or {})
        times = parse_times(
            data.get("times") or {},
            meta.published if meta else None,
            lambda value: yamlfile.line_of(value, 0) or 0,
            self.fail,
        )
        entities = self.read_entities(data.get("entities") or {})
        sections = tuple(self.read_sections(data.get("sections") or []))
        skipped = tuple(self.read_skipped(data.get("skipped") or []))
        blocks = tuple(self.read_statements(data.get("statements") or [], entities, times))
        if meta is None:
            return None
        facts = ArticleFacts(
            seed=self.seed,
            path=self.path,
            meta=meta,
            sections=sections,
            skipped=skipped,
            entities=entities,
            times=times,
            statements=blocks,
        )
        self.check_names(facts)
        self.check_usage(facts)
        self.check_coverage(facts)
        return facts

    def read_meta(self, raw: Any) -> ArticleMeta | None:
        line = yamlfile.line_of(raw)
        if not isinstance(raw, Mapping):
            self.fail(line, "`article` must be a mapping")
            return None
        for key in raw:
            if key not in ARTICLE_FIELDS:
                self.fail(line, f"unknown article field {key!r}", ", ".join(ARTICLE_FIELDS))
        for key in ("headline", "published", "byline", "dateline", "publisher"):
            if key not in raw:
                self.fail(
                    line, f"article.{key} is missing", "write `not stated` if the text does not say"
                )
        published = None
        if raw.get("published") not in (None, NOT_STATED):
            spec = raw["published"]
            if not isinstance(spec, Mapping):
                self.fail(line, "article.published is a time mapping or `not stated`")
            else:
                published = parse_time(
                    "publication", spec, {}, yamlfile.line_of(spec, line) or 0, self.fail
                )
                if published and published.as_stated not in self.text:
                    self.fail(line, f"publication date {published.as_stated!r} is not in the text")
        publisher = raw.get("publisher")
        publisher = None if publisher in (None, NOT_STATED) else publisher
        publisher_quote = None
        if publisher is not None:
            publisher_quote = self.span(raw.get("publisher_quote"), line)
        return ArticleMeta(
            headline=self.verbatim(raw.get("headline"), line, "headline"),
            published=published,
            byline=self.verbatim(raw.get("byline"), line, "byline"),
            dateline=self.verbatim(raw.get("dateline"), line, "dateline"),
            publisher=publisher,
            publisher_quote=publisher_quote,
        )

    def read_sections(self, raw: Iterable[Any]) -> Iterable[Section]:
        for entry in raw:
            line = yamlfile.line_of(entry)
            if not isinstance(entry, Mapping) or entry.get("section") not in SECTION_KINDS:
                self.fail(
                    line,
                    "a section is {section: KIND, quote: …}",
                    f"kinds: {', '.join(SECTION_KINDS)}",
                )
                continue
            span = self.span(entry.get("quote"), line, entry.get("occurrence"))
            if span:
                yield Section(entry["section"], span)

    def read_skipped(self, raw: Iterable[Any]) -> Iterable[tuple[Span, str]]:
        for entry in raw:
            line = yamlfile.line_of(entry)
            if not isinstance(entry, Mapping) or not str(entry.get("why") or "").strip():
                self.fail(
                    line, "a skipped sentence is {quote: …, why: …}", "say why it states no fact"
                )
                continue
            span = self.span(entry.get("quote"), line, entry.get("occurrence"))
            if span:
                yield span, str(entry["why"])

    # -- entities --------------------------------------------------------------------------
    def read_entities(self, raw: Any) -> dict[str, Entity]:
        entities: dict[str, Entity] = {}
        if not isinstance(raw, Mapping):
            self.fail(yamlfile.line_of(raw), "`entities` maps keys to entities")
            return entities
        for key, spec in raw.items():
            line = yamlfile.line_of(spec, yamlfile.line_of(raw)) or 0
            entity = self.read_entity(str(key), spec, line)
            if entity:
                entities[entity.key] = entity
        return entities

    def read_entity(self, key: str, spec: Any, line: int) -> Entity | None:
        if not KEY.match(key):
            self.fail(line, f"entity key {key!r}: use lowercase letters, digits and hyphens")
            return None
        if not isinstance(spec, Mapping):
            self.fail(line, f"entity {key!r} must be a mapping with kind, label, names")
            return None
        allowed = {"kind", "label", "names", "label_by", "type", "note"}
        for field in spec:
            if field not in allowed:
                self.fail(
                    line, f"entity {key!r}: unknown field {field!r}", ", ".join(sorted(allowed))
                )
        kind = spec.get("kind")
        if kind not in ENTITY_KINDS:
            self.fail(
                line, f"entity {key!r}: kind {kind!r} is not one of {', '.join(ENTITY_KINDS)}"
            )
            return None
        label = spec.get("label")
        names = spec.get("names") or []
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            self.fail(line, f"entity {key!r}: names is a list of the spellings in the text")
            names = []
        for name in names:
            if name not in self.text:
                self.fail(
                    line,
                    f"entity {key!r}: name {name!r} is not in {self.seed.file_name}",
                    _near(self.text, name),
                )
        by_curator = spec.get("label_by") == "curator"
        if spec.get("label_by") not in (None, "curator"):
            self.fail(line, f"entity {key!r}: label_by can only be `curator`")
        if not isinstance(label, str) or not label.strip():
            self.fail(line, f"entity {key!r} needs a label")
            return None
        if not names and not by_curator:
            self.fail(line, f"entity {key!r} has no names: add them, or `label_by: curator`")
        etype = spec.get("type")
        if kind in ("event", "work") and not etype:
            self.fail(line, f"entity {key!r} ({kind}) needs a `type`")
        return Entity(
            key=key,
            kind=kind,
            label=label,
            names=tuple(names),
            label_by_curator=by_curator,
            type=str(etype) if etype else None,
            note=str(spec["note"]) if spec.get("note") else None,
            line=line,
        )

    # -- statements ------------------------------------------------------------------------
    def read_statements(
        self, raw: Iterable[Any], entities: Mapping[str, Entity], times: Mapping[str, TimeSpec]
    ) -> Iterable[StatementBlock]:
        seen_quotes: dict[tuple[int, int], int] = {}
        for block in raw:
            line = yamlfile.line_of(block) or 0
            if not isinstance(block, Mapping):
                self.fail(line, "a statement is {quote: …, facts: […], claims: […]}")
                continue
            for key in block:
                if key not in {"quote", "occurrence", "facts", "claims"}:
                    self.fail(
                        line, f"unknown statement field {key!r}", "quote, occurrence, facts, claims"
                    )
            span = self.span(block.get("quote"), line, block.get("occurrence"))
            if span is None:
                continue
            where = (span.start, span.end)
            if where in seen_quotes:
                self.fail(
                    line, f"the same quote is used at line {seen_quotes[where]} too: merge the two"
                )
                continue
            seen_quotes[where] = line
            items = []
            for voice, field in (("fact", "facts"), ("claim", "claims")):
                for entry in block.get(field) or []:
                    item = self.read_item(voice, entry, span, entities, times)
                    if item:
                        items.append(item)
            if not items:
                self.fail(line, "a statement needs at least one fact or claim")
                continue
            yield StatementBlock(span, tuple(items))

    def read_item(
        self,
        voice: str,
        raw: Any,
        quote: Span,
        entities: Mapping[str, Entity],
        times: Mapping[str, TimeSpec],
    ) -> Item | None:
        line = yamlfile.line_of(raw, quote.line) or quote.line
        if not isinstance(raw, Mapping):
            self.fail(line, f"a {voice} is a mapping with at least `says`")
            return None
        allowed = CLAIM_FIELDS if voice == "claim" else FACT_FIELDS
        for key in raw:
            if key not in allowed:
                hint = "claims only" if key in CLAIM_FIELDS else ", ".join(sorted(allowed))
                self.fail(line, f"unknown field {key!r} in a {voice}", hint)
        says = raw.get("says")
        if not isinstance(says, str) or not says.strip():
            self.fail(line, f"a {voice} needs `says`: the proposition in plain English")
            return None
        ctx = _Context(self, line, quote, entities, times)
        item_id = raw.get("id")
        if item_id is not None and not KEY.match(str(item_id)):
            self.fail(line, f"id {item_id!r}: use lowercase letters, digits and hyphens")
        certainty = raw.get("certainty", "certain")
        if certainty not in CERTAINTIES:
            self.fail(line, f"certainty {certainty!r} is not one of {', '.join(CERTAINTIES)}")
        fields: dict[str, Any] = dict(
            voice=voice,
            says=says.strip(),
            id=str(item_id) if item_id is not None else None,
            about=tuple(ctx.keys(raw.get("about"), "about")),
            triples=tuple(ctx.triples(raw.get("triples") or [])),
            roles=tuple(ctx.roles(raw.get("roles") or [])),
            certainty=certainty,
            incomplete=bool(raw.get("incomplete", False)),
            line=line,
        )
        if voice == "claim":
            polarity = raw.get("polarity", "affirmative")
            if polarity not in POLARITIES:
                self.fail(line, f"polarity {polarity!r} is not one of {', '.join(POLARITIES)}")
            if not raw.get("act"):
                self.fail(
                    line, "a claim needs `act`: the speech act (assertion, accusation, denial …)"
                )
            if not raw.get("by") and not raw.get("via"):
                self.fail(
                    line, "a claim needs `by` (the speaker) or at least `via` (who relayed it)"
                )
            fields.update(
                by=ctx.key(raw.get("by"), "by", kinds=AGENTISH),
                act=str(raw.get("act") or ""),
                polarity=polarity,
                target=tuple(ctx.keys(raw.get("target"), "target")),
                to=ctx.key(raw.get("to"), "to", kinds=AGENTISH),
                via=tuple(ctx.keys(raw.get("via"), "via", kinds=AGENTISH)),
                at=ctx.key(raw.get("at"), "at", kinds=PLACES),
                on=ctx.time(raw.get("on")),
                occasion=ctx.key(raw.get("occasion"), "occasion", kinds=("event", "work")),
                disputes=str(raw["disputes"]) if raw.get("disputes") else None,
            )
        return Item(**fields)

    # -- whole-file checks -----------------------------------------------------------------
    def check_names(self, facts: ArticleFacts) -> None:
        quotes = [block.quote.exact for block in facts.statements]
        if facts.meta.headline:
            quotes.append(facts.meta.headline)
        for entity in facts.entities.values():
            for name in entity.names:
                if not any(name in quote for quote in quotes):
                    self.fail(
                        entity.line,
                        f"entity {entity.key!r}: name {name!r} occurs in no statement quote",
                        "every spelling needs a sentence that uses it as evidence",
                    )

    def check_usage(self, facts: ArticleFacts) -> None:
        used: set[str] = set()
        if facts.meta.publisher:
            used.add(facts.meta.publisher)
            if facts.meta.publisher not in facts.entities:
                self.fail(
                    None,
                    f"article.publisher {facts.meta.publisher!r} is not an entity of this file",
                )
        for block in facts.statements:
            for item in block.items:
                used.update(_keys_of(item))
        for key, entity in facts.entities.items():
            if key not in used:
                self.fail(entity.line, f"entity {key!r} is declared but no statement uses it")
        ids = [item.id for block in facts.statements for item in block.items if item.id]
        for item_id in {i for i in ids if ids.count(i) > 1}:
            self.fail(None, f"id {item_id!r} is used more than once in this file")

    def check_coverage(self, facts: ArticleFacts) -> None:
        from afgld.curate.seeds import sentence_spans

        covered = [(b.quote.start, b.quote.end) for b in facts.statements]
        covered += [(span.start, span.end) for span, _ in facts.skipped]
        exempt = [
            (s.span.start, s.span.end)
            for s in facts.sections
            if s.kind in ("duplicate", "boilerplate", "header")
        ]
        # Header fields are covered by `article:` itself.
        meta = facts.meta
        for value in (
            meta.byline,
            meta.dateline,
            meta.published.as_stated if meta.published else None,
        ):
            if value:
                start = self.text.index(value)
                exempt.append((start, start + len(value)))
        for start, end in sentence_spans(self.text):
            words = [i for i in range(start, end) if self.text[i].isalnum()]
            if all(any(a <= i < b for a, b in exempt) for i in words):
                continue
            if not any(a < end and start < b for a, b in covered):
                sentence = self.text[start:end]
                self.fail(
                    None,
                    f"sentence at {start}-{end} is neither used nor skipped: {sentence!r}",
                    "add a statement for it, or a `skipped` entry saying why it states no fact",
                )


AGENTISH = (
    "person",
    "organization",
    "collaboration",
    "unit",
    "government",
    "outlet",
    "agent",
    "post",
)
PLACES = ("country", "city", "region", "place")


class _Context:
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

    def object(self, kind: str, obj: Any, predicate: str, line: int) -> str | Quantity | None:
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
        targets = None if kind == "any" else _KIND_GROUPS[kind]
        return self.key(obj, f"{predicate} object", targets)

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
                ("organization", "collaboration", "unit", "government", "outlet"),
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
    "event": ("event",),
    "person": ("person",),
    "organization": ("organization", "collaboration", "unit", "government", "outlet"),
    "post": ("post",),
}


def _keys_of(item: Item) -> set[str]:
    keys = set(item.about) | set(item.target) | set(item.via)
    keys |= {k for k in (item.by, item.to, item.at, item.occasion) if k}
    for triple in item.triples:
        keys.add(triple.subject)
        if isinstance(triple.object, str) and PREDICATES[triple.predicate].object not in (
            "time",
            "text",
        ):
            keys.add(triple.object)
    for role in item.roles:
        keys |= {k for k in (role.holder, role.role, role.of, role.post) if k}
    return keys


def _near(text: str, quote: str) -> str:
    """A hint showing where the longest matching prefix of ``quote`` stops matching."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "no part of it was found; check the seed file and the spelling"
    found = text.index(quote[:low])
    actual = text[found + low : found + low + 12]
    expected = quote[low : low + 12]
    return f"the first {low} characters match; then the text has {actual!r}, the quote {expected!r}"


def read_article(path: Path, seed: Seed) -> tuple[ArticleFacts | None, list[MappingError]]:
    reader = ArticleReader(path, seed)
    try:
        data = yamlfile.load(path)
    except MappingError as error:
        return None, [error]
    facts = reader.read(data)
    return facts, reader.problems


__all__ = ["read_article", "parse_time"]
