"""The typed facts a fact file holds, after reading and checking against its seed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

ENTITY_KINDS = (
    "person",
    "organization",
    "collaboration",
    "unit",
    "government",
    "outlet",
    "country",
    "city",
    "region",
    "place",
    "event",
    "action",
    "work",
    "post",
    "agent",
    "role",
    "quality",
)
PLACE_KINDS = ("country", "city", "region", "place")
AGENT_KINDS = ("person", "organization", "collaboration", "unit", "government", "outlet", "agent")
ORGANISATION_KINDS = ("organization", "collaboration", "unit", "government", "outlet")
EVENT_KINDS = ("event", "action")  # things that happen: events, and acts with an agent
CONCEPT_KINDS = ("role", "quality")  # declared by the fact files, published as SKOS concepts
SECTION_KINDS = ("headline", "header", "synopsis", "body", "caption", "duplicate", "boilerplate")
UNCOVERED_SECTIONS = ("duplicate", "boilerplate")
CERTAINTIES = ("certain", "probable", "possible", "underspecified")
JUDGEMENT_CERTAINTIES = ("certain", "probable", "possible")
POLARITIES = ("affirmative", "negative")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASONS = ("spring", "summer", "autumn", "winter")
NOT_STATED = "not stated"


@dataclass(frozen=True)
class Span:
    """A verbatim span of a seed: [start, end) in code points, and its text."""

    start: int
    end: int
    exact: str
    line: int  # where the fact file gives it


@dataclass(frozen=True)
class Entity:
    key: str
    kind: str
    label: str
    names: tuple[str, ...]
    label_by_curator: bool
    type: str | None
    note: str | None  # public: shown with the entity
    line: int
    curator_note: str | None = None  # for other curators only
    # name → words of the sentence whose mention of it is the evidence, when the curator chose
    name_in: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TimeSpec:
    """A time expression as the text states it, resolved only as far as the text allows."""

    id: str
    as_stated: str
    value: str | None  # ISO lexical form: 2022-01-15, 2021-08, 2001, --11-23
    datatype: str | None  # xsd local name of ``value``: date, gYearMonth, gYear, gMonthDay
    precision: str  # day, month, year, month-day, years, weekday, weekend, unknown
    weekday: str | None
    earliest: dt.date | None
    latest: dt.date | None
    relative_to: str | None
    rule: str | None
    line: int
    season: str | None = None  # spring, summer, autumn, winter, when the words name one


@dataclass(frozen=True)
class Quantity:
    as_stated: str
    value: int | float
    unit: str
    approximate: bool


@dataclass(frozen=True)
class Words:
    """What a proposition's object is, in the verbatim words of its sentence."""

    text: str


@dataclass(frozen=True)
class Triple:
    subject: str
    predicate: str
    object: str | Quantity | Words  # key, time id, literal text, quantity, or words
    line: int


@dataclass(frozen=True)
class RoleSpec:
    holder: str
    role: str
    of: str | None
    post: str | None
    when: str  # current, former, before, after, during
    when_time: str | None
    line: int


@dataclass(frozen=True)
class Item:
    """One fact or claim: what a quote says, in whose voice."""

    voice: str  # "fact" or "claim"
    says: str
    id: str | None
    about: tuple[str, ...]
    triples: tuple[Triple, ...]
    roles: tuple[RoleSpec, ...]
    certainty: str
    incomplete: bool
    line: int
    polarity: str = "affirmative"  # negative: the statement denies its propositions
    rests_on: tuple[str, ...] = ()  # ids (or NNN#id) of statements this one depends on
    prose_only: str | None = None  # why the text supports no formal proposition
    # claims only
    by: str | None = None
    act: str | None = None
    target: tuple[str, ...] = ()
    to: str | None = None
    via: tuple[str, ...] = ()
    at: str | None = None
    on: str | None = None
    occasion: str | None = None
    disputes: str | None = None


@dataclass(frozen=True)
class StatementBlock:
    quote: Span
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Section:
    kind: str
    span: Span


@dataclass(frozen=True)
class ArticleMeta:
    headline: str | None
    published: TimeSpec | None
    byline: str | None
    dateline: str | None
    publisher: str | None
    publisher_quote: Span | None


@dataclass(frozen=True)
class Seed:
    id: str  # "000"
    path: Path
    text: str
    sha256: str

    @property
    def file_name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class ArticleFacts:
    seed: Seed
    path: Path
    meta: ArticleMeta
    sections: tuple[Section, ...]
    skipped: tuple[tuple[Span, str], ...]
    entities: dict[str, Entity]
    times: dict[str, TimeSpec]
    statements: tuple[StatementBlock, ...]
    # (entity key, name) → the quote in which that name is a mention of that entity
    name_evidence: dict[tuple[str, str], Span] = field(default_factory=dict)

    def section_at(self, start: int, end: int) -> str:
        for section in self.sections:
            if section.span.start <= start and end <= section.span.end:
                return section.kind
        return "body"


@dataclass(frozen=True)
class Judgement:
    id: str
    kind: str
    date: dt.date
    subjects: tuple[str, ...]
    note: str
    line: int
    certainty: str = "certain"
    basis: str = ""
    pairs: tuple[tuple[str, str], ...] = ()  # conflicts: the statements that contradict
    on: str | None = None  # conflicts: what the pairs disagree on


@dataclass(frozen=True)
class Curation:
    curator: str
    judgements: tuple[Judgement, ...]
    path: Path | None = None


@dataclass
class Corpus:
    """Every article's facts plus the curators' cross-article judgements."""

    articles: list[ArticleFacts]
    curation: Curation
    entities: dict[str, Entity] = field(default_factory=dict)
