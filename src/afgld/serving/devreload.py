"""``afgld serve --dev``: rebuild when an input changes, and serve the new build at once.

A thread polls every input of the build (``Project.input_files``: seeds, fact files, the
ontology, the shapes, the release history) for a new, removed or changed file, waits until
the files stop changing (an editor saves in steps), and rebuilds. A build that does not
validate changes nothing: its problems are printed and the last good build stays served. A
good one is served by a fresh app, swapped in behind the same WSGI callable; the old app's
query processes are closed. Polling needs no dependency and sees every editor's way of saving.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

import click

from afgld.config import Settings
from afgld.errors import AfgldError
from afgld.project import Project

Snapshot = dict[str, tuple[int, int]]
POLL_S = 0.5


class WSGIApp(Protocol):
    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]: ...


def snapshot(project: Project) -> Snapshot:
    """Modification time and size of every input, by path: a new file or an edit shows."""
    found: Snapshot = {}
    for path in project.input_files():
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed while listed
            continue
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


class Watcher(threading.Thread):
    """Calls ``on_change`` after the inputs changed and then held still for one poll."""

    def __init__(
        self, project: Project, on_change: Callable[[], None], interval: float = POLL_S
    ) -> None:
        super().__init__(name="afgld-dev-watcher", daemon=True)
        self.project, self.on_change, self.interval = project, on_change, interval
        self.stopped = threading.Event()
        self.seen = snapshot(project)  # now, so that a change right after start counts

    def run(self) -> None:
        seen = self.seen
        while not self.stopped.wait(self.interval):
            now = snapshot(self.project)
            if now == seen:
                continue
            while not self.stopped.wait(self.interval):  # until the editor is done saving
                settled = snapshot(self.project)
                if settled == now:
                    break
                now = settled
            seen = now
            if not self.stopped.is_set():
                self.on_change()

    def stop(self) -> None:
        self.stopped.set()


class Swappable:
    """A WSGI app that forwards to whichever app was swapped in last."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        with self.lock:
            app = self.app
        return app(environ, start_response)

    def swap(self, app: WSGIApp) -> WSGIApp:
        with self.lock:
            old, self.app = self.app, app
        return old


def close_app(app: object) -> None:
    """Close what an afgld app holds open (its store and query processes), if anything."""
    from flask import Flask

    from afgld.web.extension import services

    if isinstance(app, Flask):
        services(app).store.close()


def reloading(
    project: Project,
    rebuild: Callable[[], object],
    make_app: Callable[[], WSGIApp],
    interval: float = POLL_S,
) -> tuple[Swappable, Watcher]:
    """The app to serve, and its (started) watcher: each change rebuilds, then swaps."""
    served = Swappable(make_app())

    def on_change() -> None:
        click.echo("an input changed: rebuilding …", err=True)
        try:
            click.echo(str(rebuild()), err=True)
        except AfgldError as error:
            click.echo(f"not rebuilt, still serving the last good build:\n{error}", err=True)
            return
        close_app(served.swap(make_app()))
        click.echo("serving the new build", err=True)

    watcher = Watcher(project, on_change, interval)
    watcher.start()
    return served, watcher


def serve_dev(project: Project, settings: Settings, host: str, port: int) -> None:
    """Werkzeug's development server over the build, rebuilt as the inputs change."""
    from werkzeug.serving import run_simple

    from afgld.build.pipeline import build_project
    from afgld.web.app import create_app

    def rebuild() -> str:
        build_dir, base = Path(settings.build_dir), settings.base_iri
        return build_project(project, build_dir, base, data_license=settings.data_license).summary()

    served, watcher = reloading(project, rebuild, lambda: create_app(settings))
    base = settings.base_iri
    click.echo(f"afgld (development server) serving {base} on http://{host}:{port}/", err=True)
    click.echo("rebuilding whenever a seed, fact file, ontology or shape changes", err=True)
    try:
        run_simple(host, port, served, use_reloader=False, threaded=True)
    finally:
        watcher.stop()
        close_app(served.app)
