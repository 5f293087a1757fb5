"""``afgld serve`` on a real socket: it builds a missing build, then every IRI in the data
dereferences against the running server with no configuration."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from rdflib import Graph, URIRef

from tests.conftest import DATA, copy_project

pytestmark = pytest.mark.socket
STARTUP_S = 120.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_responds(url: str, process: subprocess.Popen, deadline_s: float) -> None:
    """Poll ``url`` until it answers; fail early if the server exits."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"afgld serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)  # the next poll; the deadline bounds the wait
    raise AssertionError(f"{url} did not answer within {deadline_s} s")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    project = copy_project(DATA / "mini", tmp_path_factory.mktemp("served") / "project")
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("AFGLD_")}
    log = (project.root / "serve.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "afgld.cli",
            "--project",
            str(project.root),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=environ,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_responds(base, process, STARTUP_S)
        yield base, project.root
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_serve_builds_when_the_build_is_missing(served) -> None:  # type: ignore[no-untyped-def]
    base, root = served
    manifest = json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["base_iri"] == base


def test_every_iri_in_the_data_dereferences(served) -> None:  # type: ignore[no-untyped-def]
    base, root = served
    iris = set()
    for line in (root / "build" / "afgld.nq").read_text(encoding="utf-8").splitlines():
        subject = line.split(" ", 1)[0].strip("<>")
        if subject.startswith((base + "id/", base + "concept/")):
            iris.add(subject.split("#", 1)[0])
    assert iris
    for iri in sorted(iris):
        request = urllib.request.Request(iri, headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/turtle")
            assert response.url.endswith(".ttl")
            graph = Graph().parse(data=response.read(), format="turtle")
            assert (URIRef(iri), None, None) in graph or (None, None, URIRef(iri)) in graph


def test_head_and_content_length_on_the_wire(served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    get = urllib.request.urlopen(base + "dumps/afgld.nq", timeout=10)
    body = get.read()
    assert int(get.headers["Content-Length"]) == len(body)
    head = urllib.request.urlopen(urllib.request.Request(base + "dumps/afgld.nq", method="HEAD"))
    assert int(head.headers["Content-Length"]) == len(body)
    assert head.read() == b""
    page = urllib.request.urlopen(base + "doc/person/ahmad-massoud", timeout=10)
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Accept" in page.headers["Vary"]
