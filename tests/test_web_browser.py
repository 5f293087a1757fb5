"""Debian's headless chromium opens the home page, an entity and an article: each renders its
data, with no failed request and no console error. Screenshots go to tests/artifacts/.

Fails (does not skip) when chromium is missing, unless AFGLD_SKIP_BROWSER=1.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import WITHOUT_VIRTUOSO

# The browser sees what the page tests check over every store; Virtuoso adds only time here.
pytestmark = [pytest.mark.browser, WITHOUT_VIRTUOSO]
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
)


@pytest.fixture(scope="module")
def live(app: Flask) -> Iterator[str]:
    """The app on a real socket: 127.0.0.1, a port the OS picks."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
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
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def failed_requests(driver, origin: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Requests the page made that failed, answered 4xx/5xx, or left this server.

    Only requests issued by documents of this server count (DevTools ``requestWillBeSent``
    with its ``documentURL``); the browser's own traffic (new-tab page, name lookups) is not
    the page's doing.
    """
    import json

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


def console_errors(driver) -> list[str]:  # type: ignore[no-untyped-def]
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


PAGES = (
    ("home", "/", "Afghan opposition politics in the news"),
    ("entity", "/doc/person/ahmad-massoud", "Ahmad Massoud"),
    ("article", "/doc/article/002", "Article 002"),
)


@pytest.mark.parametrize(("name", "path", "heading"), PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_its_data_with_no_failed_request(
    driver, live: str, name: str, path: str, heading: str
) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    driver.get_log("performance")  # forget earlier pages
    driver.get(live + path)
    assert heading in driver.find_element(By.TAG_NAME, "h1").text
    stylesheet = driver.execute_script(
        "return getComputedStyle(document.querySelector('header.site')).backgroundColor"
    )
    assert stylesheet not in ("", "rgba(0, 0, 0, 0)"), "the stylesheet did not load"
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus])"
    )
    assert all(status in (200, 304, 0) for _, status in resources), resources
    assert all(url.startswith(live) for url, _ in resources), resources
    if name == "entity":
        assert driver.find_elements(By.CSS_SELECTOR, "article.statement figure.evidence mark")
        assert driver.find_elements(By.CSS_SELECTOR, "table.facts a.term")
    if name == "article":
        marks = driver.find_elements(By.CSS_SELECTOR, ".article-text a.span mark")
        assert marks
        marks[0].click()
        assert driver.execute_script("return location.hash").startswith("#q-")
    assert failed_requests(driver, live) == []
    assert console_errors(driver) == []
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return Math.min(document.body.scrollHeight, 6000)")
    driver.set_window_size(1280, max(900, int(height)))
    driver.save_screenshot(str(ARTIFACTS / f"browser-{name}.png"))
    driver.set_window_size(390, 1400)
    driver.save_screenshot(str(ARTIFACTS / f"browser-{name}-mobile.png"))
    driver.set_window_size(1280, 1600)
