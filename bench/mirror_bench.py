"""Entity documents per second: nginx serving the static mirror against `afgld serve`.

On 127.0.0.1 only, in one run: builds the real release for the address `afgld serve` listens
on, starts it (granian, its default workers, its page cache), exports the static mirror of the
same release (`afgld export-static`, timed) and starts nginx on it. Then, in interleaved rounds
after a warm-up, each server gets `--seconds` of keep-alive load from `--connections`
connections over every entity document's Turtle URL (`/doc/<kind>/<key>.ttl`, what a crawler
or a CDN fetches), then over the things' IRIs with `Accept: text/turtle` (the 303s). The load
comes from wrk (Debian's `wrk`) when installed, else from loadkit's threads (which cap far below
nginx; the figures then say so). Reports requests per second and the ratio per round; writes
`bench/results/mirror-<time>.json`.

    python bench/mirror_bench.py [--seconds 10] [--connections 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit import (  # noqa: E402
    LOOPBACK,
    Request,
    build_release,
    burst,
    free_port,
    save_results,
    stop,
    summary,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WRK = shutil.which("wrk")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

LUA = """\
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], %s)
end
"""


def start_serve(build: Path, port: int, base: str, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFGLD_")}
    env.update({"AFGLD_BUILD_DIR": str(build), "AFGLD_BASE_IRI": base, "AFGLD_ACCESS_LOG": "off"})
    command = [str(BIN / "afgld"), "--project", str(ROOT), "serve", "--port", str(port)]
    with log.open("ab") as stream:
        return subprocess.Popen(command, env=env, stdout=stream, stderr=subprocess.STDOUT)


def start_nginx(folder: Path, port: int) -> subprocess.Popen[bytes]:
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]
    if os.geteuid() == 0:
        command[-1] += " user root;"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(port, process, "/", 30)
    except RuntimeError:
        raise RuntimeError(
            f"nginx: {process.stderr.read().decode() if process.stderr else ''}"
        ) from None
    return process


def load(
    port: int, paths: list[str], accept: str, seconds: float, connections: int, scratch: Path
) -> dict[str, object]:
    if WRK:
        listing = scratch / "paths.txt"
        listing.write_text("\n".join(paths) + "\n")
        script = scratch / "paths.lua"
        headers = '{["Accept"] = "' + accept + '"}'
        script.write_text(LUA % (listing, headers))
        done = subprocess.run(
            [
                WRK,
                "-t2",
                f"-c{connections}",
                f"-d{seconds:g}s",
                "-s",
                str(script),
                f"http://{LOOPBACK}:{port}/",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
        rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", done.stdout).group(1))  # type: ignore[union-attr]
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
        return {
            "requests_per_s": rate,
            "non_2xx_3xx": int(errors.group(1)) if errors else 0,
            "tool": "wrk -t2",
        }
    requests = [Request("GET", p, headers={"Accept": accept}, label="doc") for p in paths]
    outcomes = burst(port, requests, clients=connections, seconds=seconds)
    result = summary(outcomes, seconds)
    return {"requests_per_s": result["rps"], "tool": "loadkit threads", **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--mirror",
        type=Path,
        help="an export made by `afgld export-static --base http://127.0.0.1:SERVE_PORT/ "
        "--listen 127.0.0.1:MIRROR_PORT` (skips the export, which takes minutes)",
    )
    parser.add_argument("--serve-port", type=int, help="with --mirror: the port of its base")
    parser.add_argument("--mirror-port", type=int, help="with --mirror: the port it listens on")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="afgld-mirror-bench-"))
    serve_port, nginx_port = args.serve_port or free_port(), args.mirror_port or free_port()
    base = f"http://{LOOPBACK}:{serve_port}/"
    build = build_release(scratch / "build", base, ROOT)
    serve = start_serve(build, serve_port, base, scratch / "serve.log")
    nginx = None
    try:
        wait_until_up(serve_port, serve, "/healthz", 120)
        started = time.monotonic()
        mirror = args.mirror or scratch / "mirror"
        if args.mirror is None:
            subprocess.run(
                [
                    str(BIN / "afgld"),
                    "--project",
                    str(ROOT),
                    "export-static",
                    "--out",
                    str(scratch / "mirror"),
                    "--base",
                    base,
                    "--listen",
                    f"{LOOPBACK}:{nginx_port}",
                    "--upstream",
                    base.rstrip("/"),
                ],
                check=True,
                capture_output=True,
            )
        export_s = time.monotonic() - started
        nginx = start_nginx(mirror, nginx_port)
        site = mirror / "site"
        docs = sorted(
            "/" + str(p.relative_to(site))
            for p in (site / "doc").rglob("*.ttl")
            if "/concept/" not in str(p)
        )
        things = sorted(f"/id/{d[len('/doc/') : -len('.ttl')]}" for d in docs)
        result: dict[str, object] = {
            "export_seconds": None if args.mirror else round(export_s, 1),
            "mirror_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
            "entity_documents": len(docs),
            "connections": args.connections,
            "seconds": args.seconds,
        }
        for name, paths in (("documents_ttl", docs), ("things_303", things)):
            for port in (serve_port, nginx_port):  # warm: page caches, file cache
                load(port, paths, "text/turtle", 2, 8, scratch)
            rounds: list[dict[str, object]] = []
            ratios: list[float] = []
            for _ in range(args.rounds):
                afgld = load(
                    serve_port, paths, "text/turtle", args.seconds, args.connections, scratch
                )
                mirror = load(
                    nginx_port, paths, "text/turtle", args.seconds, args.connections, scratch
                )
                ratio = float(str(mirror["requests_per_s"])) / float(str(afgld["requests_per_s"]))
                ratios.append(ratio)
                rounds.append({"afgld_serve": afgld, "nginx": mirror, "ratio": ratio})
            result[name] = {
                "rounds": rounds,
                "median_ratio": statistics.median(ratios),
            }
            print(
                name,
                [
                    (round(r["afgld_serve"]["requests_per_s"]), round(r["nginx"]["requests_per_s"]))  # type: ignore[index]
                    for r in rounds
                ],
                flush=True,
            )
        print(save_results(Path(__file__).resolve().parent, "mirror-", result))
        print({k: v for k, v in result.items() if k not in ("documents_ttl", "things_303")})
    finally:
        if nginx is not None:
            stop(nginx)
        stop(serve)
        print(f"scratch folder (mirror, logs): {scratch}")


if __name__ == "__main__":
    main()
