"""The site in all five languages, in Chromium, for each of fr, de, it and es: the root page
leads to the language; a guide loads in that language with its tabs and the same number of steps
as in English, and every text still in English says so; the language switcher takes the reader to
the same FAQ in English and back; and the settings read off that language's settings page (row
titles and values in that language, mapped back through its catalogue) log in to the test
mailbox."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from logins import Logins
from playwright.sync_api import Page, expect
from shown import ROWS, ShownColumn

from i18nsupport import LANGS, ROOT
from kb.cli import main as kb_main
from kb.i18n.catalog import by_context, read
from kb.i18n.root import NAMES
from kb.i18n.ui import UI

pytestmark = pytest.mark.browser

ALL = ("en", *LANGS)
FAQ = "faq/2556/update-the-email-password-on-apple-mail-macos-ios/"
SETTINGS = "faq/2000/mail-ports-and-settings/"
# The English row titles of a settings table, by their UI key.
ROW_KEYS = {
    f"table/{k}": title
    for k, title in zip(
        ("protocol", "server", "port", "security", "username", "authentication"), ROWS, strict=True
    )
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's KB with its catalogues as they are, and the site built in every language."""
    project = tmp_path_factory.mktemp("i18n-site")
    for name in ("steps", "docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "scripts").mkdir()
    (project / "scripts" / "kb").symlink_to(ROOT / "scripts" / "kb")
    config = str(project / "mkdocs.yml")
    # A published address (kb site refuses loopback); every link the tests follow is relative.
    argv = ["site", "--config", config, "--out", str(project / "site"), "--jobs", "2"]
    argv += ["--site-url", "https://help.example.org/", "--languages", ",".join(ALL)]
    assert kb_main(argv) == 0
    return project


@pytest.fixture(scope="module")
def site(project: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def english_of(project: Path, lang: str) -> dict[str, str]:
    """Each UI word of a settings table as `lang`'s catalogue translates it -> its English (the
    English itself too: a stale unit is shown in English)."""
    messages = by_context(read(project / "steps" / "locales" / f"{lang}.po", lang))
    found: dict[str, str] = {}
    for key, english in UI.items():
        if key in ROW_KEYS or key.startswith("value/"):
            shown = str(messages[f"ui#{key}"].string or english)
            found[shown] = found[english] = ROW_KEYS.get(key, english)
    return found


def steps_per_tab(page: Page) -> list[tuple[str, int]]:
    """For each platform tab, clicked in turn: (its label, the number of steps it shows)."""
    labels = page.locator(".tabbed-labels > label")
    counts = []
    for n in range(labels.count()):
        labels.nth(n).click()
        block = page.locator(".tabbed-content > .tabbed-block").nth(n)
        assert block.is_visible()
        counts.append((labels.nth(n).inner_text(), block.locator(":scope > ol > li").count()))
    return counts


@pytest.mark.parametrize("lang", LANGS)
def test_the_root_offers_the_language_with_a_plain_link(site: str, page: Page, lang: str) -> None:
    page.goto(site)
    page.get_by_role("link", name=NAMES[lang]).click()
    page.wait_for_url(f"{site}{lang}/")
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", LANGS)
def test_a_guide_loads_in_the_language_with_its_tabs_and_the_english_step_counts(
    site: str, page: Page, lang: str
) -> None:
    page.goto(f"{site}en/{FAQ}")
    english = steps_per_tab(page)
    title = page.locator("article h1").inner_text()
    page.goto(f"{site}{lang}/{FAQ}")
    assert page.locator("html").get_attribute("lang") == lang
    hreflang = {
        link.get_attribute("hreflang"): link.get_attribute("href")
        for link in page.locator('head link[rel="alternate"][hreflang]').all()
    }
    assert hreflang == {code: f"/{code}/{FAQ}" for code in ALL}
    assert english and steps_per_tab(page) == english
    article = page.locator("article")
    assert article.locator("h1").inner_text() != title, "the title is in the language"
    still_english = article.locator('[lang="en"]')
    assert still_english.count() == article.locator(".kb-untranslated").count(), (
        "every text shown in English is followed by the 'not yet translated' notice"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switcher_goes_to_the_same_faq_and_back(
    site: str, page: Page, lang: str
) -> None:
    page.goto(f"{site}{lang}/{FAQ}")
    for code in ("en", lang):
        page.locator(".md-header__option .md-select").hover()
        page.locator(".md-select__link", has_text=NAMES[code]).click()
        page.wait_for_url(f"{site}{code}/{FAQ}")
        assert page.locator("html").get_attribute("lang") == code


@pytest.mark.parametrize("lang", LANGS)
def test_settings_read_off_the_languages_settings_page_log_in(
    project: Path, site: str, page: Page, lang: str, mailbox: object, account: object
) -> None:
    page.goto(f"{site}{lang}/{SETTINGS}")
    english = english_of(project, lang)
    columns = []
    for table in page.locator("article table").all():
        header, *rows = (
            [cell.strip() for cell in text.split("\t")]
            for text in table.get_by_role("row").all_inner_texts()
        )
        values = {english[r[0]]: english.get(r[1], r[1]) for r in rows if r[0] in english}
        if "Protocol" in values:
            columns += [ShownColumn(f"{lang} settings page", header[1], values)]
    assert len(columns) >= 2, "at least the recommended IMAP and SMTP settings"
    assert all(re.fullmatch(r"[a-z0-9.-]+", c.values["Server"]) for c in columns)
    logins = Logins(mailbox, account)  # type: ignore[arg-type]
    failures = [f"{c}: {p}" for c in columns if (p := logins.problem(page.url, c))]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("lang", LANGS)
def test_searching_a_guides_title_in_the_language_finds_it_spelled_as_on_the_page(
    site: str, page: Page, lang: str
) -> None:
    """The search index of each language (UTF-8, accented letters included) finds a guide by
    its title typed in that language, and the result shows the title letter for letter."""
    page.goto(f"{site}{lang}/{FAQ}")
    title = page.locator("article h1").inner_text().removesuffix("¶").strip()  # its permalink
    page.goto(f"{site}{lang}/")
    box = page.get_by_role("textbox", name=re.compile("."))
    box.click()
    box.press_sequentially(title)
    found = page.locator(f'.md-search-result__link[href*="/{lang}/{FAQ}"]').first
    expect(found.locator("h1")).to_have_text(title, timeout=30_000)
