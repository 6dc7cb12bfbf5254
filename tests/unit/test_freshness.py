"""'Settings verified on DATE' appears only after a passing run that proved what the page shows."""

from __future__ import annotations

import json
from pathlib import Path

from kb.build import build
from kbfixtures import ROOT

SEED = "faq/2556/update-the-email-password-on-apple-mail-macos-ios.md"


def results(tmp_path: Path, *, passed: bool, ports: tuple[int, ...] = (993, 587)) -> Path:
    security = {993: "ssl", 587: "starttls", 465: "ssl"}
    profiles = [
        {
            "protocol": "imap" if port == 993 else "smtp",
            "host": "mail.infomaniak.com",
            "port": port,
            "security": security[port],
            "ok": True,
        }
        for port in ports
    ]
    path = tmp_path / "verify-results.json"
    path.write_text(
        json.dumps(
            {
                "passed": passed,
                "mode": "mailbox",
                "date": "2026-11-27T05:00:00Z",
                "profiles": profiles,
            }
        )
    )
    return path


def seed_page(results_file: Path | None) -> str:
    return build(ROOT / "steps", results=results_file, dates=False)[1].pages[SEED].body


def test_a_passing_run_stamps_the_pages_it_proved(tmp_path: Path) -> None:
    assert "Settings verified on 2026-11-27" in seed_page(results(tmp_path, passed=True))


def test_a_failed_run_shows_nothing(tmp_path: Path) -> None:
    assert "Settings verified" not in seed_page(results(tmp_path, passed=False))


def test_a_run_that_did_not_prove_every_shown_setting_shows_nothing(tmp_path: Path) -> None:
    assert "Settings verified" not in seed_page(results(tmp_path, passed=True, ports=(993,)))


def test_a_missing_or_broken_results_file_shows_nothing(tmp_path: Path) -> None:
    assert "Settings verified" not in seed_page(tmp_path / "absent.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert "Settings verified" not in seed_page(broken)
