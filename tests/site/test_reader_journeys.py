"""Site-wide journeys: search, the platform choice following the reader, feedback, short links."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from faqs import Faq, faqs
from pages import FaqPage, Watch
from sitebuild import ServedSite

SEED_ID = 2556
SEED_QUERY = "Update the email password on Apple Mail"
FAQS = faqs()
SEED = next(f for f in FAQS if f.faq_id == SEED_ID and f.tabs)


def other_pages_with(label: str) -> list[Faq]:
    """Other guides with a tab of this label: Apple Mail ones first (same app as the seed)."""
    found = [f for f in FAQS if f.faq_id != SEED_ID and any(t.label == label for t in f.tabs)]
    return sorted(found, key=lambda f: ("Apple Mail" not in f.title, f.faq_id))


@pytest.mark.browser
def test_search_finds_the_seed_page_first(faq_page: FaqPage, watch: Watch) -> None:
    faq_page.open("")
    faq_page.search.type(SEED_QUERY)
    first = faq_page.search.first_result
    expect(first).to_have_attribute("href", re.compile(rf"/faq/{SEED_ID}/"))
    expect(first.get_by_role("heading", level=1)).to_contain_text(SEED.title.split(" (")[0])
    watch.assert_clean("searching")


@pytest.mark.browser
def test_chosen_platform_follows_the_reader_to_other_pages(faq_page: FaqPage, watch: Watch) -> None:
    faq_page.open(SEED.url)
    faq_page.choose("iOS")
    others = other_pages_with("iOS")
    assert others, "no other page has an iOS tab to follow the choice to"
    for other in others[:2]:
        faq_page.open(other.url)
        ios = next(t for t in other.tabs if t.label == "iOS")
        expect(faq_page.tab_state("iOS"), f"{other.url}: iOS not preselected").to_be_checked()
        expect(faq_page.platform_heading(ios.heading)).to_be_visible()
    watch.assert_clean("following the platform choice")


@pytest.mark.browser
def test_feedback_posts_page_platform_and_version_without_cookies(
    site: ServedSite, page: Page, context: BrowserContext, faq_page: FaqPage, watch: Watch
) -> None:
    posted = []

    def receive(route: Route) -> None:
        posted.append(route.request)
        route.fulfill(status=204)

    page.route(f"{site.url}api/feedback", receive)
    faq_page.open(SEED.url)
    faq_page.choose("iOS")
    faq_page.feedback.answer(helpful=True)
    expect(faq_page.feedback.thanks).to_be_visible()
    expect(faq_page.feedback.thanks).to_have_text("Thank you for your feedback!")

    version = next(f for f in faqs(site_url=site.url) if f.url == SEED.url).content_version
    assert [r.method for r in posted] == ["POST"]
    assert posted[0].headers["content-type"] == "application/json"
    assert posted[0].post_data_json == {
        "faq_id": SEED_ID,
        "platform": "ios-mail",  # the platform's key: a tab label may change or be translated
        "lang": "en",
        "content_version": version,
        "helpful": True,
    }
    assert context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    watch.assert_clean("giving feedback")


@pytest.mark.browser
def test_short_link_leads_to_the_page(
    faq_page: FaqPage, page: Page, site: ServedSite, watch: Watch
) -> None:
    faq_page.open(SEED.url)
    short = f"{site.url}faq/{SEED_ID}/"
    link = page.get_by_role("link", name=short, exact=True)
    expect(link).to_have_attribute("href", short)
    link.click()
    expect(page).to_have_url(site.url + SEED.url)
    expect(faq_page.title).to_contain_text(SEED.title)
    watch.assert_clean("following the short link")
