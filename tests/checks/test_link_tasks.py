"""link-tasks: a link to a guide names the task it promises, and the guide covers it."""

from __future__ import annotations

from pathlib import Path

from kbcase import IOS, kb_with, procedure, repository, run, where

from kb.checks import link_tasks

PATH = f"steps/{IOS}"
GUIDE = "update-the-email-password-on-apple-mail-macos-ios"  # the base guide: update-password


def _intro(link: str) -> str:
    head = f"""intro:
  text: Then check both servers as described in the password guide.
  links:
    - phrase: password guide
{link}sources:
  - https://vendor.example/help
steps:
"""
    return procedure("  - id: one\n    text: Open the app.\n", head)


def test_a_link_to_a_guide_without_a_task_is_reported_at_the_text(tmp_path: Path) -> None:
    # FAQ 2600 as it was: "both servers" on a page that covers SMTP only, with nothing to check.
    kb = kb_with(tmp_path, {IOS: _intro(f"      page: {GUIDE}\n")})
    problems = run(link_tasks, kb)
    assert where(problems) == [(PATH, 2, 9)]
    assert "does not name the task" in problems[0].message


def test_a_task_the_guide_does_not_cover_is_reported(tmp_path: Path) -> None:
    kb = kb_with(tmp_path, {IOS: _intro(f"      page: {GUIDE}\n      task: check-smtp\n")})
    problems = run(link_tasks, kb)
    assert where(problems) == [(PATH, 2, 9)]
    assert "'update-password' only" in problems[0].message


def test_the_guides_own_task_passes(tmp_path: Path) -> None:
    kb = kb_with(tmp_path, {IOS: _intro(f"      page: {GUIDE}\n      task: update-password\n")})
    assert run(link_tasks, kb) == []


def test_the_settings_page_covers_no_task(tmp_path: Path) -> None:
    link = "      page: mail-ports-and-settings\n      task: update-password\n"
    assert where(run(link_tasks, kb_with(tmp_path, {IOS: _intro(link)}))) == [(PATH, 2, 9)]


def test_the_repository_content_passes(tmp_path: Path) -> None:
    assert [str(p) for p in run(link_tasks, repository(tmp_path))] == []
