"""``afgld serve``: make sure the build is present and current, check it, then serve it.

The default base IRI follows the address served, so every IRI in the data dereferences against
the running server with no configuration; ``AFGLD_BASE_IRI`` names the public base instead.

Rebuild or refuse: a build that is absent, or whose manifest says it was made from other inputs
or under another base, is (re)built: that is the edit-and-serve loop. A build whose manifest
is unreadable, or whose files are missing, truncated or altered, is refused with the name of the
file and exit code 2, never rebuilt over: something outside afgld changed it, and hiding that
would hide a broken disk, a bad copy or tampering. ``afgld build`` replaces it on purpose.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from afgld import config
from afgld.build.pipeline import build_project, inputs_digest
from afgld.errors import BuildError
from afgld.project import Project
from afgld.store.manifest import MANIFEST


def default_base(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def build_state(build_dir: Path, project: Project, base_iri: str) -> str:
    """``missing``, ``stale`` or ``current``; BuildError for a build that is not whole."""
    manifest = build_dir / MANIFEST
    if not manifest.is_file():
        if build_dir.is_dir() and any(build_dir.iterdir()):
            raise BuildError(
                f"{build_dir} holds files but no {MANIFEST}: a partial build. "
                "Run `afgld build` to replace it, or remove the folder."
            )
        return "missing"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BuildError(f"{manifest} is corrupt ({error}): run `afgld build` again") from None
    if not isinstance(data, dict):
        raise BuildError(f"{manifest} is corrupt (not an object): run `afgld build` again")
    current = data.get("base_iri") == base_iri and data.get("inputs_sha256") == inputs_digest(
        project, base_iri
    )
    return "current" if current else "stale"


def is_current(build_dir: Path, project: Project, base_iri: str) -> bool:
    try:
        return build_state(build_dir, project, base_iri) == "current"
    except BuildError:
        return False


def ensure_build(project: Project, build_dir: Path, base_iri: str) -> None:
    if build_state(build_dir, project, base_iri) != "current":
        click.echo(f"building {build_dir} for {base_iri} …", err=True)
        click.echo(build_project(project, build_dir, base_iri).summary(), err=True)


def serve(project: Project, *, host: str, port: int, dev: bool) -> None:
    settings = config.resolve()
    base = os.environ.get("AFGLD_BASE_IRI") or default_base(host, port)
    build_dir = Path(settings["BUILD_DIR"])
    if not build_dir.is_absolute():
        build_dir = project.root / build_dir
    ensure_build(project, build_dir, base)
    # The workers read their settings from the environment, as any AFGLD_* setting.
    os.environ["AFGLD_BASE_IRI"] = base
    os.environ["AFGLD_BUILD_DIR"] = str(build_dir)
    settings = config.resolve()
    from afgld.web.app import check_build, create_app

    if dev:
        from afgld.devreload import serve_dev

        serve_dev(project, build_dir, base, host, port)  # rebuilds as the inputs change
        return
    check_build(settings)  # refuse before any worker starts; each worker checks again
    if settings["SPARQL_BACKEND"] != "embedded":
        create_app().extensions["afgld.query_pool"].close()  # the endpoint holds this release
    from afgld.server import check_address, run

    check_address(host, port)
    click.echo(f"afgld serving {base} on http://{host}:{port}/", err=True)
    run(host, port, settings)
