"""Every generated FAQ page loads cleanly and shows each platform's steps, on screen and on paper.

One page load serves both checks: printing is the same page under print media.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from faqs import Faq, faqs
from pages import FaqPage, Watch
from sitebuild import ServedSite

FAQS = faqs()


@pytest.mark.browser
def test_every_published_faq_page_is_checked(site: ServedSite) -> None:
    """The pages tested here (from the model) are exactly the FAQ pages built under faq/, but
    the redirects (short links, former slugs); one-platform pages are not in the sitemap."""
    built = {
        page.parent.relative_to(site.root).as_posix() + "/"
        for page in site.root.glob("faq/**/index.html")
        if 'http-equiv="refresh"' not in page.read_text("utf-8")
    }
    assert built == {f.url for f in FAQS}


@pytest.mark.browser
@pytest.mark.parametrize("faq", FAQS, ids=lambda f: f.id)
def test_page_shows_each_platform_steps_on_screen_and_paper(
    faq: Faq, page: Page, faq_page: FaqPage, watch: Watch
) -> None:
    faq_page.open(faq.url)
    expect(faq_page.title).to_have_text(re.compile(rf"^{re.escape(faq.title)}"))
    for tab in faq.tabs:
        faq_page.choose(tab.label)
        expect(faq_page.platform_heading(tab.heading)).to_be_visible()
        for other in faq.tabs:
            if other.heading != tab.heading:
                expect(faq_page.platform_heading(other.heading)).to_be_hidden()
        steps = faq_page.steps(tab.heading)
        expect(steps, f"{faq.url}, tab {tab.label!r}: numbered steps").to_have_count(tab.steps)
        expect(steps.filter(visible=True)).to_have_count(tab.steps)

    page.emulate_media(media="print")
    for tab in faq.tabs:
        heading = faq_page.platform_heading(tab.heading)
        expect(heading, f"{faq.url}: {tab.heading} missing on paper").to_be_visible()
        expect(
            faq_page.steps(tab.heading).filter(visible=True),
            f"{faq.url}: {tab.heading} steps on paper",
        ).to_have_count(tab.steps)
    expect(faq_page.feedback.group, "the feedback buttons are useless on paper").to_be_hidden()
    # Console errors include Content-Security-Policy violations.
    watch.assert_clean(f"{faq.url}: console errors, failed requests or dialogs")
