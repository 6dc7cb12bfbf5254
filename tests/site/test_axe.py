"""Accessibility: axe-core finds no serious or critical violation on any kind of page.

axe-core comes from the installed `axe-playwright-python` package (no network at test time).
"""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from faqs import faqs
from pages import FaqPage, Watch

BLOCKING = {"serious", "critical"}
SEED_ID = 2556
ONE_PLATFORM_PAGES = [f.url for f in faqs() if len(f.tabs) == 1 and f.url.count("/") == 4]
ONE_PLATFORM = ONE_PLATFORM_PAGES[0]
GUIDE = ONE_PLATFORM.rsplit("/", 2)[0] + "/"
SETTINGS = next(f.url for f in faqs() if f.kind == "settings-reference")
KINDS = {
    "home": "",
    "category": "categories/email-apps/",
    "guide": next(f.url for f in faqs() if f.faq_id == SEED_ID),
    "guide with one-platform pages": GUIDE,
    "one-platform page": ONE_PLATFORM,
    "settings page": SETTINGS,
    "app page": "apps/",
    "task page": "tasks/",
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def blocking(page: Page) -> list[str]:
    """Each serious or critical violation on the page as it is now: rule, impact, elements."""
    found: list[dict[str, Any]] = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in found
        if v["impact"] in BLOCKING
    ]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_no_serious_violation(
    kind: str, viewport: str, page: Page, faq_page: FaqPage, watch: Watch
) -> None:
    page.set_viewport_size(VIEWPORTS[viewport])
    faq_page.open(KINDS[kind])
    expect(faq_page.title).to_be_visible()
    watch.assert_clean(f"{kind}: the page loads")
    problems = blocking(page)
    assert not problems, f"{kind} ({viewport}):\n  " + "\n  ".join(problems)


@pytest.mark.browser
def test_no_serious_violation_with_search_open(page: Page, faq_page: FaqPage) -> None:
    faq_page.open(KINDS["guide"])
    faq_page.search.type("password")
    expect(faq_page.search.first_result).to_be_visible()
    problems = blocking(page)
    assert not problems, "search open:\n  " + "\n  ".join(problems)
