"""The seed page (FAQ 2556): its 21 steps as the provider publishes them and as a site shows."""

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
    """Platform heading -> numbered steps, read from the seed page of a built site."""
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


def as_shown(step: str) -> str:
    """A seed step as the built page shows it: the provider ends a step with a colon where an
    illustration follows on its page; here no illustration follows, so the step ends with a
    full stop. Every word stays the same."""
    return step[:-1] + "." if step.endswith(":") else step
