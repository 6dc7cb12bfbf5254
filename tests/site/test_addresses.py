"""Links readers already have keep working: every FAQ's short link, each of its former slugs and
the provider's own address form land, in Chromium, on the FAQ's canonical address."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kb.build import load_knowledge_base
from kbfixtures import copy_kb

from pages import Watch
from sitebuild import ServedSite, build_and_serve

SEED_KEY = "update-the-email-password-on-apple-mail-macos-ios"
# Former slugs as an editor records them after renaming pages (steps/ holds none yet).
FORMER = {
    SEED_KEY: ["change-the-password-in-apple-mail"],
    "add-an-email-address-to-outlook-windows-macos-ios": [
        "configure-outlook",
        "add-an-email-address-to-outlook",
    ],
}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServedSite, Path]]:
    """The help centre with a few pages renamed, built and served on loopback; and its steps/."""
    work = tmp_path_factory.mktemp("addresses")
    steps = copy_kb(work / "kb")
    for key, former in FORMER.items():
        path = steps / "pages" / f"{key}.yml"
        text = path.read_text("utf-8")
        path.write_text(text + f"former_slugs: [{', '.join(former)}]\n", "utf-8")
    served = build_and_serve(work, steps)
    yield served, steps
    served.stop()
    shutil.rmtree(work, ignore_errors=True)


def old_addresses(steps: Path) -> list[tuple[str, str]]:
    """(address a reader may have, the FAQ's canonical address), for every FAQ of `steps`."""
    found = []
    for page in sorted(load_knowledge_base(steps).pages.values(), key=lambda p: p.faq_id):
        canonical = f"faq/{page.faq_id}/{page.slug}/"
        found.append((f"faq/{page.faq_id}/", canonical))
        found += [(f"faq/{page.faq_id}/{old}/", canonical) for old in page.former_slugs]
        # The provider's form, as readers have it: no trailing slash.
        for slug in (page.slug, *page.former_slugs):
            found.append((f"en/support/faq/{page.faq_id}/{slug}", canonical))
    return found


@pytest.mark.browser
def test_every_old_address_of_every_faq_lands_on_its_canonical_page(
    renamed: tuple[ServedSite, Path], page: Page, watch: Watch
) -> None:
    site, steps = renamed
    addresses = old_addresses(steps)
    olds = {old for old, _ in addresses}
    assert all(f"en/support/faq/2556/{slug}" in olds for slug in FORMER[SEED_KEY])
    for old, canonical in addresses:
        page.goto(site.url + old)
        expect(page).to_have_url(site.url + canonical)
        expect(page.locator("article h1")).to_be_visible()
        assert page.locator("link[rel=canonical]").get_attribute("href") == site.url + canonical
    watch.assert_clean("following old addresses")
