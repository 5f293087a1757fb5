"""``afgld serve --dev`` rebuilds when an input changes and serves the new build."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import Client

from afgld.build.pipeline import build_project
from afgld.project import Project
from afgld.serving.devreload import Watcher, close_app, reloading, snapshot
from tests.conftest import BASE

POLL = 0.05


def wait_for(condition: Callable[[], bool], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(POLL)  # the next poll; the deadline bounds the wait


def test_the_snapshot_sees_an_edit_and_a_new_fact_file(mini_project: Project) -> None:
    before = snapshot(mini_project)
    (mini_project.mappings / "003_new.yaml").write_text("article: {}\n", encoding="utf-8")
    assert snapshot(mini_project) != before
    path = next(mini_project.mappings.glob("002_*.yaml"))
    after_new = snapshot(mini_project)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert snapshot(mini_project) != after_new


def test_the_watcher_calls_once_the_files_hold_still(mini_project: Project) -> None:
    changed = threading.Event()
    watcher = Watcher(mini_project, changed.set, interval=POLL)
    watcher.start()
    try:
        path = next(mini_project.mappings.glob("002_*.yaml"))
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert changed.wait(30)
    finally:
        watcher.stop()
        watcher.join(5)


def test_an_edit_is_served_after_a_rebuild_and_a_bad_one_is_not(
    mini_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from afgld.web.app import create_app

    out = tmp_path / "build"
    build_project(mini_project, out, BASE)

    def make_app() -> Flask:
        return create_app({"TESTING": True, "BUILD_DIR": str(out), "BASE_IRI": BASE})

    def rebuild() -> str:
        return build_project(mini_project, out, BASE).summary()

    served, watcher = reloading(mini_project, rebuild, make_app, interval=POLL)
    first = served.app
    try:
        inputs = Client(served).get("/version").json["inputs_sha256"]
        path = next(mini_project.mappings.glob("002_*.yaml"))
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("of refusing to change their mindset.", "of refusing to change.")
        )
        wait_for(lambda: served.app is not first)
        assert Client(served).get("/version").json["inputs_sha256"] != inputs
        second = served.app
        path.write_text(text.replace("by: ali-maisam-nazary", "by: nobody"), encoding="utf-8")
        wait_for(lambda: "not rebuilt" in capsys.readouterr().err)
        assert served.app is second
        assert Client(served).get("/healthz").status_code == 200
    finally:
        watcher.stop()
        watcher.join(5)
        close_app(served.app)
