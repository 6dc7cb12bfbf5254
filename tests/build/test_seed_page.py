"""The built seed page carries every step of the provider's page, in order, in the same words."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from kbfixtures import TESTS

SEED = TESTS / "fixtures" / "seed-faq-update-password-apple-mail.txt"
PAGE = "faq/2556/update-the-email-password-on-apple-mail-macos-ios/index.html"


def seed_sections() -> dict[str, list[str]]:
    """Platform heading -> numbered steps, read from the provider's page as published."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in SEED.read_text("utf-8").splitlines():
        text = line.strip()
        if text in ("Apple Mail (macOS)", "iOS (iPhone, iPad, etc.)"):
            current = sections.setdefault(text, [])
        elif current is not None and (m := re.match(r"\d+\.\s+(.*)", text)):
            current.append(m.group(1))
    return sections


def built_sections(site: Path) -> dict[str, list[str]]:
    soup = BeautifulSoup((site / PAGE).read_text("utf-8"), "html.parser")
    out = {}
    for block in soup.select(".tabbed-block"):
        heading = block.find("h3")
        steps = block.find("ol").find_all("li", recursive=False)
        out[heading.get_text(" ", strip=True).rstrip("¶").strip()] = [
            " ".join(li.find("p").get_text(" ", strip=True).split())
            if li.find("p")
            else " ".join(li.get_text(" ", strip=True).split())
            for li in steps
        ]
    return out


def normalise(text: str) -> str:
    return re.sub(r"\s+([.,:)])", r"\1", " ".join(text.split()))


def test_seed_has_9_macos_and_12_ios_steps() -> None:
    sections = seed_sections()
    assert [len(v) for v in sections.values()] == [9, 12]


def test_built_page_carries_all_21_seed_steps_in_order(built_site: Path) -> None:
    built = built_sections(built_site)
    for platform, steps in seed_sections().items():
        assert [normalise(s) for s in built[platform]] == [normalise(s) for s in steps]


def test_built_page_has_title_purpose_preamble_and_feedback(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / PAGE).read_text("utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True).startswith("Update the email password on Apple Mail")
    text = " ".join(soup.get_text(" ").split())
    assert "This guide explains how to update the password of an email address" in text
    assert soup.select_one(".admonition .admonition-title").get_text(strip=True) == "Preamble"
    assert "Has this FAQ been helpful?" in text
