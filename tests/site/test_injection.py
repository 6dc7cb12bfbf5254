"""Markup an editor types into a step is shown as text: nothing in it runs in Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import BrowserContext, expect

from faqs import Faq, faqs
from htmlscan import scan
from pages import FaqPage, Watch
from sitebuild import STEPS, ServedSite, build_and_serve

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '{ onclick="alert(1)" }',
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "</textarea><svg onload=alert(1)>",
)
SEED_ID = 2556


def _poison(steps: Path, faq: Faq) -> dict[str, list[str]]:
    """End the first steps of each of the page's procedures with one payload each.

    At the end of a paragraph is where Markdown's attr_list would read `{ onclick=... }`.
    """
    shown: dict[str, list[str]] = {}
    page = next(
        p
        for p in (steps / "pages").glob("*.yml")
        if yaml.safe_load(p.read_text("utf-8"))["faq_id"] == faq.faq_id
    )
    data = yaml.safe_load(page.read_text("utf-8"))
    for tab, platform in zip(faq.tabs, data["platforms"], strict=True):
        path = steps / "procedures" / platform / f"{data['task']}.yml"
        procedure = yaml.safe_load(path.read_text("utf-8"))
        shown[tab.heading] = []
        for n, (step, payload) in enumerate(
            zip(procedure["steps"], PAYLOADS, strict=False), start=1
        ):
            step["text"] = f"{step['text']} Payload {n} {payload}"
            shown[tab.heading].append(f"Payload {n} {payload}")
        path.write_text(yaml.safe_dump(procedure, sort_keys=False, allow_unicode=True), "utf-8")
    return shown


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServedSite, Faq, dict]]:
    work = tmp_path_factory.mktemp("poisoned")
    steps = work / "steps"
    shutil.copytree(STEPS, steps)
    faq = next(f for f in faqs(steps) if f.faq_id == SEED_ID and f.tabs)
    shown = _poison(steps, faq)
    served = build_and_serve(work, steps)
    yield served, faq, shown
    served.stop()


@pytest.mark.browser
def test_payloads_are_inert_in_the_built_html(poisoned: tuple[ServedSite, Faq, dict]) -> None:
    site, faq, _ = poisoned
    html = (site.root / faq.url / "index.html").read_text("utf-8")
    assert "Payload 1" in html, "the payloads did not reach the page"
    assert not scan(html, site.url + faq.url, site.url).problems()


@pytest.mark.browser
def test_payloads_show_as_text_and_never_run(
    poisoned: tuple[ServedSite, Faq, dict], new_context: Callable[..., BrowserContext]
) -> None:
    site, faq, shown = poisoned
    # Without the Content-Security-Policy: escaping alone must keep the payloads inert.
    context = new_context(bypass_csp=True)
    page = context.new_page()
    watch = Watch(context)
    faq_page = FaqPage(page, site.url)
    faq_page.open(faq.url)
    for tab in faq.tabs:
        faq_page.choose(tab.label)
        for text in shown[tab.heading]:
            expect(faq_page.panel(tab.heading).get_by_text(text)).to_be_visible()
    assert not watch.dialogs, f"a payload ran: {watch.dialogs}"
    watch.assert_clean(f"{faq.url} with payloads")
    assert not watch.left_loopback
