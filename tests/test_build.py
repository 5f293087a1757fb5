"""The build writes every artefact, byte-identical on every run, and nothing when invalid."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCAT, VOID

from afgld.build.pipeline import build_project
from afgld.errors import BuildError, NotConformingError
from afgld.project import Project
from afgld.store.index import INDEX, STAMP
from afgld.store.manifest import Manifest
from tests.conftest import BASE, copy_project

BUILD = "from pathlib import Path; import sys; from afgld.build.pipeline import build_project; from afgld.project import Project; build_project(Project(Path(sys.argv[1])), Path(sys.argv[2]), sys.argv[3])"


def build_in_process(project: Path, out: Path, seed: str) -> None:
    """A fresh interpreter per build, with its own hash seed, as two runs of the CLI would be."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", BUILD, str(project), str(out), BASE], check=True, env=env)


def contents(folder: Path) -> dict[str, bytes]:
    """Every file of the build but the query index's database files, which are Oxigraph's own
    (RocksDB, not byte-reproducible); its stamp, the SHA-256 of afgld.nq, is compared."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (p.parent.name != INDEX or p.name == STAMP)
    }


def test_builds_are_byte_identical_across_runs(repo_project: Project, tmp_path: Path) -> None:
    project = copy_project(repo_project.root, tmp_path / "project")
    build_in_process(project.root, tmp_path / "one", "1")
    build_in_process(project.root, tmp_path / "two", "2")
    first, second = contents(tmp_path / "one"), contents(tmp_path / "two")
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_every_artefact_is_listed_with_its_checksum(mini_build: Path) -> None:
    manifest = Manifest.read(mini_build)
    manifest.verify()
    for name in (
        "afgld.nq",
        "afgld.trig",
        "afgld.ttl",
        "afgld.nt",
        "afgld.jsonld",
        "afgld.rdf",
        "void.ttl",
    ):
        assert name in manifest.files
    sums = (mini_build / "SHA256SUMS").read_text(encoding="utf-8")
    for name, entry in manifest.files.items():
        if name != "SHA256SUMS":
            assert f"{entry['sha256']}  {name}\n" in sums


@pytest.mark.parametrize(
    ("name", "fmt"), [("afgld.trig", "trig"), ("afgld.jsonld", "json-ld"), ("afgld.nq", "nquads")]
)
def test_quad_dumps_hold_the_same_dataset(mini_build: Path, name: str, fmt: str) -> None:
    reference = Dataset()
    reference.parse(data=(mini_build / "afgld.nq").read_text(encoding="utf-8"), format="nquads")
    other = Dataset()
    other.parse(data=(mini_build / name).read_text(encoding="utf-8"), format=fmt)
    assert set(other.quads((None, None, None, None))) == set(
        reference.quads((None, None, None, None))
    )


@pytest.mark.parametrize(
    ("name", "fmt"), [("afgld.ttl", "turtle"), ("afgld.nt", "nt"), ("afgld.rdf", "xml")]
)
def test_triple_dumps_hold_the_union(mini_build: Path, name: str, fmt: str) -> None:
    reference = Dataset()
    reference.parse(data=(mini_build / "afgld.nq").read_text(encoding="utf-8"), format="nquads")
    union = {(s, p, o) for s, p, o, _ in reference.quads((None, None, None, None))}
    assert (
        set(Graph().parse(data=(mini_build / name).read_text(encoding="utf-8"), format=fmt))
        == union
    )


def test_void_describes_endpoint_iri_space_dumps_and_size(mini_build: Path) -> None:
    void = Graph().parse(
        data=(mini_build / "void.ttl").read_text(encoding="utf-8"), format="turtle"
    )
    dataset = URIRef(BASE + "dataset")
    manifest = json.loads((mini_build / "manifest.json").read_text(encoding="utf-8"))
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert str(void.value(dataset, VOID.uriSpace)) == BASE + "id/"
    assert int(void.value(dataset, VOID.triples)) == manifest["quads"]
    dumps = {str(d) for d in void.objects(dataset, VOID.dataDump)}
    assert BASE + "dumps/afgld.trig" in dumps and BASE + "dumps/afgld.nq" in dumps
    for distribution in void.objects(dataset, DCAT.distribution):
        url = str(void.value(distribution, DCAT.downloadURL))
        name = url.removeprefix(BASE + "dumps/")
        assert int(void.value(distribution, DCAT.byteSize)) == manifest["files"][name]["bytes"]


def test_an_invalid_project_writes_nothing(mini_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_project(mini_project, out, BASE)
    before = contents(out)
    path = next(mini_project.mappings.glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("by: ali-maisam-nazary", "by: nobody"), encoding="utf-8")
    with pytest.raises(NotConformingError) as caught:
        build_project(mini_project, out, BASE)
    assert "mappings/002_mini.yaml:" in str(caught.value)
    assert "'nobody' is not an entity of this file" in str(caught.value)
    assert contents(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build-")]


def test_a_tampered_build_is_refused(mini_project: Project, tmp_path: Path) -> None:
    out = build_project(mini_project, tmp_path / "build", BASE).out
    with (out / "afgld.nq").open("ab") as stream:
        stream.write(b"# tampered\n")
    with pytest.raises(BuildError, match="partial or altered"):
        Manifest.read(out).verify()
    (out / "manifest.json").unlink()
    with pytest.raises(BuildError, match="missing"):
        Manifest.read(out)


def test_the_data_license_setting_reaches_the_void_the_manifest_and_the_pages(
    mini_project: Project, tmp_path: Path
) -> None:
    from afgld.web.app import create_app

    cc0 = "https://creativecommons.org/publicdomain/zero/1.0/"
    out = build_project(mini_project, tmp_path / "build", BASE, data_license=cc0).out
    assert Manifest.read(out).data_license == cc0
    void = Graph().parse(out / "void.ttl")
    assert void.value(URIRef(BASE + "dataset"), URIRef("http://purl.org/dc/terms/license")) == (
        URIRef(cc0)
    )
    app = create_app({"BUILD_DIR": str(out), "BASE_IRI": BASE, "QUERY_WORKERS": 1})
    client = app.test_client()
    page = client.get("/people", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f'<a href="{cc0}" rel="license">CC0 1.0</a>' in page
    document = Graph().parse(data=client.get("/doc/person/ahmad-massoud.ttl").data, format="ttl")
    assert (None, URIRef("http://purl.org/dc/terms/license"), URIRef(cc0)) in document


def test_the_union_of_sorted_quads_is_sorted_without_a_sort() -> None:
    """Quads in N-Quads line order hold their triples in N-Triples line order (build/__init__)."""
    import pyoxigraph as ox

    from afgld.build import _union

    s, p = ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p")
    objects = [
        ox.Literal("x"),
        ox.Literal("x", language="en"),
        ox.Literal("x", language="en-gb"),
        ox.Literal("x y"),
        ox.Literal("x", datatype=ox.NamedNode("http://a/d")),
        ox.NamedNode("http://a/o"),
        ox.NamedNode("http://a/o2"),
        ox.BlankNode("b"),
        ox.BlankNode("b2"),
    ]
    graphs = [ox.NamedNode("http://a/g1"), ox.NamedNode("http://a/g2")]
    quads = sorted((ox.Quad(s, p, o, g) for o in objects for g in graphs), key=str)
    assert _union(quads) == sorted({q.triple for q in quads}, key=str)
