"""Shared fixtures: projects and builds made once per session, and a network guard."""

from __future__ import annotations

import contextlib
import ipaddress
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings as hypothesis_settings

from afgld.project import Project
from afgld.store import Store
from afgld.store.embedded import EmbeddedStore
from afgld.store.pool import QueryPool

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
    if (source / "releases").is_dir():
        shutil.copytree(source / "releases", target / "releases")
    history = source / "releases.yaml"
    shutil.copy(history if history.is_file() else DATA / "releases.yaml", target / "releases.yaml")
    return Project(target)


def make_second_release(root: Path) -> Project:
    """The mini project archived as 0.1.0, then changed into 0.2.0 without recording what it
    retired (tests/data/two-releases/README.md; its ``retired.yaml`` records it)."""
    from afgld.build.pipeline import archive_project

    project = copy_project(DATA / "mini", root)
    folder, written = archive_project(project, BASE)
    assert written and folder == project.root / "releases" / "0.1.0"
    assert archive_project(project, BASE) == (folder, False)  # identical: nothing to write
    shutil.copy(DATA / "two-releases" / "releases.yaml", project.releases_file)
    path = project.mappings / "002_mini.yaml"
    text = path.read_text(encoding="utf-8").replace("amir-khan-muttaqi", "muttaqi")
    bastion = (
        "    claims:\n      - says: The NRF is the last bastion against total Taliban control.\n"
        "        by: nrf\n        act: characterisation\n"
        "        triples: [[nrf, characterised_as, last-bastion]]\n        about: [taliban]\n"
    )
    quality = "  last-bastion: {kind: quality, label: last bastion, names: [last bastion]}\n"
    assert bastion in text and quality in text
    path.write_text(text.replace(bastion, "").replace(quality, ""), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def two_releases_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build of the second release of tests/data/two-releases, its retired IRIs recorded."""
    from afgld.build.pipeline import build_project

    root = tmp_path_factory.mktemp("two-releases")
    project = make_second_release(root / "project")
    shutil.copy(DATA / "two-releases" / "mappings" / "retired.yaml", project.retired_file)
    return build_project(project, root / "build", BASE).out


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


# ---------------------------------------------------------------- the remote-store mode

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
# The embedded store; an Oxigraph server ("remote"); Debian's Virtuoso 7.2 ("virtuoso").
BACKENDS = ("embedded", "remote", "virtuoso")
# For tests whose answers come from the build's files, or that walk every page of a kind
# (minutes over Virtuoso, each page many round trips, for what other page tests show): the
# embedded store and the Oxigraph server only.
WITHOUT_VIRTUOSO = pytest.mark.parametrize(
    "app", ["embedded", "remote"], indirect=True, scope="session"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def oxigraph_server(build_dir: Path, scratch: Path) -> Iterator[str]:
    """``oxigraph serve-read-only`` on 127.0.0.1 over the build's N-Quads, loaded first, as an
    operator of the remote-store mode does (without ``--union-default-graph``, which would make
    it ignore FROM); yields its query endpoint's URL."""
    location = scratch / "oxigraph-remote"
    subprocess.run(
        [str(OXIGRAPH), "load", "--location", str(location), "--file", str(build_dir / "afgld.nq")],
        check=True,
        capture_output=True,
    )
    port = free_port()
    command = [str(OXIGRAPH), "serve-read-only", "--location", str(location)]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout-s", "30"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "oxigraph serve exited"
            try:
                with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "oxigraph serve did not answer"
                time.sleep(0.05)  # the next poll; the deadline bounds the wait
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def real_remote(real_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(real_build, tmp_path_factory.mktemp("real-remote")) as url:
        yield url


def open_build(build: Path, backend: str = "embedded") -> Store:
    """The store over ``build``, as the app opens it (``afgld.store.open_store``)."""
    from afgld.config import Settings
    from afgld.store import open_store

    return open_store(Settings(base_iri=BASE, build_dir=str(build), sparql_backend=backend))


def store_of(app: Flask) -> Store:
    """The one store the app opened (embedded or remote)."""
    from afgld.web.extension import services

    return services(app).store


def pool_of(app: Flask) -> QueryPool:
    """The query processes of an app over the embedded store."""
    store = store_of(app)
    assert isinstance(store, EmbeddedStore), "only the embedded store has query processes"
    return store.pool


@pytest.fixture(scope="session")
def real_virtuoso(real_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.virtuoso import virtuoso_server

    with virtuoso_server(real_build, tmp_path_factory.mktemp("real-virtuoso")) as url:
        yield url


def _app_over(request: pytest.FixtureRequest, settings: dict):  # type: ignore[no-untyped-def]
    """The app with ``settings``, over the store the fixture's parameter names; closed after."""
    from afgld.web.app import create_app

    if request.param != "embedded":
        settings["SPARQL_BACKEND"] = request.getfixturevalue(f"real_{request.param}")
    application = create_app(settings)
    yield application
    store_of(application).close()


@pytest.fixture(scope="session", params=BACKENDS)
def app(request: pytest.FixtureRequest, real_build: Path):  # type: ignore[no-untyped-def]
    """The web application over the whole dataset, shared by the tests that only read it:
    once over the embedded store, once over an Oxigraph server holding the same build."""
    settings = {"TESTING": True, "BUILD_DIR": str(real_build), "BASE_IRI": BASE}
    yield from _app_over(request, settings)


@pytest.fixture(scope="session", params=BACKENDS)
def public_app(request: pytest.FixtureRequest, real_build: Path):  # type: ignore[no-untyped-def]
    """The app as the public meets it: not in testing mode, so a crash becomes the 500 page
    a visitor would see instead of an exception in the test."""
    settings = {"BUILD_DIR": str(real_build), "BASE_IRI": BASE, "MAX_BODY_BYTES": 20_000}
    yield from _app_over(request, settings)


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
        "QUERY_WORKERS_MAX": 2,
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
def sparql_remote(sparql_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(sparql_build, tmp_path_factory.mktemp("sparql-remote")) as url:
        yield url


@pytest.fixture(scope="session")
def sparql_virtuoso(sparql_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.virtuoso import virtuoso_server

    with virtuoso_server(sparql_build, tmp_path_factory.mktemp("sparql-virtuoso")) as url:
        yield url


@pytest.fixture(scope="session", params=BACKENDS)
def sparql_app(request: pytest.FixtureRequest, sparql_build: Path) -> Iterator[Flask]:
    """The endpoint over the embedded store's query processes, then over an Oxigraph server."""
    overrides = {}
    if request.param != "embedded":
        overrides["SPARQL_BACKEND"] = request.getfixturevalue(f"sparql_{request.param}")
    application = make_app(sparql_build, **overrides)
    yield application
    store_of(application).close()


@pytest.fixture()
def sparql_client(sparql_app: Flask) -> FlaskClient:
    return sparql_app.test_client()


# ---------------------------------------------------------------- the static mirror (nginx)

# The Linked Data tests that run against the app, over either store, and against nginx serving
# the static mirror of the small build: ``@MIRRORED`` on a module or test whose ``client``
# is the module's own ``client`` fixture choosing by ``server``.
MIRRORED = pytest.mark.parametrize(
    ("app", "server"),
    [("embedded", "app"), ("remote", "app"), ("embedded", "nginx")],
    indirect=["app"],
    ids=["embedded", "remote", "nginx"],
    scope="session",  # else the session's apps would be made anew for each test
)


@pytest.fixture(scope="session")
def mirror_upstream(mini_app: Flask) -> Iterator[str]:
    """The app over the small build on a real socket: what the mirror proxies /sparql to."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, mini_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    store_of(mini_app).close()  # its queries ran in processes


@pytest.fixture(scope="session")
def mirror_export(mini_build: Path, tmp_path_factory: pytest.TempPathFactory, mirror_upstream: str):  # type: ignore[no-untyped-def]
    """``afgld export-static`` of the small build, with /sparql proxied to a live app: the
    site's pages, indexes and descriptions, and the documents the tests name (a whole export
    asks the app for every document, which takes a minute even for the small build)."""
    from afgld.mirror.export import export_static

    out = tmp_path_factory.mktemp("mirror")
    settings = {"BUILD_DIR": str(mini_build), "BASE_IRI": BASE}
    listen = f"127.0.0.1:{free_port()}"
    return export_static(settings, out, listen, mirror_upstream, follow=mirrored_in_tests)


MIRRORED_DOCUMENTS = ("person/ahmad-massoud", "org/nrf", "concept/role/commander")


def mirrored_in_tests(path: str) -> bool:
    """Every path but the documents of things, of which only a few."""
    head, _, rest = path.lstrip("/").partition("/")
    if head in ("id", "doc"):
        return rest.split(".", 1)[0] in MIRRORED_DOCUMENTS
    if head == "concept":
        return path.lstrip("/") in MIRRORED_DOCUMENTS
    return True


@pytest.fixture(scope="session")
def mirror(mirror_export):  # type: ignore[no-untyped-def]
    """A client of nginx serving the static mirror on 127.0.0.1 (stopped after the session)."""
    from tests.nginx_mirror import HttpClient, nginx

    with nginx(mirror_export.out, mirror_export.listen.port) as port:
        yield HttpClient(port)


# ---------------------------------------------------------------- the browser tests


@pytest.fixture(scope="module")
def live(app: Flask) -> Iterator[str]:
    """The app on a real socket (tests/browser.py), for the browser tests."""
    from tests.browser import serving

    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Debian's headless chromium, offline (tests/browser.py)."""
    from tests.browser import chromium

    with chromium(tmp_path_factory.mktemp("chromium-profile")) as browser:
        yield browser


@pytest.fixture(scope="session")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    """The app over the mini project with hostile strings in its literals and a conflict
    (``tests/hostile.py``): every template must render them inert."""
    from afgld.build.pipeline import build_project
    from afgld.web.app import create_app
    from tests.hostile import make_hostile

    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(DATA / "mini", root / "project")
    make_hostile(project.root)
    out = build_project(project, root / "build", BASE).out
    return create_app({"TESTING": True, "BUILD_DIR": str(out), "BASE_IRI": BASE}).test_client()
