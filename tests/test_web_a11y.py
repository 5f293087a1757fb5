"""Every kind of page passes axe-core's WCAG 2 A and AA rules (the project's accessibility
rule), in Debian's headless chromium: axe (an npm devDependency, ``make test`` installs it) is
injected from node_modules/ into each page and run with the ``wcag2a`` and ``wcag2aa`` tags.

A page added later is one line of :data:`PAGES`; a new kind of document is caught by
:func:`test_every_kind_of_document_is_checked`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from afgld.web.views.indexes import INDEXES
from tests.browser import ARTIFACTS, console_errors
from tests.conftest import REPO, WITHOUT_VIRTUOSO

pytestmark = pytest.mark.browser
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa"]

PAGES: tuple[tuple[str, str], ...] = (
    ("home", "/"),
    *((f"index {index.slug}", f"/{index.slug}") for index in INDEXES),
    ("filtered list", "/claims?speaker=person%2Fali-maisam-nazary&polarity=negative"),
    ("events by date", "/events?sort=date&from=2021"),
    ("person", "/doc/person/ahmad-massoud"),
    ("organisation", "/doc/org/nrf"),
    ("place", "/doc/place/afghanistan"),
    ("event", "/doc/event/afp-interview-002"),
    ("work", "/doc/work/aiss-statement-001"),
    ("post", "/doc/post/balkh-governor"),
    ("agent", "/doc/agent/afghan-women-001"),
    ("membership", "/doc/membership/abdul-rashid-dostum_general_najibullah-government"),
    ("time", "/doc/time/000-before-downfall"),
    ("quantity", "/doc/quantity/001-3832-4009-1-3"),
    ("judgement", "/doc/judgement/002-afp-interview-in-paris"),
    ("statement", "/doc/statement/002-265-479-2"),
    ("claim", "/doc/statement/002-2946-3107-1"),
    ("proposition", "/doc/proposition/000-0-76-1-1"),
    ("quote", "/doc/quote/002-265-479"),
    ("article", "/doc/article/002"),
    ("text", "/doc/text/002"),
    ("concept", "/doc/concept/speech-act/accusation"),
    ("concept scheme", "/doc/concept/certainty"),
    ("ontology", "/ontology"),
    ("graph", "/graph/facts"),
    ("void", "/.well-known/void"),
    ("validation", "/dataset/validation"),
    ("dumps", "/dumps/"),
    ("releases", "/releases/"),
    ("search form", "/search"),
    ("search results", "/search?q=massoud"),
    ("search nothing found", "/search?q=zzzzqx"),
    ("sparql editor", "/sparql"),
    ("timeline", "/timeline"),
    ("network", "/network"),
    ("reconciliation preview", "/reconcile/preview?id=person%2Fahmad-massoud"),
    ("error", "/nowhere"),
)


@WITHOUT_VIRTUOSO  # Virtuoso serves the same sitemap, slower
def test_every_kind_of_document_is_checked(client: FlaskClient) -> None:
    """Each kind of /doc/ page in the sitemap has a line in PAGES."""
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    kinds = {
        url.split("/doc/", 1)[1].split("/")[0]
        for url in sitemap.split("<loc>")[1:]
        if "/doc/" in url
    }
    checked = {path.split("/")[2] for _, path in PAGES if path.startswith("/doc/")}
    assert kinds <= checked, kinds - checked


# Pages that build themselves in the browser, and what shows they are built.
BUILT = {
    "/sparql": ".yasqe .CodeMirror",  # the editor
    "/network": "#network-graph g.nodes circle",  # the drawing
}


def settled(driver: Any, path: str) -> None:
    """Wait until a page that builds itself in the browser is built (20 s at most)."""
    if path in BUILT:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(driver, 20).until(
            lambda d: d.execute_script("return document.querySelector(arguments[0])", BUILT[path])
        )


def violations(driver: Any) -> list[dict[str, Any]]:
    """axe's violations of the WCAG 2 A and AA rules on the page the driver shows."""
    assert AXE.is_file(), "axe-core is not installed: run `npm ci` (make test does)"
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    found: dict[str, Any] = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
          .then((r) => done({violations: r.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary}))}))}))
          .catch((e) => done({error: String(e)}));
        """,
        TAGS,
    )
    assert "error" not in found, found
    result: list[dict[str, Any]] = found["violations"]
    return result


@pytest.mark.parametrize("app", ["embedded"], indirect=True)
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_the_page_passes_axe_wcag2_a_and_aa(driver: Any, live: str, name: str, path: str) -> None:
    console_errors(driver)  # forget earlier pages
    driver.get(live + path)
    settled(driver, path)
    found = violations(driver)
    if found:
        ARTIFACTS.mkdir(exist_ok=True)
        slug = name.replace(" ", "-")
        (ARTIFACTS / f"axe-{slug}.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    assert found == [], json.dumps(found, indent=1)[:4000]
    assert [e for e in console_errors(driver) if "/nowhere" not in e] == []
    assert driver.current_url.startswith(live)
