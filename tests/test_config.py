"""Settings: declared once, read once, handed down as one object; never written back into the
environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from afgld.cli import main
from afgld.config import DEFAULTS, SETTINGS, Settings
from afgld.errors import ConfigError
from afgld.project import Project
from afgld.store.index import INDEX
from tests.conftest import BASE


def test_every_setting_is_declared_once_with_a_type_and_a_help_line() -> None:
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(s.help and s.name.isupper() for s in SETTINGS)
    assert Settings().as_mapping() == DEFAULTS


def test_overrides_win_over_the_environment_which_wins_over_defaults() -> None:
    environ = {"AFGLD_QUERY_TIMEOUT_S": "3", "AFGLD_WEB_WORKERS": "5"}
    settings = Settings.resolve(
        {"QUERY_TIMEOUT_S": 1.5, "TESTING": True},
        environ,
        defaults={"BASE_IRI": "http://example.org/", "WEB_WORKERS": 9},
    )
    assert settings.query_timeout_s == 1.5
    assert settings.web_workers == 5  # the environment over a command's own default
    assert settings.base_iri == "http://example.org/"
    assert settings.max_result_rows == DEFAULTS["MAX_RESULT_ROWS"]


def test_a_value_of_the_wrong_type_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="AFGLD_QUERY_WORKERS='many'"):
        Settings.resolve(environ={"AFGLD_QUERY_WORKERS": "many"})


def test_a_retired_setting_is_an_error_not_ignored() -> None:
    with pytest.raises(ConfigError, match="QUERY_STORE_DIR is retired"):
        Settings.resolve(environ={"AFGLD_QUERY_STORE_DIR": "/srv/index"})
    with pytest.raises(ConfigError, match="QUERY_STORE_DIR is retired"):
        Settings.resolve({"QUERY_STORE_DIR": "/srv/index"}, environ={})


def test_serve_hands_the_workers_its_settings_and_writes_no_environment(
    mini_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`afgld serve` resolves the settings once (its address as the default base IRI, the build
    folder made absolute) and gives them to the server; os.environ is left as it was."""
    import afgld.serving.serve
    import afgld.serving.server

    handed: list[Settings] = []
    monkeypatch.setattr(
        afgld.serving.server, "run", lambda host, port, settings: handed.append(settings)
    )
    monkeypatch.setattr(afgld.serving.serve, "ensure_build", lambda *args: None)
    for name in list(os.environ):
        if name.startswith("AFGLD_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AFGLD_BUILD_DIR", str(mini_build))
    monkeypatch.setenv("AFGLD_QUERY_TIMEOUT_S", "4")
    before = dict(os.environ)
    afgld.serving.serve.serve(Project(mini_build.parent), host="127.0.0.1", port=8080, dev=False)
    assert dict(os.environ) == before
    (settings,) = handed
    assert settings.base_iri == BASE and settings.build_dir == str(mini_build)
    assert settings.query_timeout_s == 4.0


def test_a_worker_serves_the_settings_it_is_handed_whatever_the_environment(
    mini_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afgld.serving.server import load_worker
    from afgld.web.extension import services

    monkeypatch.setenv("AFGLD_BUILD_DIR", "/no/such/build")
    monkeypatch.setenv("AFGLD_BASE_IRI", "http://elsewhere.example/")
    bridge: Any = load_worker(Settings(base_iri=BASE, build_dir=str(mini_build), query_workers=1))
    try:
        handed = services(bridge.app).settings
        assert handed.build_dir == str(mini_build) and handed.base_iri == BASE
        response = bridge.app.test_client().get("/version")
        assert response.json["base_iri"] == BASE
        assert services(bridge.app).store.health().ok  # its query process is ready
    finally:
        services(bridge.app).store.close()
        bridge.threads.stop()


def test_serve_refuses_a_build_without_its_index_and_does_not_make_one(
    mini_build: Path, tmp_path: Path
) -> None:
    import shutil

    build = tmp_path / "build"
    shutil.copytree(mini_build, build, ignore=shutil.ignore_patterns(INDEX))
    project = mini_build.parent / "project"  # what mini_build was built from: it is current
    result = CliRunner().invoke(
        main,
        ["--project", str(project), "serve", "--port", "8080"],
        env={"AFGLD_BUILD_DIR": str(build), "AFGLD_BASE_IRI": BASE},
    )
    assert result.exit_code == 2, result.output
    assert "run `afgld build` again" in result.output
    assert not (build / INDEX).exists()
