"""No page runs script the site did not ship; a Content-Security-Policy enforces it in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from faqs import faqs
from htmlscan import directives, scan
from pages import FaqPage, Watch
from sitebuild import ServedSite

SEED = next(f for f in faqs() if f.faq_id == 2556 and f.tabs)
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI}`));
"""


def page_url(site: ServedSite, html_file) -> str:
    rel = html_file.relative_to(site.root).as_posix()
    return site.url + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


@pytest.mark.browser
def test_built_pages_carry_no_script_but_the_sites(site: ServedSite) -> None:
    problems = []
    for html_file in site.html_files():
        url = page_url(site, html_file)
        found = scan(html_file.read_text("utf-8"), url, site.url)
        problems += [f"{url}: {p}" for p in found.problems()]
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_every_page_declares_a_strict_policy(site: ServedSite) -> None:
    problems = []
    for html_file in site.html_files():
        url = page_url(site, html_file)
        policies = scan(html_file.read_text("utf-8"), url, site.url).policies
        if len(policies) != 1:
            problems.append(f"{url}: expected one Content-Security-Policy, found {len(policies)}")
            continue
        policy = directives(policies[0])
        script_src = policy.get("script-src", [])
        expected = {
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "img-src": ["'self'", "data:"],
            "style-src": ["'self'"],
        }
        problems += [
            f"{url}: {name} is {policy.get(name)}, expected {sources}"
            for name, sources in expected.items()
            if policy.get(name) != sources
        ]
        if script_src != ["'self'"]:
            problems.append(f"{url}: script-src {script_src} allows more than the site's files")
        if policy.get("connect-src", [])[:1] != ["'self'"]:
            problems.append(f"{url}: connect-src {policy.get('connect-src')} misses 'self'")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_no_page_reports_a_policy_violation(
    site: ServedSite, context: BrowserContext, page: Page, watch: Watch
) -> None:
    """Home, categories, short links and 404; each FAQ page gets the same check (its console) in
    test_faq_pages, so it is not loaded a second time here."""
    context.add_init_script(RECORD_VIOLATIONS)
    faq_urls = {site.url + faq.url for faq in faqs()}
    violations = []
    for html_file in site.html_files():
        url = page_url(site, html_file)
        if url in faq_urls:
            continue
        page.goto(url)
        if 'http-equiv="refresh"' in html_file.read_text("utf-8"):
            expect(page).not_to_have_url(url)  # a short link: wait until it has led on
        # Material's bundle swaps "no-js" for "js": the site's own scripts were allowed to run.
        expect(page.locator("html"), f"{page.url}: Material did not start").to_contain_class("js")
        violations += [f"{url}: {v}" for v in page.evaluate("window.__violations")]
    assert not violations, "\n".join(violations)
    watch.assert_clean("visiting every page (console errors include policy violations)")


@pytest.mark.browser
def test_injected_script_is_blocked(
    context: BrowserContext, page: Page, faq_page: FaqPage, watch: Watch
) -> None:
    context.add_init_script(RECORD_VIOLATIONS)
    faq_page.open(SEED.url)
    expect(page.locator("html")).to_contain_class("js")
    page.evaluate("""() => {
        const inline = document.createElement("script");
        inline.textContent = "window.__ran = (window.__ran || []).concat('inline')";
        document.body.append(inline);
        const handler = document.createElement("img");
        handler.setAttribute("onerror", "window.__ran = (window.__ran || []).concat('onerror')");
        handler.src = "data:,broken";
        document.body.append(handler);
        const foreign = document.createElement("script");
        foreign.src = "https://scripts.example/x.js";
        document.body.append(foreign);
    }""")
    page.wait_for_function("window.__violations.length >= 3")
    assert page.evaluate("window.__ran") is None, "an injected script ran"
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src-elem blocked inline") for v in violations), violations
    assert any(v.startswith("script-src-attr blocked inline") for v in violations), violations
    assert any("scripts.example" in v for v in violations), violations
    # The console reports each violation too: that is what the per-page tests watch.
    reported = [p for p in watch.problems if "Content Security Policy" in p]
    assert len(reported) >= 3, watch.problems
