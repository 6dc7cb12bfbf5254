"""A two-language site (en, fr) in Chromium: French pages load with their language, tabs and
the same steps as English, the language switcher keeps the reader on the same FAQ, and the
settings read off the French page log in to the test mailbox."""

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
from playwright.sync_api import Browser, Page, sync_playwright
from shown import ShownColumn

from conftest import ROOT, fill
from kb.cli import main as kb_main
from kb.i18n.cli import main as i18n_main

pytest_plugins = ["fixtures_mailbox"]
pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
FAQ = "faq/2556/update-the-email-password-on-apple-mail-macos-ios/"
PROC = "procedures/ios-mail/update-password.yml#steps"
# What a French reader sees in the settings table, and the English row or value it stands for.
ROWS_FR = {
    "Protocole": "Protocol",
    "Serveur": "Server",
    "Port": "Port",
    "Sécurité": "Security",
    "Nom d'utilisateur": "Username",
    "Authentification": "Authentication",
}
VALUES_FR = {
    "votre adresse e-mail complète": "your full email address",
    "Mot de passe normal": "Normal password",
}
FRENCH = {
    f"{PROC}/open-settings-apps/text": "Ouvrez les réglages de votre iPhone et touchez Apps :",
    f"{PROC}/open-settings-apps/ui/0": "Apps",
    "ui#recommended-settings": "Paramètres recommandés",
    "ui#untranslated": "Pas encore traduit",
    "ui#table/setting": "Paramètre",
    "ui#table/protocol": "Protocole",
    "ui#table/server": "Serveur",
    "ui#table/port": "Port",
    "ui#table/security": "Sécurité",
    "ui#table/username": "Nom d'utilisateur",
    "ui#table/authentication": "Authentification",
    "ui#value/username/email-address": "votre adresse e-mail complète",
    "ui#value/authentication/password-cleartext": "Mot de passe normal",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The KB built in English and French (some French units filled), served on loopback."""
    project = tmp_path_factory.mktemp("i18n-site")
    for name in ("steps", "docs", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "scripts").mkdir()
    (project / "scripts" / "kb").symlink_to(ROOT / "scripts" / "kb")
    assert i18n_main(["update", str(project)]) == 0
    fill(project, "fr", FRENCH)
    out = project / "site"
    config = str(project / "mkdocs.yml")
    assert kb_main(["site", "--config", config, "--out", str(out), "--languages", "en,fr"]) == 0
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def steps_per_tab(page: Page) -> list[tuple[int, int]]:
    """For each platform tab, clicked in turn: (its position, the number of steps it shows)."""
    labels = page.locator(".tabbed-labels > label")
    counts = []
    for n in range(labels.count()):
        labels.nth(n).click()
        block = page.locator(".tabbed-content > .tabbed-block").nth(n)
        assert block.is_visible()
        counts.append((n, block.locator(":scope > ol > li").count()))
    return counts


def test_the_root_offers_each_language_with_plain_links(site: str, page: Page) -> None:
    page.goto(site)
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(f"{site}fr/")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_a_french_page_loads_with_its_language_tabs_and_the_english_step_counts(
    site: str, page: Page
) -> None:
    page.goto(f"{site}en/{FAQ}")
    english = steps_per_tab(page)
    page.goto(f"{site}fr/{FAQ}")
    assert page.locator("html").get_attribute("lang") == "fr"
    hreflang = {
        link.get_attribute("hreflang"): link.get_attribute("href")
        for link in page.locator('head link[rel="alternate"][hreflang]').all()
    }
    assert hreflang == {"en": f"/en/{FAQ}", "fr": f"/fr/{FAQ}"}
    assert steps_per_tab(page) == english and english
    page.locator(".tabbed-labels > label", has_text="iOS").click()
    assert page.get_by_text("Ouvrez les réglages de votre iPhone et touchez").is_visible()
    stale = page.locator('span[lang="en"]', has_text="In Apps, tap Mail")
    assert stale.is_visible(), "an untranslated step is shown in English, marked lang=en"
    assert "Pas encore traduit" in stale.locator("xpath=..").inner_text()


def test_the_language_switcher_keeps_the_reader_on_the_same_faq(site: str, page: Page) -> None:
    page.goto(f"{site}fr/{FAQ}")
    for lang, name in (("en", "English"), ("fr", "Français")):
        page.locator(".md-header__option .md-select").hover()
        page.locator(".md-select__link", has_text=name).click()
        page.wait_for_url(f"{site}{lang}/{FAQ}")
        assert page.locator("html").get_attribute("lang") == lang


def test_settings_read_off_the_french_page_log_in(
    site: str, page: Page, mailbox: object, account: object
) -> None:
    page.goto(f"{site}fr/{FAQ}")
    heading = page.get_by_role("heading", name="Paramètres recommandés")
    table = heading.locator("xpath=following::table[1]")
    header, *rows = (
        [cell.strip() for cell in text.split("\t")]
        for text in table.get_by_role("row").all_inner_texts()
    )
    logins = Logins(mailbox, account)  # type: ignore[arg-type]
    columns = [
        ShownColumn(
            "Paramètres recommandés (fr)",
            label,
            {ROWS_FR[r[0]]: VALUES_FR.get(r[i], r[i]) for r in rows if r[0] in ROWS_FR},
        )
        for i, label in enumerate(header)
        if i > 0
    ]
    assert len(columns) == 2, f"expected the IMAP and SMTP columns, read {header}"
    assert all(re.fullmatch(r"[a-z0-9.-]+", c.values["Server"]) for c in columns)
    failures = [f"{c}: {p}" for c in columns if (p := logins.problem(page.url, c))]
    assert not failures, "\n".join(failures)
