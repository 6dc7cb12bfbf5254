"""Every invalid example folder produces exactly the messages its expected.txt states."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.build import load_knowledge_base
from kb.errors import KbError
from kbfixtures import INVALID, assemble_case

CASES = sorted(p for p in INVALID.iterdir() if p.is_dir())


def test_there_are_at_least_thirty_invalid_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case_reports_exactly_its_expected_lines(case: Path, tmp_path: Path) -> None:
    steps = assemble_case(case, tmp_path)
    with pytest.raises(KbError) as caught:
        load_knowledge_base(steps)
    expected = (case / "expected.txt").read_text("utf-8").splitlines()
    assert caught.value.report().splitlines() == expected


def test_base_fixture_is_valid(tmp_path: Path) -> None:
    kb = load_knowledge_base(assemble_case(tmp_path / "none", tmp_path))
    assert set(kb.pages) == {
        "update-the-email-password-on-apple-mail-macos-ios",
        "mail-ports-and-settings",
    }


def test_problems_in_many_files_are_reported_in_one_run(tmp_path: Path) -> None:
    steps = assemble_case(INVALID / "many-errors-in-one-run", tmp_path)
    with pytest.raises(KbError) as caught:
        load_knowledge_base(steps)
    files = {p.path for p in caught.value.problems}
    assert len(files) == 3
    assert all(p.line >= 1 and p.col >= 1 for p in caught.value.problems)
