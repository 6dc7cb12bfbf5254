"""The reader's proof: the settings a page shows, typed into a mail app, log in to the mailbox.

The settings are read off the page as displayed (tables found by their heading or their
"Protocol" row, values by visible text), not taken from the generator, so a rendering mistake
such as a wrong port in one tab fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, Route

from faqs import Faq, faqs
from logins import Logins
from pages import FaqPage, Watch
from shown import ShownColumn
from sitebuild import ServedSite

SEED_ID = 2556

WITH_SETTINGS = [f for f in faqs() if f.shows_settings]


def shown_settings(faq: Faq, faq_page: FaqPage) -> list[ShownColumn]:
    """Every settings table visible on the page: inside each platform tab (guides), or on the
    whole page (the settings page, which has no tabs)."""
    shown: list[ShownColumn] = []
    for tab in faq.tabs:
        faq_page.choose(tab.label)
        tables = faq_page.settings_tables(faq_page.panel(tab.heading))
        for table in tables.all():
            shown += faq_page.read_settings(table, f"tab {tab.label!r}")
    if not faq.tabs:
        for table in faq_page.settings_tables(faq_page.article).all():
            shown += faq_page.read_settings(table, "page")
    return shown


@pytest.mark.browser
@pytest.mark.mailbox
@pytest.mark.parametrize("faq", WITH_SETTINGS, ids=lambda f: f.id)
def test_shown_settings_log_in(faq: Faq, faq_page: FaqPage, watch: Watch, logins: Logins) -> None:
    faq_page.open(faq.url)
    shown = shown_settings(faq, faq_page)
    assert shown, f"{faq.url}: no settings table found"
    failures = [
        f"{faq.url}, {column}: {problem}"
        for column in shown
        if (problem := logins.problem(faq.url, column))
    ]
    assert not failures, "shown settings that do not log in:\n  " + "\n  ".join(failures)
    watch.assert_clean(f"{faq.url}: console errors, failed requests or dialogs")


@pytest.mark.browser
@pytest.mark.mailbox
def test_a_wrong_shown_setting_fails_naming_page_tab_and_setting(
    site: ServedSite, page: Page, faq_page: FaqPage, mailbox: Any, account: Any
) -> None:
    seed = next(f for f in faqs() if f.faq_id == SEED_ID and f.tabs)
    macos, ios = seed.tabs[0], seed.tabs[1]

    def doctor(route: Route) -> None:
        """The seed page with a typo in each tab: SMTP security on macOS, IMAP port on iOS."""
        html = route.fetch().text()
        at = html.index(f">{macos.heading}<")
        at = html.index("<strong>STARTTLS</strong>", at)
        html = (
            html[:at] + "<strong>SSL/TLS</strong>" + html[at + len("<strong>STARTTLS</strong>") :]
        )
        at = html.index("<code>993</code>", html.index(f">{ios.heading}<"))
        html = html[:at] + "<code>994</code>" + html[at + len("<code>993</code>") :]
        route.fulfill(body=html, content_type="text/html")

    page.route(site.url + seed.url, doctor)
    faq_page.open(seed.url)
    book = Logins(mailbox, account)  # its own book: these failures are meant to happen
    problems = [
        f"{seed.url}, {column}: {problem}"
        for column in shown_settings(seed, faq_page)
        if (problem := book.problem(seed.url, column))
    ]
    assert len(problems) == 2, problems
    wrong_security, wrong_port = problems
    assert f"tab {macos.label!r}" in wrong_security and "Security looks wrong" in wrong_security
    assert f"tab {ios.label!r}" in wrong_port and "Port 994" in wrong_port
    assert all(p.startswith(seed.url) for p in problems)
