"""Production serving: granian (https://github.com/emmett-framework/granian) over RSGI.

``afgld serve`` checks the build, then :func:`run` replaces its process with a fresh interpreter
that only serves (``python -m afgld.serving.server``), so that what the build and its checks
imported is not copied into every web worker (a server process that built: 132 MiB, one that
did not import the build: 32 MiB). That process starts ``WEB_WORKERS`` granian worker
processes. Each calls :func:`load_worker` with the settings the main process resolved (handed
over by granian as the loader's argument, never through the environment): it builds the Flask
app, starts its query processes and waits until they are ready, and only then wraps the app
in the bridge that reads whole requests before a thread sees them (``afgld.serving.bridge``), so
a worker takes no request it could not answer. A worker that dies is replaced; SIGTERM or
SIGINT stops accepting, lets requests under way finish within ``GRACEFUL_TIMEOUT_S``, then
stops. Why granian and the bridge: docs/decisions/20261130-production-server.md.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import socket
import sys
from typing import Any

from afgld.config import Settings
from afgld.errors import ConfigError


def limits_from(settings: Settings) -> Any:
    from afgld.serving.bridge import Limits

    return Limits(
        threads=settings.web_threads,
        body_timeout_s=settings.body_timeout_s,
        request_timeout_s=settings.request_timeout_s,
        max_body_bytes=settings.max_body_bytes,
        max_url_bytes=settings.max_url_bytes,
    )


def load_worker(settings: Settings) -> Any:
    """What each granian worker serves: the app over the configured build, its query
    processes ready, bridged; queries to /sparql answered on the event loop where they can."""
    from afgld.serving.accesslog import AccessLog
    from afgld.serving.bridge import Bridge
    from afgld.serving.sparql import SparqlPath
    from afgld.web.app import create_app
    from afgld.web.extension import services

    app = create_app(settings)
    store = services(app).store
    store.start()
    store.wait_until_ready()
    sparql = SparqlPath(store, settings)
    bridge = Bridge(app, limits_from(settings), AccessLog(settings.access_log), sparql)
    gc.freeze()  # what start-up made lives as long as the worker: no collection walks it again
    return bridge


def granian_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels

    header_ms = int(settings.header_timeout_s * 1000)
    return {
        "target": "afgld.serving.server:load_worker",  # for logs; run() passes the loader
        "address": host,
        "port": port,
        "interface": Interfaces.RSGI,
        "http": HTTPModes.http1,
        "websockets": False,
        "workers": settings.web_workers,
        "http1_settings": HTTP1Settings(
            header_read_timeout=max(1, min(header_ms, 60_000)),
            keep_alive=True,
            max_buffer_size=max(8192, settings.max_header_bytes),
        ),
        "log_level": LogLevels.warning,
        "log_access": False,  # the bridge writes the access log, with the query's hash
        "respawn_failed_workers": True,
        "respawn_interval": 0.5,
        "workers_kill_timeout": max(1, settings.graceful_timeout_s),
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


def run(host: str, port: int, settings: Settings) -> None:
    """Serve until SIGTERM or SIGINT, in this process replaced by a fresh interpreter (the same
    process id, for a service manager), handed ``settings`` through a pipe: never the
    environment, and not the command line, which any local user may read."""
    check_address(host, port)
    given, handed = os.pipe()  # the settings are a few kB: the pipe holds them all
    os.write(handed, json.dumps(settings.as_mapping()).encode("utf-8"))
    os.close(handed)
    os.set_inheritable(given, True)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", __name__, host, str(port), str(given)])


def serve_here(host: str, port: int, settings: Settings) -> None:
    """Serve until SIGTERM or SIGINT; each worker gets ``settings`` as its loader's argument."""
    from granian import Granian

    check_address(host, port)
    server = Granian(**granian_options(settings, host, port))
    server.serve(target_loader=functools.partial(load_worker, settings), wrap_loader=False)


def main(argv: list[str]) -> None:
    """``python -m afgld.serving.server HOST PORT FD``, as :func:`run` starts it: the settings
    read from descriptor FD as JSON, by name, exactly as resolved (the environment is not read
    again)."""
    host, port, given = argv
    with open(int(given), encoding="utf-8") as pipe:
        settings = Settings.resolve(json.load(pipe), environ={})
    serve_here(host, int(port), settings)


if __name__ == "__main__":
    # As afgld.serving.server, not __main__: the workers' loader is this module's load_worker.
    from afgld.serving import server

    server.main(sys.argv[1:])
