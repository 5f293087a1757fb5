"""A researcher's walks in Debian's headless chromium (issue 9, "Done when"), by clicking links
only: search → an entity → one of its claims → the claim's sentence in place in the article →
back; and a list filtered by its facets → its permalink → its CSV, downloaded → the timeline →
the network. Screenshots of each step go to tests/artifacts/walk-*.png; no step may log a
console error (a Content-Security-Policy refusal is one), fail a request or reach past this
server.

The hop from a claim to its sentence is the claim page's link to it in place in the article
(``/doc/article/NNN#q-…``).
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import ARTIFACTS, console_errors, failed_requests
from tests.conftest import BASE

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["embedded"], indirect=True)]


def heading(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    text: str = driver.find_element(By.TAG_NAME, "h1").text
    return text


def snap(driver: Any, step: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"walk-{step}.png"))


def waiting(driver: Any) -> Any:
    """``wait(script)``: until the script returns something true (20 s at most)."""
    from selenium.webdriver.support.ui import WebDriverWait

    def wait(script: str) -> Any:
        return WebDriverWait(driver, 20, poll_frequency=0.05).until(
            lambda d: d.execute_script(script)
        )

    return wait


def test_search_entity_claim_sentence_and_back(driver: Any, live: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    wait = waiting(driver)

    driver.get_log("performance")  # forget earlier pages
    console_errors(driver)

    # 1. The search box of the home page's header.
    driver.get(live + "/")
    box = driver.find_element(By.ID, "site-search-q")
    box.send_keys("massoud", Keys.ENTER)
    wait("return location.pathname === '/search'")
    assert heading(driver) == "Results for “massoud”"
    snap(driver, "1-search")

    # 2. The entity, from the people found.
    people = driver.find_element(By.ID, "kind-person").find_element(By.XPATH, "..")
    people.find_element(By.LINK_TEXT, "Ahmad Massoud").click()
    wait("return location.pathname === '/doc/person/ahmad-massoud'")
    assert heading(driver) == "Ahmad Massoud"
    snap(driver, "2-entity")

    # 3. One of the claims about him: its own page.
    card = driver.find_element(By.CSS_SELECTOR, "article.statement.item.claim")
    # the sentence sits folded under the line; its text is there all the same
    sentence = card.find_element(By.CSS_SELECTOR, "details.quote mark").get_attribute("textContent")
    title = card.find_element(By.CSS_SELECTOR, ".says a")
    claim = title.text
    title.click()
    wait("return location.pathname.startsWith('/doc/statement/')")
    statement_path = driver.execute_script("return location.pathname")
    assert heading(driver) == claim
    snap(driver, "3-claim")

    # 4. The claim's sentence, in place in the article.
    in_place = driver.find_elements(By.CSS_SELECTOR, "a[href*='/doc/article/'][href*='#q-']")
    assert in_place, "the claim has no link to its sentence in place"
    in_place[0].click()
    wait("return location.pathname.startsWith('/doc/article/') && location.hash.startsWith('#q-')")
    shown = driver.execute_script(
        "const t = document.querySelector(':target'); return t && t.innerText"
    )
    assert shown and sentence.split("…")[0].strip()[:40] in shown, (sentence, shown)
    snap(driver, "4-sentence-in-article")

    # 5. Back, to the claim and on.
    driver.back()
    wait(f"return location.pathname === '{statement_path}'")
    assert heading(driver) == claim
    driver.back()
    wait("return location.pathname === '/doc/person/ahmad-massoud'")
    assert heading(driver) == "Ahmad Massoud"
    snap(driver, "5-back")

    assert console_errors(driver) == []
    assert failed_requests(driver, live) == []


def shown_rows(driver: Any) -> list[str]:
    """The links to the statements the list page shows, one a row."""
    from selenium.webdriver.common.by import By

    links = driver.find_elements(By.CSS_SELECTOR, "table.list tbody a.says-link")
    return [urlsplit(a.get_attribute("href")).path for a in links]


def downloaded(folder: Path, name: str) -> Path:
    """The file chromium saved as ``name`` in ``folder``, once it is whole (20 s at most)."""
    deadline = time.monotonic() + 20
    while True:
        done = folder / name
        if done.is_file() and not list(folder.glob("*.crdownload")):
            return done
        assert time.monotonic() < deadline, f"no {name} in {sorted(folder.iterdir())}"
        time.sleep(0.05)  # the next look; the deadline bounds the wait


def test_filter_a_list_download_its_csv_then_timeline_and_network(
    driver: Any, live: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    wait = waiting(driver)
    driver.get_log("performance")  # forget earlier pages
    console_errors(driver)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )

    # 1. The claims, narrowed by clicking a speaker, then the negative ones among his.
    def total() -> int:
        return int(driver.find_elements(By.CSS_SELECTOR, ".list-summary strong")[-1].text)

    def facet(name: str) -> Any:
        return driver.find_element(By.CSS_SELECTOR, f"[aria-labelledby='facet-{name}']")

    driver.get(live + "/claims")
    every = total()
    facet("speaker").find_element(By.PARTIAL_LINK_TEXT, "Ali Maisam Nazary").click()
    wait("return new URLSearchParams(location.search).has('speaker')")
    his = total()
    facet("polarity").find_element(By.PARTIAL_LINK_TEXT, "negative").click()
    wait("return new URLSearchParams(location.search).has('polarity')")
    snap(driver, "6-filtered-list")
    assert 0 < total() < his < every, (total(), his, every)

    # 2. The URL is the view: a permalink shows the same rows.
    url = driver.current_url
    query = parse_qs(urlsplit(url).query)
    assert query == {"speaker": ["person/ali-maisam-nazary"], "polarity": ["negative"]}, url
    assert "matching the filters" in driver.find_element(By.CSS_SELECTOR, ".list-summary").text
    chosen = driver.find_element(By.CSS_SELECTOR, "ul.chosen").text
    assert "Speaker: Ali Maisam Nazary" in chosen and "negative" in chosen, chosen
    rows = shown_rows(driver)
    assert len(rows) == total(), "a filtered view this small fits one page"
    driver.get(url)
    assert shown_rows(driver) == rows

    # 3. Its CSV, by the link on the page: the rows shown, in the order shown.
    driver.find_element(By.CSS_SELECTOR, ".downloads a[type='text/csv']").click()
    with downloaded(downloads, "claims.csv").open(encoding="utf-8", newline="") as file:
        table = list(csv.DictReader(file))
    assert [r["iri"][len(BASE) - 1 :].replace("/id/", "/doc/") for r in table] == rows
    assert {r["speaker_iri"] for r in table} == {BASE + "id/person/ali-maisam-nazary"}

    # 4. The timeline: the axis of dated events, drawn on the server.
    driver.get(live + "/timeline")
    assert heading(driver) == "Timeline"
    assert driver.find_elements(By.CSS_SELECTOR, "svg.timeline-svg rect.bar")
    assert driver.find_elements(By.CSS_SELECTOR, "ol.timeline li.timeline-item a")
    snap(driver, "7-timeline")

    # 5. The network: d3-force lays out its nodes and edges; the table is there without it.
    driver.get(live + "/network")
    assert heading(driver) == "Network"
    wait("return document.querySelectorAll('#network-graph g.nodes circle').length > 0")
    nodes = driver.find_elements(By.CSS_SELECTOR, "#network-graph g.nodes a.node circle")
    edges = driver.find_elements(By.CSS_SELECTOR, "#network-graph g.edges a.edge line")
    assert len(nodes) > 10 and len(edges) > 10, (len(nodes), len(edges))
    placed = driver.execute_script(
        "return [...document.querySelectorAll('#network-graph circle')]"
        ".filter(c => Number.isFinite(parseFloat(c.getAttribute('cx')))).length"
    )
    assert placed == len(nodes), "every node has a place"
    assert driver.find_elements(By.CSS_SELECTOR, "table.list.edges tbody tr")
    snap(driver, "8-network")

    assert console_errors(driver) == []
    assert failed_requests(driver, live) == []
