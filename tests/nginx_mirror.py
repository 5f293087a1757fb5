"""The static mirror under Debian's nginx, for the tests: started on 127.0.0.1, stopped after,
and a client whose answers look like the Flask test client's (werkzeug responses)."""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from werkzeug.wrappers import Response

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@contextlib.contextmanager
def nginx(folder: Path, port: int) -> Iterator[int]:
    """``nginx -p folder -c folder/nginx.conf`` in the foreground; yields its port."""
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]
    if os.geteuid() == 0:  # workers would drop to nobody, who cannot read a private tmp dir
        command[-1] += " user root;"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"nginx exited: {process.stderr.read().decode() if process.stderr else ''}"
                )
            try:
                with contextlib.closing(
                    http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                ) as c:
                    c.request("HEAD", "/")
                    c.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)  # the next poll; the deadline bounds the wait
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr is not None:
            process.stderr.close()


class HttpClient:
    """``get``, ``head``, ``options``, ``post`` over a real socket, answered as werkzeug
    responses (``status_code``, ``headers``, ``data``, ``mimetype``, ``vary``…)."""

    def __init__(self, port: int) -> None:
        self.port = port

    def open(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if data is not None:
                connection.putheader("Content-Length", str(len(data)))
            connection.endheaders(data)
            answer = connection.getresponse()
            body = answer.read()
            response = Response(body, status=answer.status)
            response.headers.clear()
            for name, value in answer.getheaders():
                response.headers.add(name, value)
            return response
        finally:
            connection.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.open("GET", path, headers)

    def head(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.open("HEAD", path, headers)

    def options(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.open("OPTIONS", path, headers)

    def post(self, path: str, headers: dict[str, str] | None = None, data: bytes = b"") -> Response:
        return self.open("POST", path, headers, data)
