"""The validation gate: fact files, then the RDF (SHACL, quotes, terms, violation queries).

``check_project`` returns a Report and, when the fact files could be read, the model it
checked, so the build writes exactly what was validated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from afgld.curate.corpus import read_corpus
from afgld.curate.facts import Corpus
from afgld.errors import FactFilesError, MappingError
from afgld.model import Model, build_dataset
from afgld.model.ontology import load_ontology
from afgld.model.quads import sorted_quads
from afgld.namespaces import Space
from afgld.project import Project
from afgld.validate.history import Releases, check_releases
from afgld.validate.quotes import check_quotes
from afgld.validate.shapes import load_shapes, run_shapes, union_of
from afgld.validate.terms import check_terms
from afgld.validate.violations import run_violations


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    shacl: Graph | None = None

    @property
    def conforms(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"checked: {', '.join(self.checked)}"] if self.checked else []
        if self.conforms:
            lines.append("conforms: yes")
        else:
            lines.append(f"conforms: no ({len(self.problems)} problems)")
            lines.extend(self.problems)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


@dataclass
class Checked:
    corpus: Corpus
    model: Model
    ontology: Graph
    releases: Releases | None = None
    quads: list[ox.Quad] = field(default_factory=list)


def check_project(project: Project, space: Space) -> tuple[Report, Checked | None]:
    report = Report()
    try:
        corpus = read_corpus(project)
        ontology = load_ontology(project.ontology, space)
        shapes = load_shapes(project.shapes, space)
    except FactFilesError as errors:
        report.problems.extend(str(problem) for problem in errors.problems)
        return report, None
    except MappingError as error:
        report.problems.append(str(error))
        return report, None
    report.checked.append(f"{len(corpus.articles)} fact files against their seeds")
    model = build_dataset(corpus, space, ontology)
    union = union_of(model.dataset)
    where = {record.iri: record.where for record in model.records}
    report.shacl, violations = run_shapes(union, shapes)
    for focus, message in violations:
        location = f"{where[focus]}: " if focus in where else ""
        report.problems.append(f"{location}{focus}: {message}")
    report.checked.append("SHACL shapes")
    texts = {a.seed.file_name: (a.seed.text, a.seed.sha256) for a in corpus.articles}
    report.problems += check_quotes(union, space, texts)
    report.checked.append("quotes at their offsets")
    report.problems += check_terms(union, ontology, space)
    report.checked.append("terms declared")
    store = ox.Store()
    quads = _quads(model)
    store.extend(quads)
    located = {str(iri): place for iri, place in where.items()}
    report.problems += run_violations(store, space.prefixes(), located)
    report.checked.append("violation queries")
    releases, problems = check_releases(project, space, quads)
    report.problems += problems
    report.checked.append("IRIs of earlier releases")
    return report, Checked(corpus, model, ontology, releases, quads)


def _quads(model: Model) -> list[ox.Quad]:
    return sorted_quads(model.dataset)


def validate_project(project: Project, base_iri: str) -> Report:
    report, _ = check_project(project, Space(base_iri))
    return report
