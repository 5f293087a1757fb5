"""``afgld serve``: make sure the build is present and current, then serve it.

The default base IRI follows the address served, so every IRI in the data dereferences against
the running server with no configuration; ``AFGLD_BASE_IRI`` names the public base instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from afgld import config
from afgld.build.pipeline import build_project, inputs_digest
from afgld.project import Project
from afgld.store.manifest import MANIFEST


def default_base(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def is_current(build_dir: Path, project: Project, base_iri: str) -> bool:
    manifest = build_dir / MANIFEST
    if not manifest.is_file():
        return False
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return data.get("base_iri") == base_iri and data.get("inputs_sha256") == inputs_digest(
        project, base_iri
    )


def ensure_build(project: Project, build_dir: Path, base_iri: str) -> None:
    if not is_current(build_dir, project, base_iri):
        click.echo(f"building {build_dir} for {base_iri} …", err=True)
        click.echo(build_project(project, build_dir, base_iri).summary(), err=True)


def serve(project: Project, *, host: str, port: int, dev: bool) -> None:
    settings = config.resolve()
    base = os.environ.get("AFGLD_BASE_IRI") or default_base(host, port)
    build_dir = Path(settings["BUILD_DIR"])
    if not build_dir.is_absolute():
        build_dir = project.root / build_dir
    ensure_build(project, build_dir, base)
    overrides = {"BASE_IRI": base, "BUILD_DIR": str(build_dir)}
    from afgld.web.app import create_app

    app = create_app(overrides)
    click.echo(f"afgld serving {base} on http://{host}:{port}/", err=True)
    if dev:
        app.run(host=host, port=port, debug=False, use_reloader=False)
        return
    from afgld.wsgi import run_gunicorn

    run_gunicorn(app, host=host, port=port, workers=settings.get("WEB_WORKERS", 2))
