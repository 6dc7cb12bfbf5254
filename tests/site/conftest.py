"""Browser tests of the published site: built once per session, served on a free loopback port.

Chromium is Debian's (`/usr/bin/chromium`): Playwright cannot download browsers here. Without it the
run fails; a browser suite that skips proves nothing. Failing tests keep a screenshot and a trace
under test-results/browser/ unless --tracing/--screenshot/--output say otherwise.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from logins import Logins
from pages import FaqPage, Watch
from sitebuild import ServedSite, build_and_serve

LOGINS = pytest.StashKey[Logins]()
ARTIFACT_DEFAULTS = {
    "--tracing": ("tracing", "retain-on-failure"),
    "--screenshot": ("screenshot", "only-on-failure"),
    "--output": ("output", "test-results/browser"),
}


def pytest_configure(config: pytest.Config) -> None:
    given = " ".join(config.invocation_params.args)
    for flag, (dest, value) in ARTIFACT_DEFAULTS.items():
        if flag not in given and hasattr(config.option, dest):
            setattr(config.option, dest, value)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The help centre built from steps/ with `site_url` equal to where it is served."""
    served = build_and_serve(tmp_path_factory.mktemp("site"))
    yield served
    served.stop()
    shutil.rmtree(served.root, ignore_errors=True)


@pytest.fixture
def watch(context: BrowserContext, page: Page) -> Iterator[Watch]:
    """Problems a reader would notice; requests leaving loopback are blocked and fail the test."""
    watched = Watch(context)
    yield watched
    assert not watched.left_loopback, f"requests left loopback: {watched.left_loopback}"


@pytest.fixture
def faq_page(page: Page, site: ServedSite, watch: Watch) -> FaqPage:
    return FaqPage(page, site.url)


@pytest.fixture(scope="session")
def logins(request: pytest.FixtureRequest, mailbox: Any, account: Any) -> Logins:
    """Logins with settings read off pages, against the test mailbox (fixtures_mailbox)."""
    book = Logins(mailbox, account)
    request.config.stash[LOGINS] = book
    return book


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    book = config.stash.get(LOGINS, None)
    if book is not None:
        terminalreporter.write_line(f"shown settings: {book.summary()}")
