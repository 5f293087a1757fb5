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
from afgld.store.embedded import EmbeddedStore
from afgld.web import catalog, errors, negotiation, pages, resources, sparql
from afgld.web.site import Site
from afgld.web.statements import Statements


def create_app(settings: Mapping[str, Any] | None = None) -> Flask:
    """Build the app over the dataset in ``BUILD_DIR``; refuse a missing or corrupt build."""
    app = Flask(__name__)
    app.config.update(config.resolve(settings))
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    build_dir = Path(app.config["BUILD_DIR"])
    store = EmbeddedStore.open(build_dir)
    if store.manifest.base_iri != app.config["BASE_IRI"]:
        raise ConfigError(
            f"BASE_IRI is {app.config['BASE_IRI']} but the build in {build_dir} was minted under "
            f"{store.manifest.base_iri}: run `afgld build --base {app.config['BASE_IRI']}` "
            "or set AFGLD_BASE_IRI to the build's base"
        )
    app.extensions["afgld.store"] = store
    site = Site(store, Space(store.manifest.base_iri), build_dir)
    app.extensions["afgld.site"] = site
    app.extensions["afgld.statements"] = Statements(site)
    for blueprint in (pages.bp, resources.bp, catalog.bp):
        app.register_blueprint(blueprint)
    sparql.init_app(app)  # the on-disk index, the query processes, then the /sparql routes
    app.register_error_handler(HTTPException, errors.answer)
    app.after_request(negotiation.add_common_headers)
    return app
