"""Every setting afgld reads, with its default and a help line.

Settings come, in order of precedence, from the mapping passed to ``create_app``, from
``AFGLD_<NAME>`` environment variables, then from the defaults below. The README's settings
table is checked against this tuple by the test suite.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "BASE_IRI",
        "http://127.0.0.1:8080/",
        "Base under which every IRI of the dataset is minted; the public address in production",
    ),
    Setting("BUILD_DIR", "build", "Directory the build writes and the server reads"),
    Setting(
        "SPARQL_BACKEND",
        "embedded",
        "'embedded' (Oxigraph in-process) or the URL of an external SPARQL 1.1 query endpoint",
    ),
    Setting("WEB_WORKERS", 2, "Web server worker processes started by `afgld serve`"),
    Setting(
        "WEB_THREADS",
        8,
        "Python threads per web worker that run the app; a request gets one only once its "
        "headers and body are complete",
    ),
    Setting(
        "REQUEST_TIMEOUT_S",
        30.0,
        "Longest a request may wait for its answer before the client gets a 503, in seconds "
        "(a SPARQL query is stopped at QUERY_TIMEOUT_S)",
    ),
    Setting(
        "HEADER_TIMEOUT_S",
        10.0,
        "Longest a client may take to send its request line and headers (at most 60), seconds",
    ),
    Setting("BODY_TIMEOUT_S", 10.0, "Longest a client may take to send a request body (408)"),
    Setting(
        "MAX_HEADER_BYTES",
        16_384,
        "Largest request line plus headers accepted (431 above; at least 8192)",
    ),
    Setting("MAX_URL_BYTES", 8_192, "Longest path plus query string accepted (414 above)"),
    Setting(
        "GRACEFUL_TIMEOUT_S",
        10,
        "On SIGTERM or SIGINT, how long requests under way may take before workers are killed",
    ),
    Setting(
        "PAGE_CACHE_BYTES",
        64_000_000,
        "Rendered pages and documents kept in memory per web worker, in bytes (0: none); "
        "SPARQL answers are never kept",
    ),
    Setting(
        "ACCESS_LOG",
        "json",
        "Access log on standard error: 'json' (one object a line), 'text', or 'off'",
    ),
    Setting("QUERY_TIMEOUT_S", 10.0, "Wall-clock limit for one SPARQL query, in seconds"),
    Setting("QUERY_WORKERS", 2, "Query processes per server process (each holds the store)"),
    Setting(
        "QUERY_WORKERS_MAX",
        4,
        "Most query processes per server process: when all are busy, one more is started, "
        "up to this, so that slow queries do not hold up quick ones",
    ),
    Setting("MAX_QUERY_BYTES", 100_000, "Longest SPARQL query text accepted, in bytes"),
    Setting("MAX_QUERY_NESTING", 200, "Deepest bracket nesting accepted in a query"),
    Setting("MAX_RESULT_ROWS", 10_000, "Rows or triples a query may return before it is refused"),
    Setting("MAX_RESULT_BYTES", 50_000_000, "Bytes a serialised result may take before refusal"),
    Setting("MAX_BODY_BYTES", 1_000_000, "Largest request body accepted (413 above)"),
    Setting(
        "QUERY_WAIT_S",
        5.0,
        "How long a SPARQL request waits for a free query process before a 503, in seconds",
    ),
    Setting(
        "QUERY_STORE_DIR",
        "",
        "Where the on-disk Oxigraph index the query processes read is kept "
        "(empty: BUILD_DIR/oxigraph); rebuilt from afgld.nq when stale",
    ),
    Setting(
        "SEARCH_MAX_QUERY_CHARS",
        200,
        "Longest search, look-up or reconciliation query string accepted, in characters",
    ),
    Setting(
        "SEARCH_TIMEOUT_S",
        0.5,
        "Work limit for one search, look-up or reconciliation batch, in seconds (then 503)",
    ),
    Setting(
        "RECONCILE_MAX_BATCH",
        50,
        "Most queries in one reconciliation batch (413 above); the manifest's batchSize",
    ),
    Setting("DATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/", "Licence of the data"),
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
    found: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(f"AFGLD_{setting.name}")
        if raw is not None:
            try:
                found[setting.name] = coerce(setting.name, raw)
            except ValueError as error:
                raise ValueError(
                    f"AFGLD_{setting.name}={raw!r} is not a valid "
                    f"{type(setting.default).__name__}: {error}"
                ) from None
    return found


def resolve(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then environment, then explicit overrides."""
    settings = dict(DEFAULTS)
    settings.update(from_environment())
    settings.update(overrides or {})
    return settings
