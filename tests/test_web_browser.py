"""Debian's headless chromium opens the home page, an entity and an article: each renders its
data, with no failed request and no console error. Screenshots go to tests/artifacts/.

Fails (does not skip) when chromium is missing, unless AFGLD_SKIP_BROWSER=1.
"""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, console_errors, failed_requests
from tests.conftest import WITHOUT_VIRTUOSO

# The browser sees what the page tests check over every store; Virtuoso adds only time here.
pytestmark = [pytest.mark.browser, WITHOUT_VIRTUOSO]

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
