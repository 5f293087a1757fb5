"""Shared fixtures: projects and builds made once per session, and a network guard."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings as hypothesis_settings

from afgld.project import Project

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BASE = "http://127.0.0.1:8080/"


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    else:
        return True  # unix sockets and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guard(event: str, args: tuple[object, ...]) -> None:
    """Fail any connection that would leave this machine."""
    if event == "socket.connect" and len(args) >= 2:
        sock, address = args[0], args[1]
        if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(
            address
        ):
            raise RuntimeError(f"tests must not reach the network: connect to {address!r}")
    if (
        event == "socket.getaddrinfo"
        and args
        and args[0] not in (None, "localhost", "127.0.0.1", "::1")
    ):
        try:
            ipaddress.ip_address(str(args[0]))
        except ValueError:
            raise RuntimeError(f"tests must not resolve host names: {args[0]!r}") from None


sys.addaudithook(_guard)


def copy_project(source: Path, target: Path) -> Project:
    """A project folder with ``source``'s seeds and mappings and the repository's vocabulary."""
    for folder in ("seeds", "mappings"):
        shutil.copytree(source / folder, target / folder)
    for folder in ("ontology", "shapes"):
        shutil.copytree(REPO / folder, target / folder)
    return Project(target)


@pytest.fixture(scope="session")
def repo_project() -> Project:
    return Project(REPO)


@pytest.fixture()
def mini_project(tmp_path: Path) -> Project:
    """A small, valid project (part of seed 002) that a test may change freely."""
    return copy_project(DATA / "mini", tmp_path / "project")


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from afgld.build.pipeline import build_project

    root = tmp_path_factory.mktemp("mini")
    project = copy_project(DATA / "mini", root / "project")
    return build_project(project, root / "build", BASE).out


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory, repo_project: Project) -> Path:
    """The whole dataset, built once per test session."""
    from afgld.build.pipeline import build_project

    out = tmp_path_factory.mktemp("real") / "build"
    return build_project(repo_project, out, BASE).out


@pytest.fixture(scope="session")
def app(real_build: Path):  # type: ignore[no-untyped-def]
    """The web application over the whole dataset, shared by the tests that only read it."""
    from afgld.web.app import create_app

    return create_app({"TESTING": True, "BUILD_DIR": str(real_build), "BASE_IRI": BASE})


@pytest.fixture(scope="session")
def mini_app(mini_build: Path):  # type: ignore[no-untyped-def]
    from afgld.web.app import create_app

    return create_app({"TESTING": True, "BUILD_DIR": str(mini_build), "BASE_IRI": BASE})


@pytest.fixture()
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture()
def mini_client(mini_app):  # type: ignore[no-untyped-def]
    return mini_app.test_client()


# ---------------------------------------------------------------- the SPARQL endpoint

hypothesis_settings.register_profile("ci", max_examples=50, deadline=None)
hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def sparql_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic build shaped like afgld's graphs, for the endpoint's tests."""
    from tests.sparql_data import make_build

    return make_build(tmp_path_factory.mktemp("sparql") / "build")


def make_app(build_dir: Path, **overrides: object) -> Flask:
    """An app over ``build_dir`` with the tiny limits the endpoint's tests rely on."""
    from afgld.web.app import create_app

    settings: dict[str, object] = {
        "TESTING": True,
        "BUILD_DIR": str(build_dir),
        "BASE_IRI": BASE,
        "QUERY_TIMEOUT_S": 2.0,
        "QUERY_WORKERS": 2,
        "QUERY_WAIT_S": 5.0,
        "MAX_RESULT_ROWS": 50,
        "MAX_RESULT_BYTES": 200_000,
        "MAX_BODY_BYTES": 20_000,
        "MAX_QUERY_BYTES": 10_000,
        "MAX_QUERY_NESTING": 40,
    }
    settings.update(overrides)
    return create_app(settings)


@pytest.fixture(scope="session")
def sparql_app(sparql_build: Path) -> Iterator[Flask]:
    application = make_app(sparql_build)
    yield application
    application.extensions["afgld.query_pool"].close()


@pytest.fixture()
def sparql_client(sparql_app: Flask) -> FlaskClient:
    return sparql_app.test_client()
