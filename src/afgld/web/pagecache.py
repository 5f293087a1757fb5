"""Rendered pages kept in memory by each server process, for the life of the release.

A page or RDF document depends only on the build (read-only while the server runs), the page
code, and the request's path, query string, ``Accept`` and ``Accept-Encoding`` (what it varies
on). So the first 200 answer to a request is kept, under those four, and later ones are
answered from it, with 304 on ``If-None-Match`` as before. Kept: GET and HEAD of pages and
documents; not kept: SPARQL answers (measured against the Oxigraph server without any result
cache), dumps (already read once into memory), static files, health and version, ranges,
anything but a 200. Least recently used answers go first once ``PAGE_CACHE_BYTES`` are held;
0 switches the cache off. A client cycling through odd Accept headers can evict pages, never
grow the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Flask, Request, request
from werkzeug.wrappers import Response

NOT_KEPT = ("/sparql", "/dumps/", "/static/", "/healthz", "/version")
KEY = "afgld.page_key"
HIT = "afgld.page_hit"
DROPPED_HEADERS = {"content-length", "date"}

Key = tuple[str, bytes, str, str]
Entry = tuple[list[tuple[str, str]], bytes]


class PageCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Key, Entry] = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0
        self.lock = threading.Lock()

    def key(self, incoming: Request) -> Key | None:
        if (
            self.max_bytes <= 0
            or incoming.method not in ("GET", "HEAD")
            or incoming.path.startswith(NOT_KEPT)
            or "Range" in incoming.headers
        ):
            return None
        headers = incoming.headers
        return (
            incoming.path,
            incoming.query_string,
            headers.get("Accept", ""),
            headers.get("Accept-Encoding", ""),
        )

    def get(self, key: Key) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Key, response: Response) -> None:
        body = response.get_data()
        headers = [(k, v) for k, v in response.headers if k.lower() not in DROPPED_HEADERS]
        cost = len(body) + sum(len(k) + len(v) for k, v in headers) + 200
        if cost > self.max_bytes // 4:  # one page never takes the cache over
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (headers, body)
            self.size += cost
            while self.size > self.max_bytes and self.entries:
                _, (old_headers, old_body) = self.entries.popitem(last=False)
                self.size -= len(old_body) + sum(len(k) + len(v) for k, v in old_headers) + 200


def init_app(app: Flask, max_bytes: int) -> None:
    cache = PageCache(max_bytes)
    app.extensions["afgld.page_cache"] = cache

    @app.before_request
    def answer_from_cache() -> Response | None:
        key = cache.key(request)
        if key is None:
            return None
        request.environ[KEY] = key
        entry = cache.get(key)
        if entry is None:
            return None
        request.environ[HIT] = True
        headers, body = entry
        return Response(body, status=200, headers=headers).make_conditional(request)

    @app.after_request
    def keep(response: Response) -> Response:
        key = request.environ.get(KEY)
        if (
            key is not None
            and not request.environ.get(HIT)
            and response.status_code == 200
            and not response.is_streamed
        ):
            cache.put(key, response)
        return response
