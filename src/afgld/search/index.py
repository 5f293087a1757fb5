"""Write the search index: one SQLite file of names, passages, typo variants and facts.

Run by ``afgld build`` over the N-Quads it has just written; the server only reads the file
(:mod:`afgld.search.searcher`). What goes in is decided by SPARQL files in ``afgld/queries/``:
``search-texts.rq`` (names, spellings, statement texts, quotes), ``search-kinds.rq`` (the
kind of each resource), ``search-properties.rq`` (reconciliation properties),
``search-weights.rq`` (statements per resource), and the pages' own ``page-labels.rq``
(display labels).

The file is byte-identical for identical input with the same SQLite library: rows are
inserted in a sorted order, the full-text indexes are rebuilt from their tables and merged
into one segment, and the finished database is written out whole by ``VACUUM INTO``; nothing
reads a clock. SQLite FTS5: https://sqlite.org/fts5.html
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from afgld.namespaces import Space
from afgld.search import APPLICATION_ID, FORMAT, KINDS, PASSAGE_KINDS
from afgld.search.text import fold, variants

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE resource (
  id INTEGER PRIMARY KEY,          -- most mentioned first, then shortest label
  iri TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  weight INTEGER NOT NULL          -- statements about it or by it
);
CREATE TABLE name (                -- names and spellings of named resources
  id INTEGER PRIMARY KEY,          -- in resource order: a capped scan keeps the best known
  resource INTEGER NOT NULL REFERENCES resource,
  kind TEXT NOT NULL,              -- the resource's
  preference INTEGER NOT NULL,     -- 2 its label, 1 a spelling, 0 another name
  field TEXT NOT NULL,             -- 'name' or 'spelling'
  text TEXT NOT NULL,
  norm TEXT NOT NULL,              -- afgld.search.text.fold(text)
  article INTEGER REFERENCES resource
);
CREATE INDEX name_norm ON name (norm, resource);
CREATE INDEX name_resource ON name (resource);
CREATE TABLE passage (             -- what statements say, and quoted sentences
  id INTEGER PRIMARY KEY,          -- shortest first
  resource INTEGER NOT NULL REFERENCES resource,
  kind TEXT NOT NULL,              -- the resource's, so that a match can ask for one kind
  field TEXT NOT NULL,             -- 'text' or 'quote'
  text TEXT NOT NULL,
  norm TEXT NOT NULL,
  article INTEGER REFERENCES resource
);
CREATE VIRTUAL TABLE name_fts USING fts5(
  norm, content='name', content_rowid='id', tokenize='unicode61 remove_diacritics 0',
  prefix='1 2 3'
);
CREATE VIRTUAL TABLE passage_fts USING fts5(
  norm, kind, content='passage', content_rowid='id', tokenize='unicode61 remove_diacritics 0',
  prefix='2 3'
);
CREATE TABLE word (                -- every indexed word: prefixes are completed from here
  word TEXT PRIMARY KEY,
  names INTEGER NOT NULL,          -- names holding the word
  passages INTEGER NOT NULL        -- passages holding the word
) WITHOUT ROWID;
CREATE TABLE typo (                -- words within one edit of each other share a variant
  variant TEXT NOT NULL,
  word TEXT NOT NULL REFERENCES word,
  PRIMARY KEY (variant, word)
) WITHOUT ROWID;
CREATE TABLE property (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE fact (
  property TEXT NOT NULL REFERENCES property,
  value INTEGER NOT NULL REFERENCES resource,
  resource INTEGER NOT NULL REFERENCES resource,
  PRIMARY KEY (property, value, resource)
) WITHOUT ROWID;
CREATE INDEX fact_resource ON fact (resource, property);
"""


@dataclass(frozen=True)
class Text:
    iri: str
    field: str
    text: str
    article: str | None


@dataclass(frozen=True)
class Fact:
    property: str
    name: str
    iri: str
    value: str


@dataclass
class Collected:
    """Everything the index holds, as read from the graph."""

    kinds: dict[str, str]
    labels: dict[str, str]
    weights: dict[str, int]
    texts: list[Text]
    facts: list[Fact]


def load_query(name: str) -> str:
    return (files("afgld") / "queries" / name).read_text(encoding="utf-8")


def _rows(store: ox.Store, name: str, prefixes: dict[str, str]) -> Iterator[list[str | None]]:
    """The solutions of ``queries/<name>`` as plain strings (IRIs and literal values)."""
    solutions = store.query(load_query(name), prefixes=prefixes, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    variables = solutions.variables
    for solution in solutions:
        values: list[str | None] = []
        for variable in variables:
            term = solution[variable]
            values.append(None if term is None else str(getattr(term, "value", term)))
        yield values


def collect(store: ox.Store, space: Space) -> Collected:
    prefixes = space.prefixes()
    order = {k.id: n for n, k in enumerate(KINDS)}
    kinds: dict[str, str] = {}
    for iri, kind in _rows(store, "search-kinds.rq", prefixes):
        assert iri is not None and kind is not None
        if iri not in kinds or order[kind] < order[kinds[iri]]:
            kinds[iri] = kind
    ranked: dict[str, tuple[int, str]] = {}
    for iri, label, rank in _rows(store, "page-labels.rq", prefixes):
        assert iri is not None and label is not None and rank is not None
        candidate = (int(rank), label)
        if iri in kinds and (iri not in ranked or candidate < ranked[iri]):
            ranked[iri] = candidate
    weights = {
        iri: int(count or 0)
        for iri, count in _rows(store, "search-weights.rq", prefixes)
        if iri is not None and iri in kinds
    }
    texts = [
        Text(iri, field, text, article)
        for iri, field, text, article in _rows(store, "search-texts.rq", prefixes)
        if iri in kinds and field is not None and text is not None and text.strip()
    ]
    facts = [
        Fact(prop, name, iri, value)
        for prop, name, iri, value in _rows(store, "search-properties.rq", prefixes)
        if prop and name and iri in kinds and value in kinds
    ]
    labels = {iri: label for iri, (_, label) in ranked.items()}
    return Collected(kinds, labels, weights, texts, facts)


def write_index(nquads: Path, out: Path, base_iri: str) -> Path:
    """Read the build's N-Quads and write the search index to ``out``."""
    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    write_collected(collect(store, Space(base_iri)), out, base_iri)
    return out


def write_collected(data: Collected, out: Path, base_iri: str) -> None:
    with tempfile.TemporaryDirectory(prefix=".search-", dir=out.parent) as scratch:
        connection = sqlite3.connect(Path(scratch) / "index.sqlite", isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute(f"PRAGMA user_version = {FORMAT}")
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.executescript(SCHEMA)
            connection.execute("BEGIN")
            _fill(connection, data, base_iri)
            connection.execute("COMMIT")
            for table in ("name_fts", "passage_fts"):
                connection.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
                connection.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            _fill_words(connection)
            connection.execute("ANALYZE")
            out.unlink(missing_ok=True)
            connection.execute("VACUUM INTO ?", (str(out),))
        finally:
            connection.close()


def _fill(connection: sqlite3.Connection, data: Collected, base_iri: str) -> None:
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)", [("base_iri", base_iri), ("format", str(FORMAT))]
    )
    used = {t.iri for t in data.texts} | {t.article for t in data.texts if t.article}
    used |= {f.iri for f in data.facts} | {f.value for f in data.facts}

    own: dict[str, str] = {}
    for text in data.texts:
        own[text.iri] = min(own.get(text.iri, text.text), text.text)
    labels = {iri: _label(data, own, iri) for iri in used}

    def sort_key(iri: str) -> tuple[int, int, str, str]:
        """The order of resource numbers, which ranks equal matches: most mentioned first,
        then the shortest label."""
        return (-data.weights.get(iri, 0), len(labels[iri]), labels[iri], iri)

    ordered = sorted(used, key=sort_key)
    ids = {iri: number for number, iri in enumerate(ordered, start=1)}
    connection.executemany(
        "INSERT INTO resource VALUES (?, ?, ?, ?, ?)",
        ((ids[i], i, data.kinds[i], labels[i], data.weights.get(i, 0)) for i in ordered),
    )
    names, passages = _split(data.texts, data.kinds)

    def preference(text: Text) -> int:
        """Which name of a resource to show when several match as well: its label, then a
        spelling (it comes with its article), then any other."""
        if text.field == "name" and text.text == labels[text.iri]:
            return 2
        return 1 if text.field == "spelling" else 0

    connection.executemany(
        "INSERT INTO name (resource, kind, preference, field, text, norm, article)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (
                ids[t.iri],
                data.kinds[t.iri],
                preference(t),
                t.field,
                t.text,
                fold(t.text),
                ids[t.article] if t.article else None,
            )
            for t in sorted(names, key=lambda t: (ids[t.iri], t.field, t.text, t.article or ""))
        ),
    )
    folded = [(fold(t.text), t) for t in passages if t.article]
    folded.sort(key=lambda p: (len(p[0]), ids[p[1].iri], p[1].field, p[1].text, p[1].article))
    connection.executemany(  # shortest first: a match's first rows are its densest
        "INSERT INTO passage (resource, kind, field, text, norm, article)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            (ids[t.iri], data.kinds[t.iri], t.field, t.text, norm, ids[str(t.article)])
            for norm, t in folded
        ),
    )
    properties = sorted({(f.property, f.name) for f in data.facts})
    connection.executemany("INSERT INTO property VALUES (?, ?)", properties)
    connection.executemany(
        "INSERT OR IGNORE INTO fact VALUES (?, ?, ?)",
        sorted((f.property, ids[f.value], ids[f.iri]) for f in data.facts),
    )


def _label(data: Collected, own: dict[str, str], iri: str) -> str:
    """The pages' display label; an article without a headline is shown by its number, and
    a quote, which has no label, by its sentence (``own``: each resource's first text)."""
    if iri in data.labels:
        return data.labels[iri]
    key = iri.rstrip("/").rsplit("/", 1)[-1]
    if data.kinds[iri] == "article":
        return f"Article {key}"
    return own.get(iri, key)


def _split(texts: Iterable[Text], kinds: dict[str, str]) -> tuple[list[Text], list[Text]]:
    """Names of named resources, passages of statements and quotes; repeats dropped."""
    names: set[Text] = set()
    passages: set[Text] = set()
    for text in texts:
        if kinds[text.iri] in PASSAGE_KINDS:
            if text.field in ("text", "quote"):
                passages.add(text)
        elif text.field in ("name", "spelling"):
            names.add(text)
    return list(names), list(passages)


def _fill_words(connection: sqlite3.Connection) -> None:
    """The vocabulary of both full-text indexes, and the deletion variants of every word made
    only of letters (numbers have no typos)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for column, table in enumerate(("name_fts", "passage_fts")):
        connection.execute(
            f"CREATE VIRTUAL TABLE temp.{table}_words USING fts5vocab(main, {table}, 'col')"
        )
        rows = connection.execute(f"SELECT term, doc FROM temp.{table}_words WHERE col = 'norm'")
        for word, documents in rows:
            counts[word][column] = documents
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO word VALUES (?, ?, ?)", sorted((w, n, p) for w, (n, p) in counts.items())
    )
    connection.executemany(
        "INSERT INTO typo VALUES (?, ?)",
        sorted((v, w) for w in counts if w.isalpha() for v in variants(w)),
    )
    connection.execute("COMMIT")
