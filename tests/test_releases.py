"""Releases: archives, the build's release files, the changes between releases, retired IRIs."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, XSD

from afgld.build.pipeline import archive_project, build_project
from afgld.cli import main
from afgld.errors import BuildError, NotConformingError
from afgld.namespaces import ADMS, CANONICAL_BASE, DCAT3, Space
from afgld.project import Project
from afgld.releases.archive import Archive, gzip_bytes, nquads_bytes, read_nquads, rebase
from afgld.releases.diff import diff
from afgld.releases.published import RedirectTable, is_archived, read_index, release_file
from afgld.store.manifest import Manifest
from afgld.validate import validate_project
from tests.conftest import BASE, DATA, REPO, make_second_release

OTHER_BASE = "https://data.example.org/afgld/"
TWO = DATA / "two-releases"


# ------------------------------------------------------------------------ the archive format


def test_the_archived_release_is_verified_and_rebases_both_ways() -> None:
    archive = Archive.read(REPO / "releases" / "0.1.0")
    assert archive.version == "0.1.0"
    canonical = (REPO / "releases" / "0.1.0" / "afgld.nq.gz").read_bytes()
    moved = archive.quads(OTHER_BASE)
    assert len(moved) == archive.quads_count
    assert not any(CANONICAL_BASE in str(q) for q in moved)
    assert gzip_bytes(nquads_bytes(rebase(moved, OTHER_BASE, CANONICAL_BASE))) == canonical


def test_gzip_output_has_no_time_stamp_and_no_file_name() -> None:
    packed = gzip_bytes(b"<a:b> <a:c> <a:d> .\n")
    assert packed[3] & 0x08 == 0  # FLG.FNAME unset
    assert packed[4:8] == b"\0\0\0\0"  # MTIME
    assert gzip.decompress(packed) == b"<a:b> <a:c> <a:d> .\n"


def test_an_altered_archive_is_refused(tmp_path: Path) -> None:
    folder = shutil.copytree(REPO / "releases" / "0.1.0", tmp_path / "0.1.0")
    data = bytearray((folder / "afgld.nq.gz").read_bytes())
    data[-9] ^= 1
    (folder / "afgld.nq.gz").write_bytes(bytes(data))
    with pytest.raises(BuildError, match="does not match"):
        Archive.read(folder)


def test_a_literal_holding_the_base_cannot_be_archived(tmp_path: Path) -> None:
    from afgld.releases.archive import archive_files

    quad = ox.Quad(
        ox.NamedNode(BASE + "id/x"),
        ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
        ox.Literal(f"see {BASE}id/y"),
        ox.NamedNode(BASE + "graph/g"),
    )
    with pytest.raises(BuildError, match="cannot be rebased"):
        archive_files("0.1.0", [quad], BASE)


# ---------------------------------------------------------------------- the repository's build


def test_the_build_serves_every_release_under_its_own_base(real_build: Path) -> None:
    manifest = Manifest.read(real_build)
    index = read_index(real_build)
    versions = [r["version"] for r in index["releases"]]
    assert versions[:2] == ["0.1.0", "0.2.0"]
    name = release_file(index, "0.1.0", "afgld.nq.gz")
    assert name in manifest.files
    assert is_archived(index, "0.1.0") and not is_archived(index, versions[-1])
    served = read_nquads(real_build / name)
    assert served == Archive.read(REPO / "releases" / "0.1.0").quads(BASE)
    current = real_build / release_file(index, versions[-1], "afgld.nq.gz")
    assert current.read_bytes() == (real_build / "afgld.nq.gz").read_bytes()
    with pytest.raises(KeyError):
        release_file(index, "0.1.0", "../manifest.json")


def test_every_dump_is_also_gzipped_and_listed(real_build: Path) -> None:
    manifest = Manifest.read(real_build)
    void = Graph().parse(real_build / "void.ttl", format="turtle")
    for name in ("afgld.nq", "afgld.trig", "afgld.jsonld", "afgld.ttl", "afgld.nt", "afgld.rdf"):
        packed = real_build / f"{name}.gz"
        assert gzip.decompress(packed.read_bytes()) == (real_build / name).read_bytes()
        entry = manifest.files[f"{name}.gz"]
        assert entry["media_type"] == "application/gzip"
        node = URIRef(f"{BASE}dumps/{name}.gz#distribution")
        assert void.value(node, DCAT.compressFormat) == URIRef(
            "https://www.iana.org/assignments/media-types/application/gzip"
        )
        assert str(void.value(node, DCAT.mediaType)).endswith(manifest.files[name]["media_type"])
        assert int(void.value(node, DCAT.byteSize)) == entry["bytes"]
        checksum = void.value(node, URIRef("http://spdx.org/rdf/terms#checksum"))
        value = void.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue"))
        assert str(value) == entry["sha256"]


def test_the_description_lists_each_release_with_dates_and_dumps(real_build: Path) -> None:
    void = Graph().parse(real_build / "void.ttl", format="turtle")
    space = Space(BASE)
    dataset = space.dataset
    first, second = space.release("0.1.0"), space.release("0.2.0")
    assert {first, second} <= set(void.objects(dataset, DCAT3.hasVersion))
    assert void.value(first, DCTERMS.issued) == Literal("2026-11-30", datatype=XSD.date)
    assert void.value(second, DCTERMS.issued) == Literal("2026-12-06", datatype=XSD.date)
    assert void.value(second, DCAT3.previousVersion) == first
    assert void.value(second, PROV.wasRevisionOf) == first
    assert str(void.value(first, DCAT3.version)) == "0.1.0"
    assert void.value(first, ADMS.versionNotes) is not None
    dump = URIRef(f"{BASE}releases/0.1.0/afgld.nq.gz")
    assert (first, URIRef("http://rdfs.org/ns/void#dataDump"), dump) in void
    current = void.value(dataset, DCAT3.hasCurrentVersion)
    assert void.value(dataset, DCTERMS.issued) == Literal("2026-11-30", datatype=XSD.date)
    assert void.value(dataset, DCTERMS.modified) == void.value(current, DCTERMS.issued)


def test_the_description_names_publisher_creator_and_coverage(real_build: Path) -> None:
    void = Graph().parse(real_build / "void.ttl", format="turtle")
    space = Space(BASE)
    foaf_name = URIRef("http://xmlns.com/foaf/0.1/name")
    publisher = void.value(space.dataset, DCTERMS.publisher)
    assert str(void.value(publisher, foaf_name)) == "afgld maintainers"  # releases.yaml
    creator = void.value(space.dataset, DCTERMS.creator)
    assert creator == URIRef(BASE + "id/agent/afgld-curators")
    assert str(void.value(creator, foaf_name)) == "afgld curators"  # mappings/curation.yaml
    period = void.value(space.dataset, DCTERMS.temporal)
    # The 1980s (002, 003) open it; "in 2022" (004) closes it: years, as the texts give them.
    assert void.value(period, DCAT.startDate) == Literal("1980", datatype=XSD.gYear)
    assert void.value(period, DCAT.endDate) == Literal("2022", datatype=XSD.gYear)


# --------------------------------------------------------------------------------- the diff


def _quad(s: str, p: str, o: ox.NamedNode | ox.Literal, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(BASE + s), ox.NamedNode(p), o, ox.NamedNode(BASE + g))


def test_the_diff_counts_per_graph_and_names_what_changed() -> None:
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    person = ox.NamedNode("https://schema.org/Person")
    claim = ox.NamedNode(BASE + "ontology#ReportedClaim")
    old = [
        _quad("id/person/a", rdf_type, person, "graph/entities"),
        _quad("id/person/a", label, ox.Literal("A"), "graph/entities"),
        _quad("id/statement/001-1-2-1", rdf_type, claim, "graph/source-001"),
        _quad("id/statement/001-1-2-1", label, ox.Literal("said"), "graph/source-001"),
    ]
    new = [
        _quad("id/person/b", rdf_type, person, "graph/entities"),
        _quad("id/person/b", label, ox.Literal("B"), "graph/entities"),
        _quad("id/statement/001-1-2-1", rdf_type, claim, "graph/source-001"),
        _quad("id/statement/001-1-2-1", label, ox.Literal("said so"), "graph/source-001"),
    ]
    change = diff(old, new, Space(BASE))
    assert change.per_graph() == {
        BASE + "graph/entities": {"removed": 2, "added": 2},
        BASE + "graph/source-001": {"removed": 1, "added": 1},
    }
    entities, _, claims, _ = change.categories
    assert (entities.added, entities.removed) == ((BASE + "id/person/b",), (BASE + "id/person/a",))
    assert claims.changed == (BASE + "id/statement/001-1-2-1",)
    assert change.labels[BASE + "id/person/a"] == "A"


def test_afgld_diff_writes_the_patch_that_turns_one_release_into_the_other(
    real_build: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main, ["diff", str(REPO / "releases" / "0.1.0"), str(real_build), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Changes from 0.1.0 to ")
    old = set(Archive.read(REPO / "releases" / "0.1.0").quads(BASE))
    removed = set(read_nquads(tmp_path / "removed.nq.gz"))
    added = set(read_nquads(tmp_path / "added.nq.gz"))
    assert (old - removed) | added == set(read_nquads(real_build / "afgld.nq"))
    summary = json.loads((tmp_path / "changes.json").read_text(encoding="utf-8"))
    assert summary["from"] == "0.1.0" and set(summary) >= {"entities", "claims", "graphs"}


# ------------------------------------------------------------- two releases and retired IRIs


@pytest.fixture()
def second_release(tmp_path: Path) -> Project:
    """The mini project archived as 0.1.0, then changed into 0.2.0 (two-releases/README.md)."""
    return make_second_release(tmp_path / "project")


def test_a_release_that_drops_iris_silently_is_refused(second_release: Project) -> None:
    report = validate_project(second_release, BASE)
    assert not report.conforms
    (problem,) = [p for p in report.problems if "not recorded as retired" in p]
    assert "published by release 0.1.0" in problem
    assert f"{BASE}id/person/amir-khan-muttaqi" in problem
    assert f"{BASE}id/statement/002-480-723-2" in problem
    assert "hint: record each under `retired:`" in problem


def test_recorded_iris_redirect_with_301_or_410(second_release: Project, tmp_path: Path) -> None:
    shutil.copy(TWO / "mappings" / "retired.yaml", second_release.retired_file)
    out = build_project(second_release, tmp_path / "build", BASE).out
    table = RedirectTable.read(out)
    moved = table.lookup("/id/person/amir-khan-muttaqi")
    assert moved is not None and moved.status == 301 and moved.retired_in == "0.2.0"
    assert moved.location == "id/person/muttaqi"
    page = table.lookup("/doc/person/amir-khan-muttaqi.ttl")
    assert page is not None and page.location == "doc/person/muttaqi.ttl"
    follows = table.lookup("/id/membership/amir-khan-muttaqi_foreign-minister_taliban")
    assert (
        follows is not None and follows.location == "id/membership/muttaqi_foreign-minister_taliban"
    )
    gone = table.lookup("/id/statement/002-480-723-2")
    assert gone is not None and gone.status == 410 and gone.location is None
    assert gone.why == "The claim was withdrawn on review."
    assert table.lookup("/id/person/muttaqi") is None
    rdf = Graph().parse(out / "redirects.ttl", format="turtle")
    old, new = URIRef(BASE + "id/person/amir-khan-muttaqi"), URIRef(BASE + "id/person/muttaqi")
    assert (old, DCTERMS.isReplacedBy, new) in rdf and (old, OWL.sameAs, new) in rdf
    index = read_index(out)
    changes = index["releases"][1]["changes"]
    assert changes["entities"] == {"added": 1, "removed": 1, "changed": 0}
    assert changes["claims"]["removed"] == 1


@pytest.mark.parametrize(
    ("written", "instead", "message"),
    [
        ("old: amir-khan-muttaqi", "old: nrf", ":3: 'nrf' is published by this release"),
        (
            "id/statement/002-480-723-2",
            "id/statement/002-1-2-3",
            ":6: 'id/statement/002-1-2-3' names nothing",
        ),
        ("moved_to: muttaqi", "moved_to: nobody", ":3: 'nobody' is not an IRI of this release"),
        ("    moved_to: muttaqi\n", "", ":3: say either `moved_to` (301) or `gone: true` (410)"),
    ],
)
def test_a_wrong_record_is_named_with_its_line(
    second_release: Project, written: str, instead: str, message: str
) -> None:
    retired = (TWO / "mappings" / "retired.yaml").read_text(encoding="utf-8")
    assert written in retired
    second_release.retired_file.write_text(retired.replace(written, instead), encoding="utf-8")
    problems = "\n".join(validate_project(second_release, BASE).problems)
    assert f"mappings/retired.yaml{message}" in problems


def test_a_published_release_never_changes(second_release: Project) -> None:
    shutil.copy(DATA / "releases.yaml", second_release.releases_file)  # 0.1.0 current again
    problems = "\n".join(validate_project(second_release, BASE).problems)
    assert "release 0.1.0 is archived in releases/ with other data" in problems
    with pytest.raises(NotConformingError):
        archive_project(second_release, BASE)
