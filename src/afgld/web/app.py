"""The application factory. Nothing is loaded at import time."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException

from afgld import config
from afgld.store.embedded import EmbeddedStore
from afgld.web import errors, negotiation, pages


def create_app(settings: Mapping[str, Any] | None = None) -> Flask:
    """Build the app over the dataset in ``BUILD_DIR``; refuse a missing or corrupt build."""
    app = Flask(__name__)
    app.config.update(config.resolve(settings))
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    store = EmbeddedStore.open(Path(app.config["BUILD_DIR"]))
    app.extensions["afgld.store"] = store
    for blueprint in (pages.bp,):
        app.register_blueprint(blueprint)
    app.register_error_handler(HTTPException, errors.answer)
    app.after_request(negotiation.add_common_headers)
    return app
