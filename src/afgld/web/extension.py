"""What every route shares, made once per app and reached through accessors (the pattern of
Flask's tutorial, ``flaskr/db.py``): the settings, the store, and the view models' site.

:func:`init_app` opens the one store (``afgld.store.open_store`` decides the backend) and builds
the site over it; routes call :func:`settings`, :func:`store`, :func:`site`, :func:`statements`
instead of reaching into ``app.extensions``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from afgld.config import Settings
from afgld.namespaces import Space
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


def init_app(app: Flask, settings: Settings) -> Services:
    """Open the store over the checked build and index the site; refuse a bad build."""
    store = open_store(settings)
    try:
        site = Site(store, Space(store.manifest.base_iri))
    except BaseException:
        store.close()
        raise
    services = Services(settings, store, site, Statements(site))
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
