"""What the browser tests share: Debian's headless chromium (the ``driver`` fixture of
conftest.py), the app on a real socket (``live``), and what a page must not do: fail a request,
reach past this server, log a console error, be refused by the Content-Security-Policy.

Fails (does not skip) when chromium is missing, unless AFGLD_SKIP_BROWSER=1.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--window-size=1280,1600",
    # anything not on 127.0.0.1 fails fast instead of reaching the network
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>;127.0.0.1",
)


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app on a real socket: 127.0.0.1, a port the OS picks."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """Headless chromium with its console and network logs kept, offline."""
    if os.environ.get("AFGLD_SKIP_BROWSER") == "1":
        pytest.skip("AFGLD_SKIP_BROWSER=1")
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    assert not missing, f"{missing} not installed: `make browser`, or set AFGLD_SKIP_BROWSER=1"
    os.environ["SE_OFFLINE"] = "true"  # selenium-manager must never download a browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def failed_requests(driver: Any, origin: str) -> list[str]:
    """Requests the page made that failed, answered 4xx/5xx, or left this server.

    Only requests issued by documents of this server count (DevTools ``requestWillBeSent``
    with its ``documentURL``); the browser's own traffic (new-tab page, name lookups) is not
    the page's doing.
    """
    sent: dict[str, str] = {}
    failures = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        method = message.get("method")
        if method == "Network.requestWillBeSent" and params.get("documentURL", "").startswith(
            origin
        ):
            url = params.get("request", {}).get("url", "")
            sent[params.get("requestId")] = url
            if not url.startswith((origin, "data:")):
                failures.append(f"non-local request: {url}")
        if method == "Network.loadingFailed" and params.get("requestId") in sent:
            failures.append(f"failed: {params.get('errorText')} {sent[params['requestId']]}")
        if method == "Network.responseReceived" and params.get("requestId") in sent:
            response = params.get("response", {})
            if int(response.get("status", 0)) >= 400:
                failures.append(f"{response.get('status')} {response.get('url')}")
    return failures


def console_errors(driver: Any) -> list[str]:
    """The console's errors since the last call; a Content-Security-Policy refusal is one."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
