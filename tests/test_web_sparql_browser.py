"""The query editor in a real browser (Debian's headless chromium), offline."""

from __future__ import annotations

import shutil
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app, store_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("chromedriver") is None, reason="needs chromium-driver"),
]


@pytest.fixture(scope="module")
def editor_url(sparql_build: Path) -> Iterator[str]:
    app = make_app(sparql_build)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{http.server_port}/sparql"
    http.shutdown()
    store_of(app).close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    options.add_argument("--proxy-server=127.0.0.1:9")  # anything not on 127.0.0.1 fails fast
    options.add_argument("--proxy-bypass-list=<-loopback>;127.0.0.1")
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()


def wait_for(driver: object, script: str, timeout: float = 20.0) -> object:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(  # type: ignore[arg-type]
        lambda d: d.execute_script(script)
    )


def test_the_editor_runs_a_query_with_no_internet(browser: object, editor_url: str) -> None:
    browser.get(editor_url)  # type: ignore[attr-defined]
    tabs = wait_for(browser, "return [...document.querySelectorAll('.tabPanel, .tab')].length")
    assert tabs
    titles = browser.execute_script("return document.body.innerText")  # type: ignore[attr-defined]
    assert "Who attended which event" in titles
    browser.execute_script("document.querySelector('.yasqe_queryButton').click()")  # type: ignore[attr-defined]
    rows = wait_for(browser, "return document.querySelectorAll('.yasr table tbody tr').length")
    assert rows and int(rows) >= 4  # one row per named graph of the test build
    # the editor works under the site's Content-Security-Policy: nothing it needs is refused
    refused = [e["message"] for e in browser.get_log("browser")]  # type: ignore[attr-defined]
    assert not [m for m in refused if "Content Security Policy" in m], refused


def test_a_shared_link_opens_its_query(browser: object, editor_url: str) -> None:
    query = "ASK { ?s ?p ?o } # shared"
    browser.get(f"{editor_url}?{urllib.parse.urlencode({'query': query})}")  # type: ignore[attr-defined]
    text = wait_for(
        browser,
        "const e = document.querySelector('.CodeMirror'); return e && e.CodeMirror.getValue()",
    )
    assert "# shared" in str(text)
    browser.execute_script("document.querySelector('.yasqe_queryButton').click()")  # type: ignore[attr-defined]
    answer = wait_for(
        browser,
        "const r = document.querySelector('.yasr'); return r && /true/i.test(r.innerText) && r.innerText",
    )
    assert "true" in str(answer).lower()
    assert not [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]  # type: ignore[attr-defined]
