"""Production serving: granian (https://github.com/emmett-framework/granian) over RSGI.

``afgld serve`` checks the build in the main process, then starts ``WEB_WORKERS`` granian worker
processes. Each calls :func:`rsgi_app`, which builds the Flask app from the ``AFGLD_*``
environment and wraps it in the bridge that reads whole requests before a thread sees them
(``afgld.web.bridge``). A worker that dies is replaced; SIGTERM or SIGINT stops accepting, lets
requests under way finish within ``GRACEFUL_TIMEOUT_S``, then stops. Why granian and the
bridge: docs/decisions/20261130-production-server.md.
"""

from __future__ import annotations

import socket
from typing import Any

from afgld import config
from afgld.errors import ConfigError


def limits_from(settings: dict[str, Any]) -> Any:
    from afgld.web.bridge import Limits

    return Limits(
        threads=int(settings["WEB_THREADS"]),
        body_timeout_s=float(settings["BODY_TIMEOUT_S"]),
        request_timeout_s=float(settings["REQUEST_TIMEOUT_S"]),
        max_body_bytes=int(settings["MAX_BODY_BYTES"]),
        max_url_bytes=int(settings["MAX_URL_BYTES"]),
    )


def rsgi_app() -> Any:
    """The factory each granian worker calls: the app over the configured build, bridged."""
    from afgld.web.accesslog import AccessLog
    from afgld.web.app import create_app
    from afgld.web.bridge import Bridge

    app = create_app()
    settings = dict(app.config)
    return Bridge(app, limits_from(settings), AccessLog(str(settings["ACCESS_LOG"])))


def granian_options(settings: dict[str, Any], host: str, port: int) -> dict[str, Any]:
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels

    header_ms = int(float(settings["HEADER_TIMEOUT_S"]) * 1000)
    return {
        "target": "afgld.server:rsgi_app",
        "factory": True,
        "address": host,
        "port": port,
        "interface": Interfaces.RSGI,
        "http": HTTPModes.http1,
        "websockets": False,
        "workers": int(settings["WEB_WORKERS"]),
        "http1_settings": HTTP1Settings(
            header_read_timeout=max(1, min(header_ms, 60_000)),
            keep_alive=True,
            max_buffer_size=max(8192, int(settings["MAX_HEADER_BYTES"])),
        ),
        "log_level": LogLevels.warning,
        "log_access": False,  # the bridge writes the access log, with the query's hash
        "respawn_failed_workers": True,
        "respawn_interval": 0.5,
        "workers_kill_timeout": max(1, int(settings["GRACEFUL_TIMEOUT_S"])),
    }


def check_address(host: str, port: int) -> None:
    """ConfigError now, rather than a panic from granian's Rust code, if the address is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ConfigError(
                f"cannot listen on {host}:{port} ({error.strerror}): "
                "choose another --port or stop what is listening there"
            ) from None


def run(host: str, port: int, settings: dict[str, Any] | None = None) -> None:
    """Serve until SIGTERM or SIGINT; settings reach the workers through the environment."""
    from granian import Granian

    settings = settings or config.resolve()
    check_address(host, port)
    Granian(**granian_options(settings, host, port)).serve()
