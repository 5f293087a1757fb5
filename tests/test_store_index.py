"""The on-disk index the query processes read: made once per build, remade when stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox

from afgld.store.index import STAMP, ensure_index, index_dir
from afgld.store.manifest import Manifest


def test_the_index_is_made_once_and_holds_the_build(sparql_build: Path, tmp_path: Path) -> None:
    manifest = Manifest.read(sparql_build)
    directory = ensure_index(manifest, tmp_path / "index")
    stamp = (directory / STAMP).stat().st_mtime_ns
    assert ensure_index(manifest, tmp_path / "index") == directory
    assert (directory / STAMP).stat().st_mtime_ns == stamp  # reused, not rebuilt
    store = ox.Store.read_only(str(directory))
    assert len(store) == manifest.data["quads"]


def test_a_changed_build_gets_a_new_index(sparql_build: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    shutil.copytree(sparql_build, build, ignore=shutil.ignore_patterns("oxigraph"))
    directory = ensure_index(Manifest.read(build), tmp_path / "index")
    data = json.loads((build / "manifest.json").read_text())
    data["files"]["afgld.nq"]["sha256"] = "f" * 64
    (build / "manifest.json").write_text(json.dumps(data))
    ensure_index(Manifest.read(build), directory)
    assert (directory / STAMP).read_text().strip() == "f" * 64


def test_the_index_lives_in_the_build_unless_configured(sparql_build: Path, tmp_path: Path) -> None:
    manifest = Manifest.read(sparql_build)
    assert index_dir(manifest) == sparql_build / "oxigraph"
    assert index_dir(manifest, str(tmp_path)) == tmp_path
