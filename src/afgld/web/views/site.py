"""What every page needs to know about the dataset, read once when the application starts.

The store is read-only, so labels, types, time nodes and articles are indexed once (labels and
types by the build, once per release, in the list tables: a worker reads them in a fraction of
the time the store takes to find them); a page then queries only what is particular to its
resource, with the page queries of ``afgld/queries/`` (values bound as terms by the store, never
spliced). Paths map to IRIs as ``BASE_IRI + path``: the request's Host header never decides an
IRI. A view model: no Flask here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from afgld.errors import BuildError
from afgld.namespaces import ID_KINDS, Space
from afgld.store import Row, Store
from afgld.store.lists import LISTS_FILE, Lists
from afgld.store.manifest import Manifest
from afgld.store.queries import Queries

DOC = "doc/"
V = TypeVar("V")
WEB = Path(__file__).resolve().parent.parent  # the page code, templates and assets


class NoSuchResource(LookupError):
    """A path names nothing in this dataset (the routes answer 404 with this message)."""


def iri_in(row: Row, name: str) -> URIRef:
    """The IRI a page query bound to ``name``; TypeError if it bound something else."""
    value = row[name]
    if not isinstance(value, URIRef):
        raise TypeError(f"?{name} is not an IRI: {value!r}")
    return value


def iri_or_none(row: Row, name: str) -> URIRef | None:
    return iri_in(row, name) if name in row else None


def text_or_none(row: Row, name: str) -> str | None:
    return str(row[name]) if name in row else None


def bool_in(row: Row, name: str) -> bool:
    """A boolean a page query bound (``BIND (EXISTS {…} AS ?asserted)``)."""
    value = row[name]
    return isinstance(value, Literal) and bool(value.toPython())


def iris(values: Iterable[Identifier]) -> list[URIRef]:
    """The IRIs among ``values``."""
    return [value for value in values if isinstance(value, URIRef)]


def literal_or_none(row: Row, name: str) -> Literal | None:
    value = row.get(name)
    return value if isinstance(value, Literal) else None


@dataclass(frozen=True)
class TimeNode:
    iri: URIRef
    as_stated: str | None
    value: Literal | None
    precision: URIRef | None
    rule: str | None
    relative_to: URIRef | None
    earliest: str | None
    latest: str | None
    unstated: bool
    of: URIRef | None = None  # the membership it is the time of


@dataclass(frozen=True)
class Article:
    iri: URIRef
    graph: URIRef
    seed_file: str
    text: URIRef
    headline: str | None
    published: str | None
    published_at: URIRef | None
    byline: str | None
    dateline: str | None
    publisher: URIRef | None

    @property
    def number(self) -> str:
        return str(self.iri).rsplit("/", 1)[-1]


# Names shown for licences the data may carry; any other is shown by its IRI.
LICENCE_NAMES = {
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
}


@dataclass(frozen=True)
class Licence:
    """The licence the build says its data is under (DATA_LICENSE when it was built)."""

    iri: str
    name: str


def licence_of(iri: str | None) -> Licence | None:
    return Licence(iri, LICENCE_NAMES.get(iri, iri)) if iri else None


class ByIri(Mapping[URIRef, V]):
    """What the build recorded of each resource, looked up by the resource's IRI. The keys stay
    plain strings, so that a web worker starts without making an rdflib term per resource; a
    term that is not an IRI (a literal with the same text) is never found."""

    def __init__(self, found: dict[str, V]) -> None:
        self._found = found

    def __getitem__(self, key: URIRef) -> V:
        if not isinstance(key, URIRef):
            raise KeyError(key)
        return self._found[str(key)]

    def __iter__(self) -> Iterator[URIRef]:
        return (URIRef(iri) for iri in self._found)

    def __len__(self) -> int:
        return len(self._found)


def _types(rows: Iterable[tuple[str, str]]) -> ByIri[frozenset[URIRef]]:
    """The types of each resource from (resource, type) rows; one term per distinct type."""
    kinds: dict[str, URIRef] = {}
    grouped: dict[str, list[URIRef]] = {}
    for iri, kind in rows:
        term = kinds.get(kind)
        if term is None:
            term = kinds[kind] = URIRef(kind)
        grouped.setdefault(iri, []).append(term)
    return ByIri({iri: frozenset(terms) for iri, terms in grouped.items()})


class Site:
    """The dataset as the pages see it: IRI space, queries, and indexes built once."""

    def __init__(self, store: Store, space: Space) -> None:
        self.store = store
        self.space = space
        self.licence = licence_of(store.manifest.data_license)
        self.queries = Queries(space)
        self.prefixes = space.prefixes()
        self.lists = Lists(_lists_path(store.manifest))
        # What the build wrote once per release into the list tables, not asked of the store.
        self.labels: ByIri[str] = ByIri(self.lists.labels())
        self.types = _types(self.lists.types())
        self.times = self._times()
        self.articles = self._articles()
        self.judgements = self._judgements()
        self.fingerprint = _fingerprint(store.manifest.inputs_sha256)
        # Statements are many: each one's label is asked for when a page shows it, and kept.
        self.statement_label = lru_cache(maxsize=8192)(self._statement_label)
        self.membership_label = lru_cache(maxsize=4096)(self._membership_label)

    # -- queries ---------------------------------------------------------------------------
    def select(
        self, name: str, this: Identifier | None = None, **bindings: Identifier
    ) -> list[Row]:
        if this is not None:
            bindings["this"] = this
        for value in bindings.values():  # a request path that made no valid IRI names nothing
            if isinstance(value, URIRef) and not _valid_iri(value):
                raise NoSuchResource("No resource has this address in this dataset.")
        return self.store.select(self.queries[name], bindings)

    def _statement_label(self, iri: URIRef) -> str | None:
        rows = self.select("page-statement-label", iri)
        return str(rows[0]["label"]) if rows else None

    def _times(self) -> dict[URIRef, TimeNode]:
        found: dict[URIRef, TimeNode] = {}
        for row in self.select("page-times"):
            iri = iri_in(row, "time")
            found[iri] = TimeNode(
                iri,
                text_or_none(row, "asStated"),
                literal_or_none(row, "value"),
                iri_or_none(row, "precision"),
                text_or_none(row, "rule"),
                iri_or_none(row, "relativeTo"),
                text_or_none(row, "earliest"),
                text_or_none(row, "latest"),
                "unstated" in row,
                iri_or_none(row, "of"),
            )
        return found

    def _articles(self) -> dict[URIRef, Article]:
        found: dict[URIRef, Article] = {}
        for row in self.select("page-articles"):
            iri = iri_in(row, "article")
            found[iri] = Article(
                iri,
                iri_in(row, "graph"),
                str(row["seedFile"]),
                iri_in(row, "text"),
                text_or_none(row, "headline"),
                text_or_none(row, "published"),
                iri_or_none(row, "publishedAt"),
                text_or_none(row, "byline"),
                text_or_none(row, "dateline"),
                iri_or_none(row, "publisher"),
            )
        return found

    def article_text(self, article: Article) -> str:
        """The stored text the quotes' offsets count in (Unicode code points)."""
        path = self.store.manifest.path(f"texts/{article.seed_file}")
        return path.read_text(encoding="utf-8")

    # -- IRIs and paths --------------------------------------------------------------------
    @property
    def base(self) -> str:
        return self.space.base

    def iri(self, path: str) -> URIRef:
        """The IRI a request path names: ``BASE_IRI`` + the path without its leading slash.

        A path that makes no valid IRI (a space, ``<``, ``"``, a control character…) names
        nothing in the dataset: 404, before any query sees it.
        """
        iri = self.space.page(path)
        if not _valid_iri(iri):
            raise NoSuchResource("No resource has this address in this dataset.")
        return iri

    def is_local(self, iri: Identifier) -> bool:
        return isinstance(iri, URIRef) and str(iri).startswith(self.base)

    def local_path(self, iri: str) -> str:
        """``/id/person/x`` for ``<BASE>id/person/x``: links work on any host the app runs on."""
        return self.space.local_path(iri)

    def doc_path(self, iri: URIRef, suffix: str | None = None) -> str:
        """The path of the document that describes ``iri`` (``/doc/…``), or its own path."""
        text = str(iri)
        fragment = ""
        if "#" in text:
            text, fragment = text.split("#", 1)
            fragment = "#" + fragment
        local = text[len(self.base) :]
        if local.startswith("id/"):
            path = "/" + DOC + local[len("id/") :]
        elif local.startswith("concept/"):
            path = "/" + DOC + local
        else:
            path = "/" + local
        if suffix:
            path = f"{path}.{suffix}"
        return path + fragment

    def thing_for_doc(self, rest: str) -> URIRef | None:
        """The IRI ``/doc/<rest>`` describes: ``id/<rest>``, or ``concept/…`` for concepts."""
        if rest.startswith("concept/"):
            return self.iri(rest)
        kind = rest.split("/", 1)[0]
        if kind in ID_KINDS:
            return self.iri("id/" + rest)
        return None

    def href(self, term: Identifier) -> str | None:
        """Where a link to ``term`` points: the local document, or the IRI itself if external."""
        if not isinstance(term, URIRef):
            return None
        if self.is_local(term):
            return self.doc_path(term)
        return str(term)

    # -- names for people ------------------------------------------------------------------
    def curie(self, iri: URIRef) -> str:
        text = str(iri)
        best, chosen = "", ""
        for prefix, namespace in self.prefixes.items():
            if text.startswith(namespace) and len(namespace) > len(best):
                best, chosen = namespace, prefix
        if best and "/" not in text[len(best) :] and "#" not in text[len(best) :]:
            return f"{chosen}:{text[len(best) :]}"
        return text

    def label(self, term: Identifier) -> str:
        if isinstance(term, Literal):
            return str(term)
        if not isinstance(term, URIRef):
            return str(term)
        if term in self.labels:
            return self.labels[term]
        if self.kind(term) == "statement":
            said = self.statement_label(term)
            if said is not None:
                return said
        time = self.times.get(term)
        if time is not None and time.as_stated:
            return f"“{time.as_stated}”"
        if term in self.articles:
            return f"Article {self.articles[term].number}"
        return self._named_by_key(term) or humanise(self.curie(term))

    def _named_by_key(self, term: URIRef) -> str | None:
        """A label for the resources that have none in the data, made from what they are, never
        their key: quotes, propositions, texts, judgements, a time's parts, a version."""
        if "#" in str(term):  # a part of a resource: a quote's selector, a time's parts
            whole, part = str(term).split("#", 1)
            return f"{humanise(part)} of {self.label(URIRef(whole))}"
        kind, key = self.kind(term), str(term).rsplit("/", 1)[-1]
        parts = key.split("-")
        if kind == "quote" and len(parts) == 3:
            return f"Article {parts[0]}, characters {parts[1]}–{parts[2]}"
        if kind == "proposition" and len(parts) > 1 and parts[-1].isdigit():
            statement = self.space.kind("statement")["-".join(parts[:-1])]
            said = self.statement_label(statement)
            return f"proposition {parts[-1]} of “{_short(said)}”" if said else None
        if kind == "time":
            return self._time_label(term)
        if kind == "membership":
            return self.membership_label(term)
        if kind == "text" and key.isdigit():
            return f"stored text of article {key}"
        if kind == "judgement" and term in self.judgements:
            return self.judgements[term]
        if str(term).startswith(str(self.space.ontology) + "/"):
            return f"ontology, version {key}"
        return None

    def _membership_label(self, term: URIRef) -> str | None:
        """``member, role, organisation``, as ORG's memberships are labelled in the data."""
        parts: dict[str, str] = {}
        for row in self.select("page-membership-label", term):
            name = str(row["predicate"]).rsplit("#", 1)[-1]
            parts.setdefault(name, self.label(row["value"]))
        words = [parts[p] for p in ("member", "role", "organization", "forPost") if p in parts]
        return ", ".join(words) or None

    def _time_label(self, term: URIRef) -> str | None:
        """A time the text gives no words for: named after what it is the time of."""
        for article in self.articles.values():
            if article.published_at == term:
                return f"publication of article {article.number}"
        time = self.times.get(term)
        if time is not None and time.of is not None:
            return f"time of “{self.label(time.of)}”"
        return None

    def _judgements(self) -> dict[URIRef, str]:
        """What each curator judgement is called: its kind and certainty, and its basis."""
        found = {}
        for row in self.select("page-judgements"):
            kind = row.get("kind")
            certainty = row.get("certainty")
            words = [self.label(kind) if isinstance(kind, URIRef) else "judgement"]
            if isinstance(certainty, URIRef):
                words.append(f"({self.label(certainty)})")
            label = "curators’ " + " ".join(words)
            if "basis" in row:
                label += f": {_short(str(row['basis']))}"
            found[iri_in(row, "judgement")] = label
        return found

    def kind(self, iri: URIRef) -> str | None:
        """``person``, ``statement`` …: the id kind, or ``concept`` / ``ontology`` / ``graph``."""
        if not self.is_local(iri):
            return None
        local = str(iri)[len(self.base) :]
        head, _, rest = local.partition("/")
        if head == "id":
            return rest.split("/", 1)[0]
        return head.split("#", 1)[0]


def humanise(curie: str) -> str:
    """``org:memberOf`` → ``member of``: a readable name for a term that has no label."""
    local = curie.rsplit(":", 1)[-1].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    words: list[str] = []
    for char in local.replace("_", " ").replace("-", " "):
        if char.isupper() and words and words[-1] not in (" ",):
            words.append(" ")
        words.append(char.lower() if char.isupper() else char)
    return "".join(words).strip() or curie


def _short(text: str, limit: int = 72) -> str:
    """``text`` cut at a word before ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _lists_path(manifest: Manifest) -> Path:
    """The build's list tables; a build made before them is refused."""
    if LISTS_FILE not in manifest.files:
        raise BuildError(
            f"{manifest.directory} has no {LISTS_FILE} (made by an earlier afgld): "
            "run `afgld build` again"
        )
    return manifest.path(LISTS_FILE)


def _valid_iri(iri: URIRef) -> bool:
    try:
        ox.NamedNode(str(iri))
    except ValueError:
        return False
    return True


def _fingerprint(inputs_sha256: str) -> str:
    """A short hash of the data release and of the page code: the base of every ETag."""
    digest = hashlib.sha256(inputs_sha256.encode())
    for path in sorted(WEB.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".css", ".js"}:
            digest.update(path.relative_to(WEB).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]
