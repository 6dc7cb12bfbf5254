"""Markup typed into a page title, a page's purpose, a category or the provider name is shown as
typed wherever the theme prints it (<title>, header, navigation, footer, meta description,
search) and never runs, on every page, 404.html included."""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import BrowserContext, expect

from htmlscan import scan
from pages import FaqPage, Watch
from sitebuild import STEPS, ServedSite, build_and_serve

MARKUP = "<script>alert(1)</script> \"><img src=x onerror=alert(2)> </title><b>bold</b> &amp; it's"
TITLE = f"Zebraports {MARKUP}"
PURPOSE = f"Zebrapurpose {MARKUP}"
CATEGORY = f"Zebracategory {MARKUP}"
SUMMARY = f"Zebrasummary {MARKUP}"
PROVIDER = f"Zebraprovider {MARKUP}"
TYPED = (TITLE, PURPOSE, CATEGORY, SUMMARY, PROVIDER)
PAGE = "pages/mail-ports-and-settings.yml"  # in the settings category
SITE_NAME = "Infomaniak Mail help centre"
# Each <title> as the reader's tab shows it (the short link's redirect page has no suffix).
TITLES = {f"{TITLE} - {SITE_NAME}", f"{CATEGORY} - {SITE_NAME}", TITLE}


def _edit(steps: Path, rel: str, change: Callable[[dict], None]) -> None:
    path = steps / rel
    schema_line, _ = path.read_text("utf-8").split("\n", 1)
    data = yaml.safe_load(path.read_text("utf-8"))
    change(data)
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(f"{schema_line}\n{dumped}", "utf-8")


def _poison(steps: Path) -> None:
    _edit(steps, PAGE, lambda d: d.update(title=TITLE, purpose={"text": PURPOSE}))
    _edit(steps, "categories/email-apps.yml", lambda d: d.update(title=CATEGORY, summary=SUMMARY))
    _edit(steps, "settings.yml", lambda d: d["provider"].update(name=PROVIDER))


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    work = tmp_path_factory.mktemp("theme-slots")
    steps = work / "steps"
    shutil.copytree(STEPS, steps)
    _poison(steps)
    served = build_and_serve(work, steps)
    yield served
    served.stop()
    shutil.rmtree(work, ignore_errors=True)


class _Live(HTMLParser):
    """What the typed markup would have become had it been printed as HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.texts: list[str] = []  # every text and attribute value, as the reader gets it
        self.titles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag
        self.texts += [value or "" for _, value in attrs]
        if tag == "img" and dict(attrs).get("src") == "x" or tag == "b":
            self.found.append(f"<{tag} {attrs}>")
        if tag == "title":
            self.titles.append("")

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._in == "script" and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")
        if self._in == "title":
            self.titles[-1] += data

    def handle_endtag(self, tag: str) -> None:
        self._in = None


@pytest.mark.browser
def test_no_typed_markup_is_live_in_any_built_page(poisoned: ServedSite) -> None:
    problems, reached = [], set()
    for path in poisoned.html_files():
        text = path.read_text("utf-8")
        live = _Live()
        live.feed(text)
        reached |= {t for t in TYPED for shown in live.texts if t in shown}
        found = live.found + scan(text, poisoned.url, poisoned.url).problems()
        problems += [f"{path.relative_to(poisoned.root)}: {f}" for f in found]
        problems += [
            f"{path.relative_to(poisoned.root)}: <title> {t!r}"
            for t in live.titles
            if "Zebra" in t and t not in TITLES
        ]
    assert reached == set(TYPED), "a field was not shown"
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_search_index_holds_each_title_once_escaped(poisoned: ServedSite) -> None:
    """Material's search shows titles as HTML: the index must hold the characters, escaped once."""
    docs = json.loads((poisoned.root / "search" / "search_index.json").read_text("utf-8"))["docs"]
    titles = {html.unescape(d["title"]) for d in docs}
    assert {TITLE, CATEGORY} <= titles
    assert not [d["title"] for d in docs if "<script" in d["title"] or "&amp;lt;" in d["title"]]


def _guide_url(site: ServedSite) -> str:
    found = [p for p in site.html_files() if "mail-ports-and-settings" in p.as_posix()]
    return found[0].parent.relative_to(site.root).as_posix() + "/"


@pytest.mark.browser
def test_reader_sees_exactly_the_typed_characters_and_nothing_runs(
    poisoned: ServedSite, new_context: Callable[..., BrowserContext]
) -> None:
    # Without the Content-Security-Policy: escaping alone must keep the markup inert.
    context = new_context(bypass_csp=True)
    page = context.new_page()
    watch = Watch(context)
    reader = FaqPage(page, poisoned.url)
    guide = _guide_url(poisoned)

    reader.open(guide)
    expect(page).to_have_title(f"{TITLE} - {SITE_NAME}")
    expect(page.locator('meta[name="description"]')).to_have_attribute("content", PURPOSE)
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_role("navigation").get_by_text(TITLE, exact=True).first).to_be_attached()

    reader.open("")
    expect(page.locator('meta[name="description"]')).to_have_attribute(
        "content", f"Help centre for {PROVIDER}"
    )
    expect(page.locator(".md-footer__link--next")).to_have_attribute(
        "aria-label", f"Next: {CATEGORY}"
    )
    expect(page.get_by_role("link", name=CATEGORY).first).to_be_attached()

    reader.open("categories/email-apps/")
    expect(page).to_have_title(f"{CATEGORY} - {SITE_NAME}")
    expect(page.locator('meta[name="description"]')).to_have_attribute("content", SUMMARY)

    reader.open("404.html")
    expect(page.get_by_role("navigation").get_by_text(CATEGORY, exact=True).first).to_be_attached()

    reader.open("")
    reader.search.type("Zebraports")
    expect(reader.search.first_result.get_by_role("heading", level=1)).to_have_text(TITLE)

    assert not watch.dialogs, f"typed markup ran: {watch.dialogs}"
    assert not watch.left_loopback
