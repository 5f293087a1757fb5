"""The application factory. Nothing is loaded at import time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException

from afgld.config import DEFAULTS, Settings
from afgld.web import (
    catalog,
    errors,
    extension,
    health,
    negotiation,
    pagecache,
    pages,
    resources,
    sparql,
)


def create_app(settings: Settings | Mapping[str, Any] | None = None) -> Flask:
    """The app over the dataset in ``BUILD_DIR``; refuses a missing or corrupt build.

    ``settings`` is a resolved :class:`~afgld.config.Settings` (what ``afgld serve`` hands each
    web worker), or a mapping of setting names over the defaults and the ``AFGLD_*``
    environment; names that are not afgld settings (``TESTING``) go to Flask's config.
    """
    app = Flask(__name__)
    if isinstance(settings, Settings):
        resolved = settings
    else:
        resolved = Settings.resolve(settings)
        app.config.update({k: v for k, v in (settings or {}).items() if k not in DEFAULTS})
    app.config["MAX_CONTENT_LENGTH"] = resolved.max_body_bytes
    extension.init_app(app, resolved)
    for blueprint in (pages.bp, resources.bp, catalog.bp, health.bp, sparql.bp):
        app.register_blueprint(blueprint)
    app.register_error_handler(HTTPException, errors.answer)
    pagecache.init_app(app, resolved.page_cache_bytes)
    app.after_request(negotiation.add_common_headers)  # runs first: hooks run last-added first
    return app
