"""The application factory. Nothing is loaded at import time.

``create_app`` resolves the settings, opens the one store and the site over it
(``afgld.web.extension``), registers the routes (``afgld.web.routes``: siblings that import no
other route), the error handlers, the page cache and the common headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from afgld.config import DEFAULTS, Settings
from afgld.web import errors, extension, headers, pagecache
from afgld.web.routes import (
    catalog,
    crawl,
    explore,
    health,
    pages,
    reconcile,
    releases,
    resources,
    search,
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
    for route in (
        pages,
        explore,
        resources,
        catalog,
        releases,
        health,
        sparql,
        search,
        reconcile,
        crawl,
    ):
        app.register_blueprint(route.bp)
    errors.init_app(app)
    pagecache.init_app(app, resolved.page_cache_bytes)
    app.after_request(headers.add_common_headers)  # runs first: hooks run last-added first
    return app
