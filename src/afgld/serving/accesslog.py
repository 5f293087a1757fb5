"""The access log: one line per request, as JSON (default) or text, on standard error.

Each line says when, which method and path, the status, the bytes sent, how long the request
took from its first body byte read to its answer, the server process, and for SPARQL requests
the first 16 hex digits of the query text's SHA-256 (``query_sha256``: the same query gives the
same hash, and the text itself, which may be long or private, is not logged). JSON encoding
escapes control characters, so a request cannot forge a log line.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import IO, Any

from afgld.web.sparql_request import QUERY_HASH

FORMATS = ("json", "text", "off")


class AccessLog:
    def __init__(self, form: str = "json", stream: IO[str] | None = None) -> None:
        if form not in FORMATS:
            raise ValueError(f"ACCESS_LOG is {form!r}; use one of {', '.join(FORMATS)}")
        self.form = form
        self.stream = stream or sys.stderr
        self.pid = os.getpid()
        self.lock = threading.Lock()

    def record(
        self, scope: Any, environ: dict[str, Any], status: int, size: int, seconds: float
    ) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "method": scope.method,
            "path": scope.path,
            "status": status,
            "bytes": size,
            "duration_ms": round(seconds * 1000, 2),
            "pid": self.pid,
        }
        if QUERY_HASH in environ:
            entry["query_sha256"] = environ[QUERY_HASH]
        if environ.get("afgld.timed_out"):
            entry["timed_out"] = True
        return entry

    def write(
        self, scope: Any, environ: dict[str, Any], status: int, size: int, seconds: float
    ) -> None:
        if self.form == "off":
            return
        entry = self.record(scope, environ, status, size, seconds)
        if self.form == "json":
            line = json.dumps(entry, ensure_ascii=True)
        else:
            path = json.dumps(entry["path"], ensure_ascii=True)[1:-1]
            line = (
                f"{entry['time']} {entry['method']} {path} {status} {size} "
                f"{entry['duration_ms']}ms {entry.get('query_sha256', '-')}"
            )
        with self.lock:
            self.stream.write(line + "\n")
            self.stream.flush()
