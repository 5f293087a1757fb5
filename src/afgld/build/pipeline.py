"""``afgld build``: read, model, validate, and only then write every artefact."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SDO, SH

from afgld import __version__
from afgld.build import GZIP_SUFFIX, Describe, write_build
from afgld.build.artefacts import turtle_bytes
from afgld.build.coverage import temporal_coverage
from afgld.build.releases import release_files
from afgld.build.void import DumpFile, Publication, describe
from afgld.config import DEFAULTS
from afgld.curate.corpus import article_stats
from afgld.errors import NotConformingError
from afgld.model.uris import Minter
from afgld.namespaces import Space
from afgld.project import Project
from afgld.releases.archive import write_archive
from afgld.search import SEARCH_INDEX
from afgld.search.index import write_index as write_search_index
from afgld.store.manifest import DATASET_NQUADS
from afgld.validate.history import Releases
from afgld.validate.report import Checked, Report, check_project

PIPELINE_PACKAGES = ("curate", "model", "validate", "build", "queries", "search")
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
    if not report.conforms or checked is None or checked.releases is None:
        raise NotConformingError(report)
    version = ontology_version(checked.ontology, space)
    corpus = checked.corpus
    history = checked.releases.history
    examples = sorted({space.kind("person")["ahmad-massoud"], space.kind("article")["002"]})
    extra = {"validation.ttl": turtle_bytes(_report_graph(space, report), space.prefixes())}
    for article in corpus.articles:
        extra[f"texts/{article.seed.file_name}"] = article.seed.path.read_bytes()
    meta: dict[str, object] = {
        "base_iri": base_iri,
        "release": history.current.version,
        "issued": history.current.issued.isoformat(),
        "ontology_version": version,
        "inputs_sha256": inputs_digest(project, base_iri, data_license),
        "data_license": data_license,
        "articles": {a.seed.id: a.seed.file_name for a in corpus.articles},
    }
    describe_build = describer(
        space,
        checked.releases,
        checked.quads,
        ontology=version,
        license_iri=data_license,
        examples=examples,
        creator=(Minter(space).curators, corpus.curation.curator),
        extra=extra,
    )
    written = write_build(
        checked.quads, out, prefixes=space.prefixes(), meta=meta, describe=describe_build
    )
    return BuildResult(written, checked, report, len(checked.quads))


def describer(
    space: Space,
    releases: Releases,
    quads: Sequence[ox.Quad],
    *,
    ontology: str,
    license_iri: str,
    examples: list[URIRef],
    creator: tuple[URIRef, str] | None,
    extra: dict[str, bytes],
) -> Describe:
    """What the build writes beside the dumps: the releases, VoID/DCAT, the search index,
    and ``extra``."""

    def describe_build(
        scratch: Path, dumps: list[DumpFile], sizes: dict[str, int]
    ) -> dict[str, bytes]:
        current_dump = (scratch / (DATASET_NQUADS + GZIP_SUFFIX)).read_bytes()
        published = release_files(space, releases, quads, current_dump)
        publication = Publication(
            publisher=releases.history.publisher,
            versions=published.versions,
            articles=_count_articles(quads),
            creator=creator[0] if creator else None,
            creator_label=creator[1] if creator else None,
            coverage=temporal_coverage(quads, space),
        )
        void = describe(
            space,
            release=releases.history.current.version,
            ontology_version=ontology,
            license_iri=license_iri,
            graph_sizes=sizes,
            triples=sum(sizes.values()),
            dumps=dumps,
            examples=examples,
            publication=publication,
        )
        write_search_index(scratch / DATASET_NQUADS, scratch / SEARCH_INDEX, space.base)
        return {**extra, **published.files, "void.ttl": turtle_bytes(void, space.prefixes())}

    return describe_build


def _count_articles(quads: Sequence[ox.Quad]) -> int:
    article, rdf_type = str(SDO.NewsArticle), str(RDF.type)
    return len(
        {
            q.subject
            for q in quads
            if q.predicate.value == rdf_type
            and isinstance(q.object, ox.NamedNode)
            and q.object.value == article
        }
    )


def archive_project(project: Project, base_iri: str) -> tuple[Path, bool]:
    """Archive the current release under ``releases/<version>/``, as it is published.

    Returns the folder and whether it was written (False: archived already, identical).
    """
    report, checked = check_project(project, Space(base_iri))
    if not report.conforms or checked is None or checked.releases is None:
        raise NotConformingError(report)
    version = checked.releases.history.current.version
    folder = project.archives / version
    return folder, write_archive(folder, version, checked.quads, base_iri)


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
