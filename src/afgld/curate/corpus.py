"""Read every fact file and the curators' judgements, and check them against each other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from afgld.curate import yamlfile
from afgld.curate.content import is_structured
from afgld.curate.facts import (
    JUDGEMENT_CERTAINTIES,
    ArticleFacts,
    Corpus,
    Curation,
    Entity,
    Item,
    Judgement,
)
from afgld.curate.read import KEY, read_article
from afgld.curate.seeds import check_sums, read_seed
from afgld.errors import FactFilesError, MappingError
from afgld.project import Project

JUDGEMENT_KINDS = ("same-entity", "distinct-entities", "same-event", "conflict", "reading")


def read_corpus(project: Project) -> Corpus:
    """Every article's facts, checked; raises FactFilesError listing every problem found."""
    problems: list[MappingError] = check_sums(project.seeds)
    articles: list[ArticleFacts] = []
    seeds = {path.stem: path for path in project.seed_files()}
    mappings = {path.stem: path for path in project.mapping_files()}
    for stem in sorted(set(mappings) - set(seeds)):
        problems.append(
            MappingError(mappings[stem], None, f"no seed seeds/{stem}.txt for this fact file")
        )
    for stem in sorted(seeds):
        if stem not in mappings:
            problems.append(
                MappingError(seeds[stem], None, f"no fact file mappings/{stem}.yaml for this seed")
            )
            continue
        try:
            seed = read_seed(seeds[stem])
        except MappingError as error:
            problems.append(error)
            continue
        facts, found = read_article(mappings[stem], seed)
        problems.extend(found)
        if facts is not None:
            articles.append(facts)
    entities = merge_entities(articles, problems)
    curation = read_curation(project.curation_file, problems)
    corpus = Corpus(articles=articles, curation=curation, entities=entities)
    check_references(corpus, problems)
    if problems:
        raise FactFilesError([_relative(project, problem) for problem in problems])
    return corpus


def _relative(project: Project, problem: MappingError) -> MappingError:
    """The same problem, its path shown relative to the project for readability."""
    try:
        shown = problem.path.resolve().relative_to(project.root.resolve())
    except ValueError:
        return problem
    return MappingError(shown, problem.line, problem.problem, problem.hint)


def merge_entities(articles: list[ArticleFacts], problems: list[MappingError]) -> dict[str, Entity]:
    """One entity per key across files; kind and label must agree wherever it is declared."""
    merged: dict[str, Entity] = {}
    first_file: dict[str, Path] = {}
    for article in articles:
        for key, entity in article.entities.items():
            if key not in merged:
                merged[key] = entity
                first_file[key] = article.path
                continue
            known = merged[key]
            for field in ("kind", "label", "type"):
                if getattr(known, field) != getattr(entity, field):
                    problems.append(
                        MappingError(
                            article.path,
                            entity.line,
                            f"entity {key!r} has {field} {getattr(entity, field)!r} here but "
                            f"{getattr(known, field)!r} in {first_file[key].name}",
                            "one key is one entity: make them agree, or use another key",
                        )
                    )
    names: dict[str, set[str]] = {}
    curated: dict[str, bool] = {}
    for article in articles:
        for key, entity in article.entities.items():
            names.setdefault(key, set()).update(entity.names)
            curated[key] = curated.get(key, False) or entity.label_by_curator
    for key, entity in merged.items():
        if not curated[key] and entity.label not in names[key]:
            problems.append(
                MappingError(
                    first_file[key],
                    entity.line,
                    f"entity {key!r}: label {entity.label!r} is none of its names in any article",
                    "use a spelling from a text, or `label_by: curator` if none is usable",
                )
            )
    return merged


def items_by_handle(corpus: Corpus) -> dict[str, tuple[ArticleFacts, Item]]:
    """Every statement with an id, by its `NNN#id` handle."""
    return {
        f"{article.seed.id}#{item.id}": (article, item)
        for article in corpus.articles
        for block in article.statements
        for item in block.items
        if item.id
    }


def handle(ref: str, seed_id: str) -> str:
    """``id`` within an article, or ``NNN#id`` across articles, as a ``NNN#id`` handle."""
    return ref if "#" in ref else f"{seed_id}#{ref}"


def check_references(corpus: Corpus, problems: list[MappingError]) -> None:
    handles = items_by_handle(corpus)
    for article in corpus.articles:
        for block in article.statements:
            for item in block.items:
                refs = [("disputes", item.disputes)] if item.disputes else []
                refs += [("rests_on", ref) for ref in item.rests_on]
                for field, ref in refs:
                    if handle(ref, article.seed.id) not in handles:
                        problems.append(
                            MappingError(
                                article.path, item.line, f"{field} {ref!r}: no such statement id"
                            )
                        )
                disputed = handles.get(handle(item.disputes or "", article.seed.id))
                if disputed is not None and disputed[1].says.strip() == item.says.strip():
                    problems.append(
                        MappingError(
                            article.path,
                            item.line,
                            "a statement that disputes another has the same text as it",
                            "say what this speaker says ('… dismiss these accusations …')",
                        )
                    )
    path = corpus.curation.path or Path("mappings/curation.yaml")
    for judgement in corpus.curation.judgements:
        for subject in judgement.subjects:
            if "#" in subject:
                if subject not in handles:
                    problems.append(
                        MappingError(path, judgement.line, f"{subject!r}: no such statement id")
                    )
            elif subject not in corpus.entities:
                problems.append(
                    MappingError(path, judgement.line, f"{subject!r}: no such entity key")
                )
        if judgement.kind == "same-event":
            kinds = {corpus.entities[s].kind for s in judgement.subjects if s in corpus.entities}
            if not kinds <= {"event", "action"} or len(judgement.subjects) != 2:
                problems.append(
                    MappingError(path, judgement.line, "same-event links exactly two event keys")
                )


def read_curation(path: Path, problems: list[MappingError]) -> Curation:
    if not path.is_file():
        return Curation(curator="afgld curators", judgements=(), path=None)
    try:
        data = yamlfile.load(path)
    except MappingError as error:
        problems.append(error)
        return Curation(curator="afgld curators", judgements=(), path=path)
    if not isinstance(data, Mapping):
        problems.append(
            MappingError(path, 1, "curation.yaml is a mapping with curator and judgements")
        )
        return Curation(curator="afgld curators", judgements=(), path=path)
    judgements = []
    seen: set[str] = set()
    for raw in data.get("judgements") or []:
        judgement = _judgement(path, raw, problems)
        if judgement is None:
            continue
        if judgement.id in seen:
            problems.append(
                MappingError(path, judgement.line, f"judgement id {judgement.id!r} is used twice")
            )
        seen.add(judgement.id)
        judgements.append(judgement)
    return Curation(
        curator=str(data.get("curator") or "afgld curators"),
        judgements=tuple(judgements),
        path=path,
    )


def _judgement(path: Path, raw: Any, problems: list[MappingError]) -> Judgement | None:
    line = yamlfile.line_of(raw) or 0
    if not isinstance(raw, Mapping):
        problems.append(MappingError(path, line, "a judgement is {id, kind, date, subjects, note}"))
        return None
    known = {"id", "kind", "date", "subjects", "pairs", "on", "certainty", "basis", "note"}
    for key in raw:
        if key not in known:
            problems.append(
                MappingError(
                    path, line, f"unknown judgement field {key!r}", ", ".join(sorted(known))
                )
            )
    conflict = raw.get("kind") == "conflict"
    required = ["id", "kind", "date", "certainty", "basis", "note"]
    required += ["pairs", "on"] if conflict else ["subjects"]
    missing = [k for k in required if not raw.get(k)]
    if missing:
        hint = ""
        if conflict and "subjects" in raw:
            hint = (
                "a conflict links the statements that contradict each other, pair by pair: "
                "`pairs: [[NNN#a, NNN#b], …]`, and says what they disagree on in `on`"
            )
        problems.append(MappingError(path, line, f"judgement lacks {', '.join(missing)}", hint))
        return None
    if conflict and "subjects" in raw:
        problems.append(
            MappingError(path, line, "a conflict lists `pairs`, not `subjects`: never a clique")
        )
        return None
    if not KEY.match(str(raw["id"])):
        problems.append(
            MappingError(path, line, f"judgement id {raw['id']!r}: lowercase, digits, hyphens")
        )
    if raw["kind"] not in JUDGEMENT_KINDS:
        problems.append(
            MappingError(path, line, f"judgement kind {raw['kind']!r}", ", ".join(JUDGEMENT_KINDS))
        )
        return None
    if raw["certainty"] not in JUDGEMENT_CERTAINTIES:
        problems.append(
            MappingError(
                path,
                line,
                f"judgement certainty {raw['certainty']!r}",
                ", ".join(JUDGEMENT_CERTAINTIES),
            )
        )
        return None
    date = raw["date"]
    if not isinstance(date, dt.date):
        try:
            date = dt.date.fromisoformat(str(date))
        except ValueError:
            problems.append(MappingError(path, line, f"judgement date {date!r} is not YYYY-MM-DD"))
            return None
    pairs = _pairs(path, line, raw.get("pairs"), problems) if conflict else ()
    if conflict:
        subjects = tuple(dict.fromkeys(s for pair in pairs for s in pair))
    else:
        listed = raw["subjects"] if isinstance(raw["subjects"], list) else [raw["subjects"]]
        subjects = tuple(str(s) for s in listed)
    return Judgement(
        id=str(raw["id"]),
        kind=str(raw["kind"]),
        date=date,
        subjects=subjects,
        note=str(raw["note"]).strip(),
        line=line,
        certainty=str(raw["certainty"]),
        basis=str(raw["basis"]).strip(),
        pairs=pairs,
        on=str(raw["on"]).strip() if conflict else None,
    )


def _pairs(
    path: Path, line: int, raw: Any, problems: list[MappingError]
) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for entry in raw if isinstance(raw, list) else [raw]:
        if (
            not isinstance(entry, list)
            or len(entry) != 2
            or not all("#" in str(s) for s in entry)
            or entry[0] == entry[1]
        ):
            problems.append(
                MappingError(
                    path, line, f"a conflict pair is two different NNN#id statements: {entry!r}"
                )
            )
            continue
        pair = (str(entry[0]), str(entry[1]))
        if pair in pairs or pair[::-1] in pairs:
            problems.append(MappingError(path, line, f"conflict pair {list(pair)} is listed twice"))
            continue
        pairs.append(pair)
    return tuple(pairs)


def article_items(article: ArticleFacts) -> list[Item]:
    return [item for block in article.statements for item in block.items]


def share(part: int, whole: int) -> str:
    return f"{100 * part // whole}%" if whole else "-"


def article_stats(corpus: Corpus) -> list[dict[str, str | int]]:
    """Per article: sentences quoted, facts, claims, structured share, entities and times."""
    rows: list[dict[str, str | int]] = []
    for article in corpus.articles:
        items = article_items(article)
        structured = sum(1 for item in items if is_structured(item))
        rows.append(
            {
                "article": article.seed.file_name,
                "quotes": len(article.statements),
                "facts": sum(1 for item in items if item.voice == "fact"),
                "claims": sum(1 for item in items if item.voice == "claim"),
                "structured": share(structured, len(items)),
                "entities": len(article.entities),
                "names": sum(len(e.names) for e in article.entities.values()),
                "times": len([t for t in article.times if t != "publication"]),
            }
        )
    return rows


def stats_table(corpus: Corpus) -> str:
    """The README's table of what each article contributes, as Markdown."""
    rows = article_stats(corpus)
    head = (
        "| article | quoted passages | facts | claims | structured | entities | spellings | times |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| `{r['article']}` | {r['quotes']} | {r['facts']} | {r['claims']} | "
            f"{r['structured']} | {r['entities']} | {r['names']} | {r['times']} |"
        )
    keys = ("quotes", "facts", "claims", "names", "times")
    total = {k: sum(int(str(r[k])) for r in rows) for k in keys}
    items = [item for article in corpus.articles for item in article_items(article)]
    structured = share(sum(1 for item in items if is_structured(item)), len(items))
    lines.append(
        f"| **all** | {total['quotes']} | {total['facts']} | {total['claims']} | "
        f"{structured} | {len(corpus.entities)} distinct | {total['names']} | {total['times']} |"
    )
    lines.append(
        f"\n{len(corpus.curation.judgements)} curator judgements in `mappings/curation.yaml`."
    )
    return "\n".join(lines)
