"""The look-up by name in the SPARQL editor (issue 9, item 2), in Debian's headless chromium:
type a name, pick it, its IRI goes in at the cursor; the query then runs. Our own script
(static/js/name-lookup.js), the entity suggest service, no inline script, nothing off-site."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import ARTIFACTS, console_errors, failed_requests
from tests.conftest import BASE
from tests.test_web_a11y import violations

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["embedded"], indirect=True)]
MASSOUD = f"<{BASE}id/person/ahmad-massoud>"


def wait_for(driver: Any, script: str, timeout: float = 20.0) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script(script)
    )


def editor(driver: Any, live: str) -> None:
    driver.get_log("performance")  # forget earlier pages
    console_errors(driver)
    driver.get(live + "/sparql")
    wait_for(driver, "return window.afgldEditor && document.querySelector('.yasqe .CodeMirror')")


EDITOR = "document.querySelector('.tabPanel.active .CodeMirror').CodeMirror"


def test_a_picked_name_puts_its_iri_at_the_cursor(driver: Any, live: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    editor(driver, live)
    driver.execute_script(
        f"const cm = {EDITOR}; cm.setValue('SELECT ?p ?o WHERE {{  ?p ?o }}');"
        " cm.setCursor({line: 0, ch: 21});"
    )
    box = driver.find_element(By.ID, "name-lookup-q")
    box.send_keys("Ahmad Mass")
    wait_for(driver, "return document.querySelectorAll('#name-lookup-results button').length")
    buttons = driver.find_elements(By.CSS_SELECTOR, "#name-lookup-results button")
    names = [b.text for b in buttons]
    assert "Ahmad Massoud" in names and "Ahmad Shah Massoud" in names, names
    status = driver.find_element(By.ID, "name-lookup-status").text
    assert "start with “Ahmad Mass”" in status
    buttons[names.index("Ahmad Massoud")].click()
    query = driver.execute_script(f"return {EDITOR}.getValue()")
    assert query == f"SELECT ?p ?o WHERE {{ {MASSOUD} ?p ?o }}"
    assert (
        "Inserted the IRI of Ahmad Massoud" in driver.find_element(By.ID, "name-lookup-status").text
    )
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "editor-lookup.png"))
    driver.execute_script("document.querySelector('.tabPanel.active .yasqe_queryButton').click()")
    rows = wait_for(
        driver, "return document.querySelectorAll('.tabPanel.active .yasr table tbody tr').length"
    )
    assert int(rows) >= 5

    # by keyboard alone: type, Enter to look up, Tab past "Look up" to the first name, Enter
    driver.execute_script(
        f"const cm = {EDITOR}; cm.setValue('ASK {{ ?s ?p  }}'); cm.setCursor({{line: 0, ch: 12}});"
    )
    box.clear()
    box.send_keys("Nazary", Keys.ENTER)
    wait_for(driver, "return document.querySelectorAll('#name-lookup-results button').length")
    box.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.text == "Look up"
    driver.switch_to.active_element.send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    assert focused.text == "Ali Maisam Nazary"
    focused.send_keys(Keys.ENTER)
    query = driver.execute_script(f"return {EDITOR}.getValue()")
    assert query == f"ASK {{ ?s ?p <{BASE}id/person/ali-maisam-nazary> }}"

    assert console_errors(driver) == []  # a refusal by the Content-Security-Policy is one
    assert failed_requests(driver, live) == []


def test_a_name_nobody_bears_says_so(driver: Any, live: str) -> None:
    from selenium.webdriver.common.by import By

    editor(driver, live)
    driver.find_element(By.ID, "name-lookup-q").send_keys("Zzyzx")
    status = wait_for(
        driver, "const s = document.getElementById('name-lookup-status').textContent; return s"
    )
    assert status == "No name starts with “Zzyzx”."
    assert driver.find_elements(By.CSS_SELECTOR, "#name-lookup-results li") == []
    assert console_errors(driver) == []


def test_the_editor_with_results_passes_axe(driver: Any, live: str) -> None:
    """After a query from the cookbook has run: YASR's table, the example's syntax colours."""
    editor(driver, live)
    driver.execute_script("document.querySelectorAll('.tabsList a[role=tab]')[1].click()")
    wait_for(driver, "return document.querySelector('.tabPanel.active .yasqe_queryButton')")
    driver.execute_script("document.querySelector('.tabPanel.active .yasqe_queryButton').click()")
    wait_for(
        driver, "return document.querySelectorAll('.tabPanel.active .yasr table tbody tr').length"
    )
    assert violations(driver) == []
    assert console_errors(driver) == []
