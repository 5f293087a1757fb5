"""What every route shares, made once per app and reached through accessors (the pattern of
Flask's tutorial, ``flaskr/db.py``): the settings, the store, the view models' site, and the
search index with the reconciliation service over it.

:func:`init_app` opens the one store (``afgld.store.open_store`` decides the backend), builds
the site over it and opens the build's search index read-only; routes call :func:`settings`,
:func:`store`, :func:`site`, :func:`statements`, :func:`searcher`, :func:`reconciler` instead of
reaching into ``app.extensions``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from afgld.config import Settings
from afgld.namespaces import Space
from afgld.search.query import Limits
from afgld.search.reconcile import Reconciler
from afgld.search.searcher import Searcher
from afgld.store import Store, open_store
from afgld.web.views.site import Site
from afgld.web.views.statements import Statements

KEY = "afgld"


@dataclass(frozen=True)
class Services:
    settings: Settings
    store: Store
    site: Site
    statements: Statements
    searcher: Searcher
    reconciler: Reconciler


def init_app(app: Flask, settings: Settings) -> Services:
    """Open the store over the checked build, index the site and open the search index;
    refuse a bad build."""
    store = open_store(settings)
    try:
        site = Site(store, Space(store.manifest.base_iri))
        searcher = Searcher.of_build(store.manifest, Limits.from_settings(settings))
    except BaseException:
        store.close()
        raise
    reconciler = Reconciler.from_settings(searcher, settings)
    services = Services(settings, store, site, Statements(site), searcher, reconciler)
    app.extensions[KEY] = services
    app.add_template_filter(site.doc_path, "doc")  # {{ iri|doc }}: the document's local path
    app.add_template_filter(site.label, "label")  # {{ iri|label }}: the display label
    app.jinja_env.globals.update(site=site, licence=site.licence)
    return services


def services(app: Flask | None = None) -> Services:
    found: Services = (app or current_app).extensions[KEY]
    return found


def settings() -> Settings:
    return services().settings


def store() -> Store:
    return services().store


def site() -> Site:
    return services().site


def statements() -> Statements:
    return services().statements


def searcher() -> Searcher:
    return services().searcher


def reconciler() -> Reconciler:
    return services().reconciler
