"""Readers on phones (390x844): no page scrolls sideways, and the platform tabs work by keyboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from faqs import Faq, faqs
from pages import FaqPage, Watch
from sitebuild import ServedSite

FAQS = faqs()
SEED_ID = 2556
PHONE = {"width": 390, "height": 844}
MAX_TAB_PRESSES = 150


def scrolls_sideways(page: Page) -> str:
    """Empty when the page fits the screen's width; otherwise by how much it does not."""
    width, screen = page.evaluate(
        "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    return (
        f"scrolls sideways: {width}px of content on a {screen}px screen" if width > screen else ""
    )


def press_tab_until_focused(page: Page, target: Locator) -> int:
    """Press Tab until `target` has focus; how many presses it took."""
    for presses in range(1, MAX_TAB_PRESSES + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"not reachable with {MAX_TAB_PRESSES} presses of Tab")


def switch_tabs_by_keyboard(page: Page, faq_page: FaqPage, faq: Faq) -> None:
    """From the focused first tab: arrows move the choice (a radio group), Space keeps it."""
    for tab in faq.tabs[1:]:
        page.keyboard.press("ArrowRight")
        expect(faq_page.tab_state(tab.label)).to_be_checked()
        expect(faq_page.tab_state(tab.label)).to_be_focused()
        expect(faq_page.steps(tab.heading).filter(visible=True)).to_have_count(tab.steps)
    for tab in reversed(faq.tabs[:-1]):
        page.keyboard.press("ArrowLeft")
        expect(faq_page.tab_state(tab.label)).to_be_checked()
    page.keyboard.press("Space")
    expect(faq_page.tab_state(faq.tabs[0].label)).to_be_checked()
    expect(faq_page.platform_heading(faq.tabs[0].heading)).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("faq", FAQS, ids=lambda f: f.id)
def test_phone_reader(faq: Faq, page: Page, faq_page: FaqPage, watch: Watch) -> None:
    page.set_viewport_size(PHONE)
    faq_page.open(faq.url)
    expect(faq_page.title).to_be_visible()
    assert not scrolls_sideways(page), f"{faq.url} {scrolls_sideways(page)}"
    if faq.tabs:
        # Tab from the element just before the tabs (the "Instructions" permalink); the walk
        # from the very top of the page is the seed page's test below.
        faq_page.section_link("Instructions").focus()
        page.keyboard.press("Tab")
        expect(faq_page.tab_state(faq.tabs[0].label)).to_be_focused()
        switch_tabs_by_keyboard(page, faq_page, faq)
    watch.assert_clean(f"{faq.url} on a phone")


@pytest.mark.browser
def test_phone_reader_reaches_the_tabs_from_the_top(page: Page, faq_page: FaqPage) -> None:
    seed = next(f for f in FAQS if f.faq_id == SEED_ID and f.tabs)
    page.set_viewport_size(PHONE)
    faq_page.open(seed.url)
    press_tab_until_focused(page, faq_page.tab_state(seed.tabs[0].label))
    switch_tabs_by_keyboard(page, faq_page, seed)


@pytest.mark.browser
def test_phone_without_javascript_no_page_scrolls_sideways(
    site: ServedSite, new_context: Callable[..., BrowserContext]
) -> None:
    """Before Material's script runs (or where it is blocked) tables are not yet in its scrolling
    frame: the pages must still fit."""
    context = new_context(java_script_enabled=False, viewport=PHONE)
    watch = Watch(context)
    page = context.new_page()
    wide = []
    for faq in FAQS:
        page.goto(site.url + faq.url)
        if problem := scrolls_sideways(page):
            wide.append(f"{faq.url}: {problem}")
    assert not wide, "\n".join(wide)
    watch.assert_clean("pages without JavaScript")
