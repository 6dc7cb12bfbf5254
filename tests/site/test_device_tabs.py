"""The reader's platform first: the tab of the reader's device is selected on arrival, the reader's
own choice wins and follows them, and on a phone the first step is on the first screen.

Devices are Playwright's profiles (user agent, screen, touch) run in Debian's Chromium.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, expect

from faqs import Faq, faqs
from pages import FaqPage, Watch
from sitebuild import ServedSite

GUIDES = [f for f in faqs() if f.tabs and f.url.count("/") == 3]  # not the one-platform pages
DEVICE_TABS = [
    ("iPhone 13", "iOS"),
    ("iPad Pro 11", "iOS"),
    ("Pixel 7", "Android"),
    ("Desktop Safari", "macOS"),
    ("Desktop Edge", "Windows"),
]


def guide_with(label: str) -> Faq:
    """A guide with a tab `label`, preferably one where it is not the tab selected by default."""
    having = [f for f in GUIDES if label in [t.label for t in f.tabs]]
    assert having, f"no guide has a {label} tab"
    return next((f for f in having if f.tabs[0].label != label), having[0])


@pytest.fixture
def device(browser: Browser, playwright: Playwright, request: pytest.FixtureRequest):
    """A browser context for one of Playwright's device profiles (`device(name)`)."""
    opened: list[tuple[BrowserContext, Watch]] = []

    def open_device(name: str) -> tuple[BrowserContext, Watch]:
        profile = dict(playwright.devices[name])
        profile.pop("default_browser_type", None)  # the profile's own engine: Chromium here
        context = browser.new_context(**profile)
        opened.append((context, Watch(context)))
        return opened[-1]

    yield open_device
    for context, watch in opened:
        watch.assert_clean("device pages")
        context.close()


def _reader(context: BrowserContext, site: ServedSite) -> FaqPage:
    return FaqPage(context.new_page(), site.url)


@pytest.mark.browser
@pytest.mark.parametrize(("name", "label"), DEVICE_TABS, ids=[d for d, _ in DEVICE_TABS])
def test_the_devices_tab_is_selected_on_arrival(
    name: str, label: str, device, site: ServedSite
) -> None:
    context, _ = device(name)
    faq = guide_with(label)
    reader = _reader(context, site).open(faq.url)
    expect(reader.tab_state(label)).to_be_checked()
    heading = next(t.heading for t in faq.tabs if t.label == label)
    expect(reader.steps(heading).first).to_be_visible()


@pytest.mark.browser
def test_the_readers_own_choice_wins_and_follows_them(device, site: ServedSite) -> None:
    context, _ = device("iPhone 13")
    apple = [f for f in GUIDES if [t.label for t in f.tabs] == ["macOS", "iOS"]]
    outlook = guide_with("Windows")
    first = _reader(context, site).open(apple[0].url)
    expect(first.tab_state("iOS")).to_be_checked()
    first.choose("macOS")
    for faq in (apple[1], outlook):
        reader = _reader(context, site).open(faq.url)
        expect(reader.tab_state("macOS")).to_be_checked()
        expect(reader.tab_state("iOS")).not_to_be_checked()


@pytest.mark.browser
@pytest.mark.parametrize("faq", GUIDES, ids=lambda f: f.id)
def test_on_a_phone_the_steps_start_on_the_first_screen(faq: Faq, device, site: ServedSite) -> None:
    """Past the title and purpose, the preamble is one collapsed line: the selected tab's first
    step is on the first screen, or, for steps not yet checked against the vendor's
    documentation, the tab's own "General steps" warning that opens them. A guide with
    prerequisites (the device password to create first) shows them whole on that screen, and
    the selected tab below them; its first step then comes within the next half screen."""
    labels = [t.label for t in faq.tabs]
    context, _ = device("Pixel 7" if "Android" in labels else "iPhone 13")
    reader = _reader(context, site).open(faq.url)
    tab = next((t for t in faq.tabs if t.label in ("iOS", "Android")), faq.tabs[0])
    expect(reader.tab_state(tab.label)).to_be_checked()
    warning = reader.panel(tab.heading).get_by_text("General steps", exact=True)
    first = warning if warning.count() else reader.steps(tab.heading).first
    heading = reader.page.get_by_role("heading", name="Prerequisites", level=2)
    if heading.count():
        expect(heading.locator("xpath=following-sibling::ul[1]")).to_be_in_viewport(ratio=1)
        expect(reader.tab(tab.label)).to_be_in_viewport()
        screen = reader.page.viewport_size["height"]
        box = first.bounding_box()
        assert box is not None and box["y"] < 1.5 * screen, box
    else:
        expect(first).to_be_in_viewport()
    preamble = reader.page.get_by_text("Preamble", exact=True)
    if preamble.count():
        preamble.click()  # one tap opens it
        expect(reader.page.locator("details.info[open]")).to_have_count(1)
