"""Pages that read right: no colon announcing nothing, each settings table once, settings that
fit a phone, host names on one line, one-platform pages titled for their platform."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from faqs import Faq, faqs
from kbmodel import knowledge_base
from pages import FaqPage
from sitebuild import ServedSite

FAQS = faqs()
PHONE = {"width": 390, "height": 844}
SETTINGS_PAGES = [f for f in FAQS if f.shows_settings]

# Each visible settings-table cell: where it is cut off by the screen or by a scrolling frame.
CUT_CELLS = """() => {
  const cut = [];
  for (const cell of document.querySelectorAll("article td, article th")) {
    const box = cell.getBoundingClientRect();
    if (!box.width || !cell.closest("table").innerText.includes("Protocol")) continue;
    let right = document.documentElement.clientWidth, left = 0;
    for (let el = cell.parentElement; el; el = el.parentElement) {
      if (getComputedStyle(el).overflowX !== "visible") {
        const frame = el.getBoundingClientRect();
        right = Math.min(right, frame.right); left = Math.max(left, frame.left);
      }
    }
    if (box.right > right + 1 || box.left < left - 1) cut.push(cell.innerText.trim());
  }
  return cut;
}"""

# Each host name shown in code that the browser laid out on more than one line.
BROKEN_HOSTS = """() => [...document.querySelectorAll("article code")]
  .filter(c => /^[a-z0-9-]+(\\.[a-z0-9-]+)+$/i.test(c.textContent) && c.getClientRects().length > 1)
  .map(c => c.textContent)"""


@pytest.mark.browser
def test_no_step_ends_with_a_colon_unless_something_follows(site: ServedSite) -> None:
    """A colon announces an illustration or a table; a step with nothing under it ends with '.'."""
    dangling = []
    for faq in FAQS:
        soup = BeautifulSoup((site.root / faq.url / "index.html").read_text("utf-8"), "html.parser")
        for n, item in enumerate(soup.select(".tabbed-block > ol > li"), 1):
            words = item.find("p") or item
            follows = words.find_next_sibling(["div", "table", "img"]) or item.find("img")
            if words.get_text(" ", strip=True).endswith(":") and not follows:
                dangling.append(f"{faq.url} step {n}: {words.get_text(' ', strip=True)[-50:]}")
    assert not dangling, "steps announcing nothing:\n  " + "\n  ".join(dangling)


@pytest.mark.browser
@pytest.mark.parametrize("faq", [f for f in SETTINGS_PAGES if f.tabs], ids=lambda f: f.id)
def test_each_tab_shows_each_settings_table_once(faq: Faq, faq_page: FaqPage) -> None:
    faq_page.open(faq.url)
    for tab in faq.tabs:
        faq_page.choose(tab.label)
        tables = faq_page.settings_tables(faq_page.article).all()
        labels = [column.column for t in tables for column in faq_page.read_settings(t, tab.label)]
        assert labels, f"{faq.url}, tab {tab.label!r}: no settings shown"
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        assert not repeated, f"{faq.url}, tab {tab.label!r}: shown more than once: {repeated}"


@pytest.mark.browser
@pytest.mark.parametrize("faq", SETTINGS_PAGES, ids=lambda f: f.id)
def test_settings_fit_a_phone_with_host_names_on_one_line(
    faq: Faq, page: Page, faq_page: FaqPage
) -> None:
    page.set_viewport_size(PHONE)
    faq_page.open(faq.url)
    for tab in faq.tabs or [None]:
        if tab:
            faq_page.choose(tab.label)
        width, screen = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        assert width <= screen, f"{faq.url}: {width}px of content on a {screen}px screen"
        expect(faq_page.settings_tables(faq_page.article).first).to_be_visible()
        assert page.evaluate(CUT_CELLS) == [], f"{faq.url}: settings cut off on a phone"
        assert page.evaluate(BROKEN_HOSTS) == [], f"{faq.url}: host names broken across lines"


@pytest.mark.browser
def test_a_one_platform_page_names_only_its_platform(faq_page: FaqPage) -> None:
    kb = knowledge_base()
    checked = 0
    for faq in FAQS:
        guide = next(p for p in kb.pages.values() if p.faq_id == faq.faq_id)
        if len(faq.tabs) != 1 or len(guide.platforms) < 2:
            continue
        (tab,) = faq.tabs
        faq_page.open(faq.url)
        title = faq_page.title.inner_text()
        assert tab.heading in title, f"{faq.url}: {title!r} does not name {tab.heading!r}"
        others = {kb.platforms[k].os for k in guide.platforms} - {tab.label}
        named = sorted(o for o in others if o in title.replace(tab.heading, ""))
        assert not named, f"{faq.url}: {title!r} names platforms it does not show: {named}"
        checked += 1
    assert checked, "the KB has no one-platform pages any more"
