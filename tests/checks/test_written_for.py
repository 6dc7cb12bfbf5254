"""written-for: a platform written for an older major version is a warning, then an error."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from kbcase import PLATFORM, kb_with, repository, run, where

from kb.checks import written_for
from kb.checks.written_for import GRACE_DAYS
from kb.cli import main
from kbfixtures import mkdocs_build

PATH = "steps/platforms/ios-mail.yml"


def _platform(written: int, current: int, released: date) -> dict[str, str]:
    record = f"""written_for: iOS {written}
written_for_major: {written}
current_version:
  major: {current}
  released: "{released.isoformat()}"
  source: https://vendor.example/releases
  checked: "{date.today().isoformat()}"
vocabulary:
  authentication:
    password-cleartext: Password
"""
    return {"platforms/ios-mail.yml": PLATFORM + record}


def test_a_version_without_its_record_is_reported_at_written_for(tmp_path: Path) -> None:
    # "Written for iOS 18" in November 2026, with nothing to compare it with.
    kb = kb_with(tmp_path, {"platforms/ios-mail.yml": PLATFORM + "written_for: iOS 18\n"})
    problems = run(written_for, kb)
    assert where(problems) == [(PATH, 6, 14)] and not problems[0].warning


def test_an_old_version_past_the_grace_period_is_an_error(tmp_path: Path) -> None:
    long_ago = date.today() - timedelta(days=GRACE_DAYS + 30)
    (problem,) = run(written_for, kb_with(tmp_path, _platform(18, 26, long_ago)))
    assert (problem.path, problem.line, problem.col) == (PATH, 7, 20)
    assert not problem.warning and "FAQ 2556" in problem.message


def test_an_old_version_within_the_grace_period_is_a_warning_listing_its_pages(
    tmp_path: Path,
) -> None:
    (problem,) = run(
        written_for, kb_with(tmp_path, _platform(18, 26, date.today() - timedelta(days=10)))
    )
    assert problem.warning and (problem.line, problem.col) == (7, 20)
    assert "FAQ 2556" in problem.message and str(problem).startswith(f"{PATH}:7:20: warning: ")


def test_the_current_version_passes(tmp_path: Path) -> None:
    assert run(written_for, kb_with(tmp_path, _platform(26, 26, date(2025, 9, 15)))) == []


def test_kb_check_prints_a_warning_and_still_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb_with(tmp_path, _platform(18, 26, date.today() - timedelta(days=10)))
    assert main(["check", str(tmp_path / "steps")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ok: ")
    assert f"{PATH}:7:20: warning: written_for_major: written for version 18" in err


def test_kb_check_for_github_annotates_a_warning_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb_with(tmp_path, _platform(18, 26, date.today() - timedelta(days=10)))
    assert main(["check", "--format", "github", str(tmp_path / "steps")]) == 0
    err = capsys.readouterr().err
    assert f"::warning file={PATH},line=7,col=20::written_for_major: written for" in err
    assert "::error" not in err


def test_the_site_build_shows_the_warning_and_still_passes(tmp_path: Path) -> None:
    # `mkdocs build --strict` fails on a logged warning; content getting old must not fail it.
    kb_with(tmp_path, _platform(18, 26, date.today() - timedelta(days=10)))
    done = mkdocs_build(tmp_path, tmp_path / "site")
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{PATH}:7:20: warning: written_for_major: written for version 18" in done.stderr
    assert (tmp_path / "site" / "faq" / "2556").is_dir()


def test_the_repository_has_no_error(tmp_path: Path) -> None:
    errors = [p for p in run(written_for, repository(tmp_path)) if not p.warning]
    assert [str(p) for p in errors] == []
