"""``afgld build``: read, model, validate, and only then write every artefact."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from afgld import __version__
from afgld.build import write_build
from afgld.build.artefacts import turtle_bytes
from afgld.build.void import DumpFile, describe
from afgld.config import DEFAULTS
from afgld.curate.corpus import article_stats
from afgld.errors import NotConformingError
from afgld.namespaces import Space
from afgld.project import Project
from afgld.validate.report import Checked, Report, check_project

PIPELINE_PACKAGES = ("curate", "model", "validate", "build", "queries")
PIPELINE_MODULES = ("store/lists.py", "store/queries.py")  # the list tables' schema, the loader
LICENSE: str = DEFAULTS["DATA_LICENSE"]


def ontology_version(ontology: Graph, space: Space) -> str:
    for version in ontology.objects(
        space.ontology, URIRef("http://www.w3.org/2002/07/owl#versionInfo")
    ):
        return str(version)
    return "0.0.0"


def inputs_digest(project: Project, base_iri: str, data_license: str = LICENSE) -> str:
    """SHA-256 over everything that decides the output: inputs, pipeline code, base IRI and
    the data's licence."""
    header = f"afgld {__version__}\nbase {base_iri}\nlicense {data_license}\n"
    digest = hashlib.sha256(header.encode())
    for path in project.input_files():
        digest.update(path.relative_to(project.root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    package = files("afgld")
    for name in PIPELINE_PACKAGES:
        for entry in sorted(_walk(package / name), key=lambda e: str(e)):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    for module in PIPELINE_MODULES:
        entry = package.joinpath(*module.split("/"))
        digest.update(module.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


def _walk(folder: Traversable) -> Iterator[Traversable]:
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.name.endswith((".py", ".rq")):
            yield entry


@dataclass
class BuildResult:
    out: Path
    checked: Checked
    report: Report
    triples: int

    def summary(self) -> str:
        lines = [self.report.summary(), f"wrote {self.out} ({self.triples} triples)"]
        for row in article_stats(self.checked.corpus):
            lines.append("  " + ", ".join(f"{k}: {v}" for k, v in row.items()))
        return "\n".join(lines)


def build_project(
    project: Project, out: Path, base_iri: str, *, data_license: str = LICENSE
) -> BuildResult:
    """Validate, then write the build; on any problem raise and leave ``out`` untouched.
    ``data_license`` (the DATA_LICENSE setting) goes into the VoID and the manifest."""
    space = Space(base_iri)
    report, checked = check_project(project, space)
    if not report.conforms or checked is None:
        raise NotConformingError(report)
    version = ontology_version(checked.ontology, space)
    corpus = checked.corpus
    examples = sorted({space.kind("person")["ahmad-massoud"], space.kind("article")["002"]})

    def describe_build(
        scratch: Path, dumps: list[DumpFile], sizes: dict[str, int]
    ) -> dict[str, bytes]:
        triples = sum(sizes.values())
        void = describe(
            space,
            release=__version__,
            ontology_version=version,
            license_iri=data_license,
            graph_sizes=sizes,
            triples=triples,
            dumps=dumps,
            examples=examples,
        )
        extra = {"void.ttl": turtle_bytes(void, space.prefixes())}
        extra["validation.ttl"] = turtle_bytes(_report_graph(space, report), space.prefixes())
        for article in corpus.articles:
            extra[f"texts/{article.seed.file_name}"] = article.seed.path.read_bytes()
        return extra

    meta: dict[str, object] = {
        "base_iri": base_iri,
        "release": __version__,
        "ontology_version": version,
        "inputs_sha256": inputs_digest(project, base_iri, data_license),
        "data_license": data_license,
        "articles": {a.seed.id: a.seed.file_name for a in corpus.articles},
    }
    written = write_build(
        checked.model.dataset, out, prefixes=space.prefixes(), meta=meta, describe=describe_build
    )
    triples = sum(1 for _ in checked.model.dataset.quads((None, None, None, None)))
    return BuildResult(written, checked, report, triples)


def _report_graph(space: Space, report: Report) -> Graph:
    """The release's own conformance, published beside it (a build only exists if it conforms)."""
    graph = Graph()
    node = space.validation_report
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(report.conforms)))
    graph.add((node, DCTERMS.subject, space.dataset))
    for check in report.checked:
        graph.add((node, DCTERMS.description, Literal(f"checked: {check}", lang="en")))
    return graph
