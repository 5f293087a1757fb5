"""The on-disk index every serving process reads: written by the build, never by a server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from afgld.config import Settings
from afgld.errors import BuildError
from afgld.store import open_store
from afgld.store.index import INDEX, STAMP, index_of
from afgld.store.manifest import Manifest
from tests.conftest import BASE


def test_the_build_writes_the_index_and_it_holds_the_build(sparql_build: Path) -> None:
    manifest = Manifest.read(sparql_build)
    directory = index_of(manifest)
    assert directory == sparql_build / INDEX
    assert (directory / STAMP).read_text().strip() == manifest.files["afgld.nq"]["sha256"]
    store = ox.Store.read_only(str(directory))
    assert len(store) == manifest.data["quads"]
    assert not any(name.startswith(INDEX) for name in manifest.files)  # not a dump


def test_a_server_opens_the_index_and_never_writes_it(sparql_build: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    shutil.copytree(sparql_build, build)
    before = {p: p.stat().st_mtime_ns for p in (build / INDEX).rglob("*")}
    store = open_store(Settings(base_iri=BASE, build_dir=str(build)))
    try:
        assert store.ask("ASK { ?s ?p ?o }")
    finally:
        store.close()
    assert {p: p.stat().st_mtime_ns for p in (build / INDEX).rglob("*")} == before


def test_a_build_without_its_index_is_refused_not_indexed(
    sparql_build: Path, tmp_path: Path
) -> None:
    build = tmp_path / "build"
    shutil.copytree(sparql_build, build, ignore=shutil.ignore_patterns(INDEX))
    with pytest.raises(BuildError, match="run `afgld build` again"):
        open_store(Settings(base_iri=BASE, build_dir=str(build)))
    assert not (build / INDEX).exists()


def test_an_index_of_other_nquads_is_refused(sparql_build: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    shutil.copytree(sparql_build, build)
    data = json.loads((build / "manifest.json").read_text())
    (build / INDEX / STAMP).write_text("f" * 64 + "\n")
    with pytest.raises(BuildError, match="other N-Quads"):
        index_of(Manifest(build, data))


def test_health_says_unavailable_until_a_query_process_is_ready(sparql_build: Path) -> None:
    """Started query processes that are not ready yet cannot answer: /healthz must not say
    otherwise (issue 8, item 7: a server that said it was ready before its query processes)."""
    store = open_store(Settings(base_iri=BASE, build_dir=str(sparql_build), query_workers=1))
    try:
        assert store.health().ok  # not started: the first query starts them
        store.start()
        assert not store.health().ok  # an interpreter takes far longer than this to start
        store.wait_until_ready()
        assert store.health().ok and store.health().details["query_processes"] == {
            "started": True,
            "configured": 1,
            "live": 1,
            "idle": 1,
        }
    finally:
        store.close()
