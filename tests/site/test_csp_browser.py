"""Even if escaping failed, injected markup would not run: the Content-Security-Policy refuses it
in Chromium, and the theme's own scripts keep working under the same policy.

The site is built with `bypass_escaping_hook.py`, which runs before the plugin adds the policy:
it writes a script into every page's `<head>` and a script, an `onerror` image, an `onclick`
link and a `javascript:` link into its `<body>`, as an escaping bug anywhere would.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from faqs import faqs
from pages import FaqPage, Watch
from sitebuild import ServedSite, build_and_serve

HOOK = Path(__file__).with_name("bypass_escaping_hook.py")
SEED = next(f for f in faqs() if f.faq_id == 2556 and f.tabs)
# Two scripts, the onerror handler, then the two links once clicked.
INJECTED = 5
RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI}`);
  document.documentElement.dataset.violations = window.__violations.length;
});
window.__schemes = [];
new MutationObserver((changes) => changes.forEach((c) =>
  window.__schemes.push(c.target.getAttribute("data-md-color-scheme")))
).observe(document, {subtree: true, attributeFilter: ["data-md-color-scheme"]});
"""


@pytest.fixture(scope="module")
def pwned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    work = tmp_path_factory.mktemp("pwned")
    served = build_and_serve(work, hooks=[HOOK])
    yield served
    served.stop()
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def recorded(context: BrowserContext, watch: Watch) -> Watch:
    context.add_init_script(RECORD)
    return watch


def click_injected_links(page: Page) -> None:
    # In script, not by pointer: Material's header lies over the top of the body.
    for link in ("#pwned-onclick", "#pwned-url"):
        page.locator(link).evaluate("a => a.click()")


def assert_refused(page: Page, watch: Watch) -> None:
    assert page.evaluate("window.__pwned") is None, "an injected script ran"
    # Counted in the page: Playwright's own polling evaluates strings, which the policy refuses.
    expect(page.locator("html")).to_have_attribute("data-violations", str(INJECTED))
    assert page.evaluate("window.__pwned") is None, "an injected link ran"
    assert not watch.dialogs, watch.dialogs
    violations = page.evaluate("window.__violations")
    # Only the injected inline code is refused, never a script file the site ships.
    assert all(v.endswith(" blocked inline") for v in violations), violations
    assert any(v.startswith("script-src-elem") for v in violations), violations
    assert any(v.startswith("script-src-attr") for v in violations), violations


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "categories/email-apps/", SEED.url, "404.html"])
def test_injected_markup_is_refused_on_every_kind_of_page(
    pwned: ServedSite, page: Page, recorded: Watch, path: str
) -> None:
    page.goto(pwned.url + path)
    expect(page.locator("#pwned-url")).to_have_attribute("href", re.compile("^javascript:"))
    # Material's bundle swaps "no-js" for "js": the site's own scripts ran.
    expect(page.locator("html")).to_contain_class("js")
    click_injected_links(page)
    assert_refused(page, recorded)


@pytest.mark.browser
def test_injected_markup_is_refused_on_a_short_link_page(
    pwned: ServedSite, page: Page, recorded: Watch
) -> None:
    # The short link's target answers 204, so the browser stays on the redirect page.
    def stay(route: Route) -> None:
        route.fulfill(status=204)

    page.route(pwned.url + SEED.url, stay)
    page.goto(f"{pwned.url}faq/{SEED.faq_id}/")
    expect(page.get_by_role("link", name=SEED.title)).to_be_visible()
    click_injected_links(page)
    assert_refused(page, recorded)


@pytest.mark.browser
def test_the_theme_works_beside_the_refused_markup(
    pwned: ServedSite, page: Page, recorded: Watch
) -> None:
    faq_page = FaqPage(page, pwned.url)
    faq_page.open(SEED.url)
    # Scope and storage (the theme's first script) point at the site.
    assert page.evaluate("__md_scope.href") == pwned.url
    # Tabs switch, and the choice is restored on the next visit (linked tabs).
    faq_page.choose("iOS")
    faq_page.open(SEED.url)
    expect(faq_page.tab_state("iOS")).to_be_checked()
    # A link to a tab opens that tab.
    faq_page.open(f"{SEED.url}#__tabbed_1_1")
    expect(faq_page.tab_state("macOS")).to_be_checked()
    # A saved palette is applied while the page loads (Material's bundle then applies the
    # site's only palette): the palette script ran.
    page.evaluate('__md_set("__palette", {index: 0, color: {scheme: "slate"}})')
    faq_page.open(SEED.url)
    expect(page.locator("html")).to_contain_class("js")
    assert page.evaluate("window.__schemes")[:1] == ["slate"]
    # Search opens and finds the page (its worker is a script file of the site).
    faq_page.search.type("Apple Mail password")
    expect(faq_page.search.first_result).to_be_visible()
    click_injected_links(page)
    assert_refused(page, recorded)
