"""The RSGI bridge on its own, with a fake granian protocol: the WSGI environ it builds, one
answer per request however the app and the deadline race, and the app's own crash."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from afgld.serving.accesslog import AccessLog
from afgld.serving.bridge import Bridge, Limits, environ_for


class Headers(list):  # type: ignore[type-arg]
    def get(self, name: str, default: Any = None) -> Any:
        return next((v for k, v in self if k == name), default)

    def items(self) -> list[tuple[str, str]]:
        return list(self)

    def __contains__(self, name: object) -> bool:
        return any(k == name for k, _ in self)


@dataclass
class Scope:
    method: str = "GET"
    path: str = "/doc/é"
    query_string: str = "a=1"
    headers: Headers = field(default_factory=Headers)
    proto: str = "http"
    http_version: str = "1.1"
    scheme: str = "http"
    server: str = "127.0.0.1:8080"
    client: str = "127.0.0.1:5555"


@dataclass
class Protocol:
    body: bytes = b""
    answers: list[tuple[int, bytes]] = field(default_factory=list)

    async def __call__(self) -> bytes:
        return self.body

    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.answers.append((status, body))


def bridge(app: Callable[..., Iterable[bytes]], timeout_s: float = 5.0) -> Bridge:
    limits = Limits(
        threads=2,
        body_timeout_s=1,
        request_timeout_s=timeout_s,
        max_body_bytes=1000,
        max_url_bytes=1000,
    )
    return Bridge(app, limits, AccessLog("off"))


def hello(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello ", environ["PATH_INFO"].encode("latin-1")]


def test_the_environ_is_pep_3333() -> None:
    scope = Scope(
        headers=Headers(
            [
                ("accept", "a"),
                ("accept", "b"),
                ("cookie", "x"),
                ("cookie", "y"),
                ("content-type", "t"),
            ]
        )
    )
    environ = environ_for(scope, b"body")
    assert environ["PATH_INFO"] == "/doc/é".encode().decode("latin-1")
    assert environ["HTTP_ACCEPT"] == "a,b" and environ["HTTP_COOKIE"] == "x; y"
    assert environ["CONTENT_TYPE"] == "t" and environ["CONTENT_LENGTH"] == "4"
    assert environ["wsgi.input"].read() == b"body" and environ["REMOTE_ADDR"] == "127.0.0.1"
    assert not any(
        key.startswith("HTTP_") and key not in ("HTTP_ACCEPT", "HTTP_COOKIE") for key in environ
    )  # nothing from the server's own environment


def test_an_answer_is_sent_once() -> None:
    protocol = Protocol()
    asyncio.run(bridge(hello).__rsgi__(Scope(), protocol))
    assert protocol.answers == [(200, "hello /doc/é".encode())]
    head = Protocol()
    asyncio.run(bridge(hello).__rsgi__(Scope(method="HEAD"), head))
    assert head.answers == [(200, b"")]


def test_past_the_request_timeout_the_client_gets_one_503_and_nothing_after() -> None:
    finished = threading.Event()

    def slow(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        time.sleep(0.5)
        start_response("200 OK", [])
        finished.set()
        return [b"late"]

    protocol = Protocol()
    asyncio.run(bridge(slow, timeout_s=0.1).__rsgi__(Scope(), protocol))
    assert [status for status, _ in protocol.answers] == [503]
    assert b"REQUEST_TIMEOUT_S" in protocol.answers[0][1]
    assert finished.wait(5)
    time.sleep(0.05)
    assert len(protocol.answers) == 1  # the late answer was not sent


def test_a_crash_in_the_app_is_a_plain_500() -> None:
    def broken(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        raise RuntimeError("/secret/path")

    protocol = Protocol()
    asyncio.run(bridge(broken).__rsgi__(Scope(), protocol))
    assert protocol.answers == [(500, b"500 Internal Server Error\n")]
