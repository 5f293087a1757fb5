"""Every setting afgld reads, declared once: its name, type, default and help line.

:class:`Settings` is the declaration. Values come, in order of precedence, from the mapping
passed to :meth:`Settings.resolve` (``create_app``'s argument, the command line), from
``AFGLD_<NAME>`` environment variables, then from the defaults below. They are read once, where
a command starts, and handed down as this frozen object: to the build, to the app factory, to
each web worker. Nothing writes them back into the environment. The README's settings table is
checked against :data:`SETTINGS` by the test suite.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from afgld.errors import ConfigError

# Settings that existed once, and why they are gone: giving one is an error, not a silent no-op.
RETIRED: dict[str, str] = {
    "QUERY_STORE_DIR": (
        "the query index is written by `afgld build` into the build (BUILD_DIR/oxigraph) and the "
        "server only reads it, so it needs no writable folder of its own: move the whole build"
    ),
}


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """One deployment's settings; attribute ``query_timeout_s`` is setting ``QUERY_TIMEOUT_S``."""

    base_iri: str = _setting(
        "http://127.0.0.1:8080/",
        "Base under which every IRI of the dataset is minted; the public address in production",
    )
    build_dir: str = _setting("build", "Directory the build writes and the server reads")
    sparql_backend: str = _setting(
        "embedded",
        "'embedded' (the build's Oxigraph index) or the URL of an external SPARQL 1.1 query "
        "endpoint",
    )
    web_workers: int = _setting(
        1,
        "Web server worker processes started by `afgld serve`; each holds the app and its own "
        "query processes (more: pages rendered on more cores, a spare while one restarts)",
    )
    web_threads: int = _setting(
        8,
        "Python threads per web worker that run the app; a request gets one only once its "
        "headers and body are complete",
    )
    request_timeout_s: float = _setting(
        30.0,
        "Longest a request may wait for its answer before the client gets a 503, in seconds "
        "(a SPARQL query is stopped at QUERY_TIMEOUT_S)",
    )
    header_timeout_s: float = _setting(
        10.0,
        "Longest a client may take to send its request line and headers (at most 60), seconds",
    )
    body_timeout_s: float = _setting(10.0, "Longest a client may take to send a request body (408)")
    max_header_bytes: int = _setting(
        16_384, "Largest request line plus headers accepted (431 above; at least 8192)"
    )
    max_url_bytes: int = _setting(8_192, "Longest path plus query string accepted (414 above)")
    graceful_timeout_s: int = _setting(
        10, "On SIGTERM or SIGINT, how long requests under way may take before workers are killed"
    )
    page_cache_bytes: int = _setting(
        64_000_000,
        "Rendered pages and documents kept in memory per web worker, in bytes (0: none); "
        "SPARQL answers are never kept",
    )
    access_log: str = _setting(
        "json", "Access log on standard error: 'json' (one object a line), 'text', or 'off'"
    )
    query_timeout_s: float = _setting(10.0, "Wall-clock limit for one SPARQL query, in seconds")
    query_workers: int = _setting(
        2, "Query processes per web worker (each opens the build's index read-only)"
    )
    query_workers_max: int = _setting(
        4,
        "Most query processes per web worker: when all are busy, one more is started, "
        "up to this, so that slow queries do not hold up quick ones",
    )
    max_query_bytes: int = _setting(100_000, "Longest SPARQL query text accepted, in bytes")
    max_query_nesting: int = _setting(200, "Deepest bracket nesting accepted in a query")
    max_result_rows: int = _setting(
        10_000, "Rows or triples a query may return before it is refused"
    )
    max_result_bytes: int = _setting(
        50_000_000, "Bytes a serialised result may take before refusal"
    )
    max_body_bytes: int = _setting(1_000_000, "Largest request body accepted (413 above)")
    query_wait_s: float = _setting(
        5.0, "How long a SPARQL request waits for a free query process before a 503, in seconds"
    )
    search_max_query_chars: int = _setting(
        200, "Longest search, look-up or reconciliation query string accepted, in characters"
    )
    search_timeout_s: float = _setting(
        0.5, "Work limit for one search, look-up or reconciliation batch, in seconds (then 503)"
    )
    reconcile_max_batch: int = _setting(
        50, "Most queries in one reconciliation batch (413 above); the manifest's batchSize"
    )
    sitemap_max_urls: int = _setting(
        50_000, "Most URLs in one sitemap file; past it /sitemap.xml is an index of parts"
    )
    data_license: str = _setting(
        "https://creativecommons.org/licenses/by/4.0/",
        "Licence of the data, written into the build (VoID, manifest) by `afgld build`; pages "
        "show the licence of the build they serve",
    )

    @classmethod
    def resolve(
        cls,
        overrides: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        defaults: Mapping[str, Any] | None = None,
    ) -> Settings:
        """The declared defaults, then ``defaults`` (a command's own, such as ``afgld serve``'s
        base IRI that follows the address served), then ``AFGLD_*`` environment variables, then
        ``overrides``, each by setting name (names that are not settings, such as Flask's
        ``TESTING``, are ignored here)."""
        values = {name: value for name, value in (defaults or {}).items() if name in DEFAULTS}
        values.update(from_environment(environ))
        for name, value in (overrides or {}).items():
            if name in RETIRED:
                raise ConfigError(f"{name} is retired: {RETIRED[name]}")
            if name in DEFAULTS:
                values[name] = value
        return cls(**{name.lower(): value for name, value in values.items()})

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed, by attribute name (``base_iri=…``)."""
        return dataclasses.replace(self, **changes)

    def as_mapping(self) -> dict[str, Any]:
        """``{"BASE_IRI": …}``: every setting by its documented name."""
        return {f.name.upper(): getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name.upper(), f.default, f.metadata["help"]) for f in dataclasses.fields(Settings)
)
DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}


def coerce(name: str, raw: str) -> Any:
    """Turn an environment string into the type of the setting's default."""
    default = DEFAULTS[name]
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Settings given as ``AFGLD_<NAME>`` environment variables, typed like their defaults."""
    environ = os.environ if environ is None else environ
    for name, reason in RETIRED.items():
        if f"AFGLD_{name}" in environ:
            raise ConfigError(f"AFGLD_{name} is retired: {reason}")
    found: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(f"AFGLD_{setting.name}")
        if raw is not None:
            try:
                found[setting.name] = coerce(setting.name, raw)
            except ValueError as error:
                raise ConfigError(
                    f"AFGLD_{setting.name}={raw!r} is not a valid "
                    f"{type(setting.default).__name__}: {error}"
                ) from None
    return found
