"""Nothing scrolls sideways on a phone (issue 9, item 7): one page of every kind (the pages the
accessibility test checks, :data:`tests.test_web_a11y.PAGES`) in Debian's headless chromium
emulating a 390 px wide phone, where the document must be no wider than the viewport.

On failure, the message names the widest elements that stick out, and a screenshot goes to
tests/artifacts/mobile-<page>.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import ARTIFACTS, console_errors
from tests.test_web_a11y import PAGES, settled

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("app", ["embedded"], indirect=True)]
WIDTH = 390  # CSS pixels: a common phone

# The elements that reach past the phone's right edge, furthest first: where an overflow is.
STICKING_OUT = """
const width = arguments[0];
return [...document.querySelectorAll('body *')]
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.right > width + 0.5 && r.width > 0)
  .sort((a, b) => b[1].right - a[1].right)
  .slice(0, 5)
  .map(([e, r]) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}`
    + `${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''}`
    + ` right=${Math.round(r.right)}`);
"""


@pytest.fixture(scope="module")
def phone(driver: Any) -> Iterator[Any]:
    """The browser as a phone: 390 px wide, touch-sized, honouring the meta viewport."""
    metrics = {"width": WIDTH, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_no_page_scrolls_sideways_at_390_px(phone: Any, live: str, name: str, path: str) -> None:
    console_errors(phone)  # forget earlier pages
    phone.get(live + path)
    settled(phone, path)
    inner, scroll = phone.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]"
    )
    # A phone zooms out (a wider viewport) to fit what is too wide, or the page scrolls.
    if inner != WIDTH or scroll > inner:
        ARTIFACTS.mkdir(exist_ok=True)
        phone.save_screenshot(str(ARTIFACTS / f"mobile-{name.replace(' ', '-')}.png"))
    assert inner == WIDTH and scroll <= inner, (
        inner,
        scroll,
        phone.execute_script(STICKING_OUT, WIDTH),
    )
    assert [e for e in console_errors(phone) if "/nowhere" not in e] == []
