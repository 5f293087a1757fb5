"""``afgld serve``: make sure the build is present and current, check it, then serve it.

The default base IRI follows the address served, so every IRI in the data dereferences against
the running server with no configuration; ``AFGLD_BASE_IRI`` names the public base instead.
Settings are read here once and passed, as one object, to the build and to every web worker.

Rebuild or refuse: a build that is absent, or whose manifest says it was made from other inputs
or under another base, is (re)built: that is the edit-and-serve loop. A build whose manifest
is unreadable, or whose files are missing, truncated or altered, is refused with the name of the
file and exit code 2, never rebuilt over: something outside afgld changed it, and hiding that
would hide a broken disk, a bad copy or tampering. ``afgld build`` replaces it on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from afgld.build.pipeline import LICENSE, build_project, inputs_digest
from afgld.config import Settings
from afgld.errors import BuildError
from afgld.project import Project
from afgld.store.manifest import MANIFEST


def default_base(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def build_state(
    build_dir: Path, project: Project, base_iri: str, data_license: str = LICENSE
) -> str:
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
    digest = inputs_digest(project, base_iri, data_license)
    current = data.get("base_iri") == base_iri and data.get("inputs_sha256") == digest
    return "current" if current else "stale"


def ensure_build(project: Project, build_dir: Path, base_iri: str, data_license: str) -> None:
    if build_state(build_dir, project, base_iri, data_license) != "current":
        click.echo(f"building {build_dir} for {base_iri} …", err=True)
        result = build_project(project, build_dir, base_iri, data_license=data_license)
        click.echo(result.summary(), err=True)


def serve(project: Project, *, host: str, port: int, dev: bool) -> None:
    """Read the settings once, build if needed, check the build, and serve it. The resolved
    settings are handed to each web worker as they are: nothing is written to the environment."""
    settings = Settings.resolve(defaults={"BASE_IRI": default_base(host, port)})
    build_dir = Path(settings.build_dir)
    if not build_dir.is_absolute():
        build_dir = project.root / build_dir
    settings = settings.replace(build_dir=str(build_dir))
    ensure_build(project, build_dir, settings.base_iri, settings.data_license)
    base = settings.base_iri
    if dev:
        from afgld.serving.devreload import serve_dev

        serve_dev(project, settings, host, port)  # rebuilds as the inputs change
        return
    from afgld.serving.server import check_address, run
    from afgld.store import check_store

    check_store(settings)  # refuse a bad build or endpoint before any worker starts
    check_address(host, port)
    click.echo(f"afgld serving {base} on http://{host}:{port}/", err=True)
    run(host, port, settings)
