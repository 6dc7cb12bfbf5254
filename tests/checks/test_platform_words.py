"""platform-words: each platform's settings tables use that app's own words."""

from __future__ import annotations

from pathlib import Path

from kbcase import IOS, PLATFORM, kb_with, procedure, repository, run, where

from kb.build import build
from kb.checks import platform_words

PATH = f"steps/{IOS}"
STEP = """  - id: smtp-password
    text: Check that Authentication is set to Password.
    ui: [Authentication, Password]
    settings: [smtp]
"""
OWN = "vocabulary:\n  authentication:\n    password-cleartext: Password\n"


def test_a_table_without_the_apps_word_is_reported_at_the_step(tmp_path: Path) -> None:
    files = {IOS: procedure(STEP), "platforms/ios-mail.yml": PLATFORM + "written_for: Mail\n"}
    problems = run(platform_words, kb_with(tmp_path, files))
    # The step's table, and the page's recommended-settings table shared with this tab.
    assert where(problems) == [
        ("steps/pages/update-the-email-password-on-apple-mail-macos-ios.yml", 12, 11),
        (PATH, 6, 5),
    ]
    assert all("'Normal password'" in p.message for p in problems)


def test_a_generic_label_that_is_not_the_apps_word_is_reported(tmp_path: Path) -> None:
    step = STEP.replace("to Password.", "to Normal password.").replace(
        "[Authentication, Password]", "[Authentication, Normal password]"
    )
    problems = run(platform_words, kb_with(tmp_path, {IOS: procedure(step)}))
    assert where(problems) == [(PATH, 7, 11)] and "its table says 'Password'" in problems[0].message


def test_the_table_on_the_page_shows_the_apps_word(tmp_path: Path) -> None:
    files = {IOS: procedure(STEP), "platforms/ios-mail.yml": PLATFORM + "written_for: Mail\n" + OWN}
    kb = kb_with(tmp_path, files)
    assert run(platform_words, kb) == []
    _, site = build(tmp_path / "steps", dates=False)
    page = site.pages["faq/2556/update-the-email-password-on-apple-mail-macos-ios.md"].text
    assert "| Authentication | **Password** |" in page and "Normal password" not in page


def test_a_draft_procedure_is_exempt(tmp_path: Path) -> None:
    head = "review: {status: draft, note: vendor help unreadable}\n"
    platform = PLATFORM + "written_for: Mail\n"
    files = {IOS: head + procedure(STEP), "platforms/ios-mail.yml": platform}
    problems = run(platform_words, kb_with(tmp_path, files))
    assert not [p for p in problems if p.path == PATH]


def test_the_repository_content_passes(tmp_path: Path) -> None:
    assert [str(p) for p in run(platform_words, repository(tmp_path))] == []
