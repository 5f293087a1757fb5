"""What a resource's page shows, assembled from the page queries.

* the quads of its document (``page-describe.rq``): types, labels, every triple, by graph;
* each triple a statement expresses about it (``page-propositions.rq``) or the facts graph
  asserts (``page-facts.rq``), grouped by property, with its status (fact, claimed, hedged,
  disputed) and the statements that carry it, numbered like footnotes;
* the statements that concern it, each with its evidence;
* the names it goes by, each with the sentence in which the article uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rdflib import URIRef
from rdflib.namespace import ORG, RDF, RDFS, SDO, SKOS
from rdflib.term import Identifier

from afgld.rdfterms import Quad
from afgld.store.lists import status_of
from afgld.web.views.site import Site, bool_in, iri_in
from afgld.web.views.statements import Judgement, Statements, StatementView
from afgld.web.views.terms import Term, natural_key, term

LABEL_PREDICATES = (SKOS.prefLabel, SKOS.altLabel)
# (direction "in" or "out", subject, predicate, object): one row of the property table
RowKey = tuple[str, Identifier, Identifier, Identifier]


@dataclass
class Row:
    """One (property, value) about the resource, and who says so."""

    predicate: Term
    value: Term
    asserted: bool = False
    statements: list[URIRef] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    status: str = "fact"  # fact | derived | claimed | hedged | disputed
    derived: bool = False  # an ORG shortcut the facts graph derives from a membership
    negated: bool = False  # every statement that expresses it says it is not so


@dataclass
class Group:
    predicate: Term
    rows: list[Row]


@dataclass
class Name:
    name: str
    preferred: bool
    statements: list[StatementView]


@dataclass
class Note:
    """A note for readers, with the article whose fact file wrote it (its named graph)."""

    text: str
    article: Term | None


@dataclass
class Mention:
    """An article that mentions the resource, with how many statements concerning it it has."""

    article: Term
    headline: str | None
    statements: int


@dataclass
class Description:
    iri: URIRef
    label: str
    kind: str
    quads: list[Quad]
    types: list[Term]
    outgoing: list[Group]
    incoming: list[Group]
    names: list[Name]
    statements: list[StatementView]
    by_graph: list[tuple[Term, list[tuple[Term, Term, Term]]]]
    notes: list[Note]
    judgements: list[Judgement] = field(default_factory=list)
    same_as: list[Term] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def number(self, view: StatementView) -> int:
        """Its number on this page: the footnotes of the tables point at it."""
        return self.statements.index(view) + 1

    @property
    def claims(self) -> list[StatementView]:
        return [s for s in self.statements if s.claim]

    @property
    def claims_by(self) -> list[StatementView]:
        """Claims this resource makes: it is their speaker."""
        own = str(self.iri)
        return [s for s in self.claims if s.speaker is not None and s.speaker.value == own]

    @property
    def claims_about(self) -> list[StatementView]:
        """Claims others make that concern it."""
        return [s for s in self.claims if s not in self.claims_by]

    @property
    def facts(self) -> list[StatementView]:
        return [s for s in self.statements if not s.claim]

    @property
    def kinds(self) -> list[str]:
        """What it is, in words, each once (``person``, not foaf:Person and schema:Person)."""
        return list(dict.fromkeys(t.label for t in self.types))

    @property
    def memberships(self) -> list[Row]:
        """Its roles: the memberships it is the member of, with their status."""
        return [r for g in self.incoming if g.predicate.curie == "org:member" for r in g.rows]

    @property
    def described(self) -> list[tuple[Term, list[Term]]]:
        """A one-line description built from facts only: the values of its properties that the
        facts graph asserts (or derives), in the table's order; names aside."""
        found = []
        for group in self.outgoing:
            values = [r.value for r in group.rows if r.status in ("fact", "derived")]
            if values:
                found.append((group.predicate, values))
        return found[:4]


def quads_of(site: Site, iri: URIRef) -> list[Quad]:
    return [(r["s"], r["p"], r["o"], iri_in(r, "g")) for r in site.select("page-describe", iri)]


def exists(site: Site, iri: URIRef) -> bool:
    return bool(quads_of(site, iri))


def describe(site: Site, statements: Statements, iri: URIRef, quads: list[Quad]) -> Description:
    rows = _rows(site, iri)
    numbers: dict[URIRef, int] = {}
    about = [iri_in(r, "statement") for r in site.select("page-about", iri)]
    ordered = statements.views(about + [s for row in rows.values() for s in row.statements])
    for number, view in enumerate(ordered, start=1):
        numbers[view.iri] = number
    views = {v.iri: v for v in ordered}
    for row in rows.values():
        row.statements = sorted(set(row.statements), key=lambda s: numbers[s])
        row.numbers = [numbers[s] for s in row.statements]
        row.status = _status(row, views)
        said = [views[s] for s in row.statements]
        row.negated = not row.asserted and bool(said) and all(v.negative for v in said)
    names = _names(site, rows, views)
    outgoing = _groups([r for (d, *_), r in rows.items() if d == "out"], label_rows=False)
    incoming = _groups([r for (d, *_), r in rows.items() if d == "in"], label_rows=True)
    by_graph: dict[URIRef | None, list[tuple[Term, Term, Term]]] = {}
    for s, p, o, g in sorted(quads, key=lambda q: (str(q[3]), str(q[0]) != str(iri), str(q[1]))):
        by_graph.setdefault(g, []).append(
            (term(site, s), term(site, p, as_property=True), term(site, o))
        )
    types = sorted(
        {term(site, o) for s, p, o, _ in quads if s == iri and p == RDF.type},
        key=lambda t: t.curie,
    )
    notes = _notes(site, iri, quads)
    return Description(
        iri=iri,
        label=site.label(iri),
        kind=site.kind(iri) or "resource",
        quads=quads,
        types=types,
        outgoing=outgoing,
        incoming=incoming,
        names=names,
        statements=ordered,
        by_graph=[
            (term(site, g) if g else Term("", "default graph"), t) for g, t in by_graph.items()
        ],
        notes=notes,
        judgements=[
            statements.judgement(s)
            for s, p, o, _ in sorted(quads, key=lambda q: str(q[0]))
            if isinstance(s, URIRef)
            and o == iri
            and p == SDO.about
            and site.space.afg.CuratorJudgement in site.types.get(s, ())
        ],
        same_as=sorted(
            {term(site, o) for s, p, o, _ in quads if s == iri and p == site.space.afg.sameEventAs},
            key=lambda t: t.label,
        ),
        mentions=_mentions(site, ordered),
    )


def _notes(site: Site, iri: URIRef, quads: list[Quad]) -> list[Note]:
    """Its notes for readers (``skos:note``), each with the article whose graph holds it;
    notes for curators (``skos:editorialNote``) stay in the table of raw triples."""
    by_graph = {a.graph: a.iri for a in site.articles.values()}
    found = []
    for s, p, o, g in quads:
        if s == iri and p == SKOS.note:
            article = by_graph.get(g) if isinstance(g, URIRef) else None
            found.append(Note(str(o), _article_term(site, article) if article else None))
    return sorted(found, key=lambda n: (n.article.value if n.article else "", n.text))


def _mentions(site: Site, statements: list[StatementView]) -> list[Mention]:
    counts: dict[URIRef, int] = {}
    for view in statements:
        for evidence in view.evidence[:1]:
            if evidence.info is not None:
                counts[evidence.info.iri] = counts.get(evidence.info.iri, 0) + 1
    return [
        Mention(_article_term(site, a), site.articles[a].headline, n)
        for a, n in sorted(counts.items(), key=lambda item: natural_key(str(item[0])))
    ]


def _article_term(site: Site, article: URIRef) -> Term:
    """An article by its number (``Article 002``), its headline shown beside it."""
    number = site.articles[article].number if article in site.articles else "?"
    return replace(term(site, article), label=f"Article {number}")


def _rows(site: Site, iri: URIRef) -> dict[RowKey, Row]:
    rows: dict[RowKey, Row] = {}
    for r in site.select("page-propositions", iri):
        key = (str(r["direction"]), r["subject"], r["predicate"], r["object"])
        row = rows.get(key)
        if row is None:
            other = r["object"] if key[0] == "out" else r["subject"]
            row = rows[key] = Row(term(site, r["predicate"], as_property=True), term(site, other))
        row.asserted = row.asserted or bool_in(r, "asserted")
        row.statements.append(iri_in(r, "statement"))
    for r in site.select("page-facts", iri):
        key = (str(r["direction"]), r["subject"], r["predicate"], r["object"])
        if key not in rows:
            other = r["object"] if key[0] == "out" else r["subject"]
            rows[key] = Row(term(site, r["predicate"], as_property=True), term(site, other), True)
            if r["predicate"] in SHORTCUTS:
                rows[key].derived = True
    _support_shortcuts(site, iri, rows)
    return rows


SHORTCUTS = (ORG.memberOf, ORG.headOf, ORG.holds)


def _support_shortcuts(site: Site, iri: URIRef, rows: dict[RowKey, Row]) -> None:
    """A derived ``org:memberOf`` rests on the statements of the membership it comes from."""
    memberships = [
        (key[1], row) for key, row in rows.items() if key[0] == "in" and key[2] == ORG.member
    ]
    for (direction, _, _, value), row in rows.items():
        if direction != "out" or not row.derived:
            continue
        for membership, support in memberships:
            facts = {(r["predicate"], r["object"]) for r in site.select("page-facts", membership)}
            if (ORG.organization, value) in facts or (site.space.afg.forPost, value) in facts:
                row.statements.extend(support.statements)


def _status(row: Row, views: dict[URIRef, StatementView]) -> str:
    supporting = [(views[s].claim, views[s].disputed) for s in row.statements]
    return status_of(row.asserted, row.derived, supporting)


def _names(site: Site, rows: dict[RowKey, Row], views: dict[URIRef, StatementView]) -> list[Name]:
    names: list[Name] = []
    for (direction, _, predicate, value), row in rows.items():
        if direction == "out" and predicate in LABEL_PREDICATES:
            said = [views[s] for s in row.statements]
            names.append(Name(str(value), predicate == SKOS.prefLabel, said))
    return sorted(names, key=lambda n: (not n.preferred, n.name.lower()))


ORDER = (
    "skos:prefLabel",
    "skos:altLabel",
    "org:memberOf",
    "org:headOf",
    "org:holds",
    "sem:hasTime",
    "schema:startDate",
    "schema:location",
    "schema:attendee",
)


def _groups(rows: list[Row], *, label_rows: bool) -> list[Group]:
    grouped: dict[str, Group] = {}
    for row in rows:
        if not label_rows and row.predicate.curie in ("skos:prefLabel", "skos:altLabel"):
            continue
        group = grouped.setdefault(row.predicate.value, Group(row.predicate, []))
        group.rows.append(row)
    for group in grouped.values():
        group.rows.sort(key=lambda r: (r.status != "fact", r.value.label.lower()))

    def rank(group: Group) -> tuple[int, str]:
        curie = group.predicate.curie
        return (ORDER.index(curie) if curie in ORDER else len(ORDER), group.predicate.label)

    return sorted(grouped.values(), key=rank)


def label_of(site: Site, iri: URIRef, quads: list[Quad]) -> str:
    for s, p, o, _ in quads:
        if s == iri and p in (SKOS.prefLabel, RDFS.label):
            return str(o)
    return site.label(iri)


__all__ = ["Description", "describe", "exists", "natural_key", "quads_of"]
