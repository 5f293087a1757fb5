"""A researcher's walk in Debian's headless chromium (issue 9, "Done when"): search → an entity
→ one of its claims → the claim's sentence in place in the article → back, by clicking links
only. Screenshots of each step go to tests/artifacts/walk-*.png; no step may log a console error
(a Content-Security-Policy refusal is one), fail a request or reach past this server.

The hop from a claim to its sentence is the claim page's link to it in place in the article
(``/doc/article/NNN#q-…``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import ARTIFACTS, console_errors, failed_requests

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["embedded"], indirect=True)]


def heading(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    text: str = driver.find_element(By.TAG_NAME, "h1").text
    return text


def snap(driver: Any, step: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"walk-{step}.png"))


def test_search_entity_claim_sentence_and_back(driver: Any, live: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    def wait(script: str) -> Any:
        return WebDriverWait(driver, 20, poll_frequency=0.05).until(
            lambda d: d.execute_script(script)
        )

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
