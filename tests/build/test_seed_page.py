"""The built seed page carries every step of the provider's page, in order, in the same words."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from seedpage import PAGE, as_shown, built_sections, normalise, seed_sections


def test_seed_has_9_macos_and_12_ios_steps() -> None:
    sections = seed_sections()
    assert [len(v) for v in sections.values()] == [9, 12]


def test_built_page_carries_all_21_seed_steps_in_order(built_site: Path) -> None:
    built = built_sections(built_site)
    for platform, steps in seed_sections().items():
        assert [normalise(s) for s in built[platform]] == [normalise(as_shown(s)) for s in steps]


def test_built_page_has_title_purpose_preamble_and_feedback(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / PAGE).read_text("utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True).startswith("Update the email password on Apple Mail")
    text = " ".join(soup.get_text(" ").split())
    assert "This guide explains how to update the password of an email address" in text
    assert soup.select_one("details.info > summary").get_text(strip=True) == "Preamble"
    assert "Has this FAQ been helpful?" in text
