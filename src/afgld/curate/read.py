"""Read one fact file against its seed: every quote, name and date checked verbatim."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from afgld.curate import yamlfile
from afgld.curate.checks import check_coverage, check_usage
from afgld.curate.content import check_content
from afgld.curate.facts import (
    CERTAINTIES,
    ENTITY_KINDS,
    EVENT_KINDS,
    NOT_STATED,
    ORGANISATION_KINDS,
    POLARITIES,
    SECTION_KINDS,
    ArticleFacts,
    ArticleMeta,
    Entity,
    Item,
    Section,
    Seed,
    Span,
    StatementBlock,
    TimeSpec,
)
from afgld.curate.items import AGENTISH, PLACES, ItemReader
from afgld.curate.knockon import Broken, keys_in, locate, matched_prefix, with_effects
from afgld.curate.names import name_evidence
from afgld.curate.timeexpr import parse_time, parse_times
from afgld.errors import MappingError

KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARTICLE_FIELDS = ("headline", "published", "byline", "dateline", "publisher", "publisher_quote")
FACT_FIELDS = {
    "says",
    "id",
    "about",
    "triples",
    "roles",
    "certainty",
    "incomplete",
    "polarity",
    "rests_on",
    "prose_only",
}
CLAIM_FIELDS = FACT_FIELDS | {
    "by",
    "act",
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
        self.broken: list[Broken] = []  # quotes not placed, and what follows from them
        self.pending: list[Span] = []  # sentences listed under `todo`, not yet decided

    # -- reporting -------------------------------------------------------------------------
    def fail(self, line: int | None, problem: str, hint: str = "") -> None:
        self.problems.append(MappingError(self.path, line, problem, hint))

    def unplaced(self, raw: Any, quote: Any, keys: Iterable[str] = ()) -> None:
        """The quote just reported could not be placed: its block's effects are knock-ons."""
        text = quote if isinstance(quote, str) else ""
        where = locate(self.text, text) if text else None
        self.broken.append(Broken(len(self.problems) - 1, text, keys_in(raw, keys), where))

    def knock_on(
        self, effect: str, *, name: str = "", key: str = "", span: tuple[int, int] | None = None
    ) -> bool:
        """True (and the effect noted) when a broken quote explains this problem."""
        for broken in self.broken:
            if broken.explains(name=name, key=key, span=span):
                broken.effects.append(effect)
                return True
        return False

    def names_knocked_on(self, name: str) -> bool:
        """True when a broken quote explains why ``name`` has no sentence (see knock_on)."""
        return self.knock_on(f"name {name!r} has no other quote", name=name)

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
        known = {"article", "sections", "skipped", "entities", "times", "statements", "todo"}
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
        self.read_todo(data.get("todo") or [])
        blocks = tuple(self.read_statements(data.get("statements") or [], entities, times))
        if meta is None:
            return None
        quotes = [block.quote for block in blocks]
        if meta.headline:
            start = self.text.index(meta.headline)
            quotes.append(Span(start, start + len(meta.headline), meta.headline, 0))
        facts = ArticleFacts(
            seed=self.seed,
            path=self.path,
            meta=meta,
            sections=sections,
            skipped=skipped,
            entities=entities,
            times=times,
            statements=blocks,
            name_evidence=name_evidence(
                self.text, entities, quotes, self.fail, self.names_knocked_on
            ),
        )
        check_usage(self, facts)
        check_coverage(self, facts)
        check_content(facts, self.fail)
        for broken in self.broken:
            if broken.effects:
                self.problems[broken.index] = with_effects(
                    self.problems[broken.index], broken.effects
                )
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
            else:
                self.unplaced(entry, entry.get("quote"))

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
            else:
                self.unplaced(entry, entry.get("quote"))

    def read_todo(self, raw: Iterable[Any]) -> None:
        """Sentences `afgld new-article` listed: each is one problem until it is decided."""
        for entry in raw:
            line = yamlfile.line_of(entry) or yamlfile.line_of(raw)
            quote = entry.get("quote") if isinstance(entry, Mapping) else entry
            occurrence = entry.get("occurrence") if isinstance(entry, Mapping) else None
            span = self.span(quote, line, occurrence)
            if span is None:
                self.unplaced(entry, quote)
                continue
            self.pending.append(span)
            self.fail(
                line,
                f"sentence not yet decided: {_short(span.exact)!r}",
                "quote it under `statements` (with its facts and claims) or list it under "
                "`skipped` with `why`; then delete it from `todo`",
            )

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
        allowed = {"kind", "label", "names", "label_by", "type", "note", "curator_note"}
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
        names, name_in = self.read_names(key, spec.get("names") or [], line)
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
        if kind in (*EVENT_KINDS, "work") and not etype:
            self.fail(line, f"entity {key!r} ({kind}) needs a `type`")
        if etype and kind not in (*EVENT_KINDS, "work", *ORGANISATION_KINDS):
            self.fail(line, f"entity {key!r}: a {kind} has no `type`")
        return Entity(
            key=key,
            kind=kind,
            label=label,
            names=tuple(names),
            label_by_curator=by_curator,
            type=str(etype) if etype else None,
            note=str(spec["note"]) if spec.get("note") else None,
            curator_note=str(spec["curator_note"]) if spec.get("curator_note") else None,
            line=line,
            name_in=tuple(name_in),
        )

    def read_names(self, key: str, raw: Any, line: int) -> tuple[list[str], list[tuple[str, str]]]:
        """Spellings, each a string or ``{name: …, in: <words of the sentence to cite>}``."""
        names: list[str] = []
        hints: list[tuple[str, str]] = []
        if not isinstance(raw, list):
            self.fail(line, f"entity {key!r}: names is a list of the spellings in the text")
            return names, hints
        for entry in raw:
            if isinstance(entry, Mapping) and set(entry) == {"name", "in"}:
                name, hint = entry["name"], entry["in"]
                if isinstance(name, str) and name and isinstance(hint, str) and hint:
                    names.append(name)
                    hints.append((name, hint))
                    continue
            elif isinstance(entry, str) and entry:
                names.append(entry)
                continue
            self.fail(
                line,
                f"entity {key!r}: a name is a spelling, or {{name: …, in: …}}; got {entry!r}",
            )
        return names, hints

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
                self.unplaced(block, block.get("quote"), entities)
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
        ctx = ItemReader(self, line, quote, entities, times)
        item_id = raw.get("id")
        if item_id is not None and not KEY.match(str(item_id)):
            self.fail(line, f"id {item_id!r}: use lowercase letters, digits and hyphens")
        certainty = raw.get("certainty", "certain")
        if certainty not in CERTAINTIES:
            self.fail(line, f"certainty {certainty!r} is not one of {', '.join(CERTAINTIES)}")
        polarity = raw.get("polarity", "affirmative")
        if polarity not in POLARITIES:
            self.fail(line, f"polarity {polarity!r} is not one of {', '.join(POLARITIES)}")
        prose_only = raw.get("prose_only")
        if prose_only is not None and (not isinstance(prose_only, str) or not prose_only.strip()):
            self.fail(line, "prose_only gives the reason no proposition states the content")
        rests_on = raw.get("rests_on") or []
        rests_on = rests_on if isinstance(rests_on, list) else [rests_on]
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
            polarity=polarity,
            rests_on=tuple(str(ref) for ref in rests_on),
            prose_only=str(prose_only).strip() if prose_only else None,
        )
        if voice == "claim":
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
                target=tuple(ctx.keys(raw.get("target"), "target")),
                to=ctx.key(raw.get("to"), "to", kinds=AGENTISH),
                via=tuple(ctx.keys(raw.get("via"), "via", kinds=AGENTISH)),
                at=ctx.key(raw.get("at"), "at", kinds=PLACES),
                on=ctx.time(raw.get("on")),
                occasion=ctx.key(raw.get("occasion"), "occasion", kinds=("event", "work")),
                disputes=str(raw["disputes"]) if raw.get("disputes") else None,
            )
        return Item(**fields)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 80 else flat[:77] + "…"


def _near(text: str, quote: str) -> str:
    """A hint showing where the longest matching prefix of ``quote`` stops matching."""
    low = matched_prefix(text, quote)
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
