"""The application factory. Nothing is loaded at import time."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException

from afgld import config
from afgld.errors import ConfigError
from afgld.namespaces import Space
from afgld.store import Store
from afgld.store.embedded import EmbeddedStore
from afgld.store.manifest import Manifest
from afgld.web import catalog, errors, health, negotiation, pagecache, pages, resources, sparql
from afgld.web.site import Site
from afgld.web.statements import Statements

EMBEDDED = "embedded"


def check_build(settings: Mapping[str, Any]) -> Manifest:
    """The verified manifest of ``BUILD_DIR``; BuildError if missing, partial or corrupt,
    ConfigError if it was minted under another ``BASE_IRI``."""
    build_dir = Path(settings["BUILD_DIR"])
    manifest = Manifest.read(build_dir)
    manifest.verify()
    if manifest.base_iri != settings["BASE_IRI"]:
        raise ConfigError(
            f"BASE_IRI is {settings['BASE_IRI']} but the build in {build_dir} was minted under "
            f"{manifest.base_iri}: run `afgld build --base {settings['BASE_IRI']}` "
            "or set AFGLD_BASE_IRI to the build's base"
        )
    return manifest


def open_store(settings: Mapping[str, Any]) -> Store:
    """The embedded store, or the remote one ``SPARQL_BACKEND`` names, over a checked build."""
    check_build(settings)
    build_dir = Path(settings["BUILD_DIR"])
    backend = str(settings["SPARQL_BACKEND"]).strip()
    if backend == EMBEDDED:
        return EmbeddedStore.open(build_dir, verify=False)
    from afgld.store.remote import RemoteStore

    return RemoteStore.open(build_dir, backend)


def create_app(settings: Mapping[str, Any] | None = None) -> Flask:
    """Build the app over the dataset in ``BUILD_DIR``; refuse a missing or corrupt build."""
    app = Flask(__name__)
    app.config.update(config.resolve(settings))
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    store = open_store(app.config)
    app.extensions["afgld.store"] = store
    build_dir = Path(app.config["BUILD_DIR"])
    site = Site(store, Space(store.manifest.base_iri), build_dir)
    app.extensions["afgld.site"] = site
    app.extensions["afgld.statements"] = Statements(site)
    for blueprint in (pages.bp, resources.bp, catalog.bp, health.bp):
        app.register_blueprint(blueprint)
    sparql.init_app(app)  # the query processes (or the remote endpoint), then /sparql
    app.register_error_handler(HTTPException, errors.answer)
    pagecache.init_app(app)
    app.after_request(negotiation.add_common_headers)  # runs first: hooks run last-added first
    return app
