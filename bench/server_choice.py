"""Which WSGI server: the floor app (an empty Flask view) under each candidate, on loopback.

    python bench/server_choice.py [--seconds 5] [--slow 16]

For each server: requests per second and latency with 4 and with 50 keep-alive clients, then
the same 4 clients while ``--slow`` other connections send their headers one byte every 0.1 s
(the slow-client attack), then while they send a body that way. A server that hands a
connection to a worker thread before its request is complete lets a few slow clients starve
everyone else. Writes bench/results/server-choice-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from loadkit import (
    Request,
    SlowClients,
    burst,
    free_port,
    save_results,
    stop,
    summary,
    wait_until_up,
)

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
WORKERS, THREADS = 2, 4
BRIDGE = """
import sys
from granian import Granian
from afgld.config import Settings
from afgld.serving.server import granian_options
options = granian_options(Settings.resolve(), "127.0.0.1", int(sys.argv[1]))
options.update(target="floor_app:rsgi_floor", factory=True)
Granian(**options).serve()
"""


def command(server: str, port: int) -> list[str]:
    if server == "gunicorn-gthread":
        return [
            str(BIN / "gunicorn"),
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            str(THREADS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "floor_app:app",
        ]
    if server == "waitress":
        return [
            str(BIN / "waitress-serve"),
            f"--listen=127.0.0.1:{port}",
            f"--threads={WORKERS * THREADS}",
            "floor_app:app",
        ]
    if server == "granian-rsgi-bridge":  # afgld's production setup: granian and the bridge
        return [sys.executable, "-c", BRIDGE, str(port)]
    if server == "granian-wsgi":
        return [
            str(BIN / "granian"),
            "--interface",
            "wsgi",
            "--workers",
            str(WORKERS),
            "--blocking-threads",
            str(THREADS),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-log",
            "floor_app:app",
        ]
    raise ValueError(server)


def measure(server: str, seconds: float, slow: int) -> dict[str, object]:
    port = free_port()
    env = {**os.environ, "AFGLD_WEB_WORKERS": str(WORKERS), "AFGLD_ACCESS_LOG": "off"}
    process = subprocess.Popen(command(server, port), cwd=HERE, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_until_up(port, process, "/", 30)
        mix = [
            Request("GET", "/", label="page"),
            Request(
                "POST",
                "/sparql",
                b"query=ASK%7B%7D",
                {"Content-Type": "application/x-www-form-urlencoded"},
                "sparql",
            ),
        ]
        result: dict[str, object] = {}
        for clients in (4, 50):
            burst(port, mix, clients=clients, seconds=1.0)  # warm up
            result[f"clients_{clients}"] = summary(
                burst(port, mix, clients=clients, seconds=seconds), seconds
            )
        for kind in ("headers", "bodies"):
            attackers = SlowClients(port, slow, 0.1, seconds + 2, slow_body=kind == "bodies")
            attackers.start()
            time.sleep(1.0)  # let the slow connections be accepted and start trickling
            result[f"clients_4_with_{slow}_slow_{kind}"] = summary(
                burst(port, mix, clients=4, seconds=seconds), seconds
            )
            attackers.join()
        return result
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--slow", type=int, default=16)
    parser.add_argument(
        "--servers", default="gunicorn-gthread,waitress,granian-wsgi,granian-rsgi-bridge"
    )
    args = parser.parse_args()
    results = {}
    for server in args.servers.split(","):
        results[server] = measure(server, args.seconds, args.slow)
        print(server, json.dumps(results[server]), flush=True)
    print(save_results(HERE, "server-choice-", {"args": vars(args), "results": results}))


if __name__ == "__main__":
    main()
