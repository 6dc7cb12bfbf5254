"""The pipeline as `kb check`, `kb build` and the MkDocs hook run it: every problem of every stage
in one run, named by file, line, column and field, and nothing rendered then."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.build import build
from kb.errors import KbError


def test_a_cross_reference_error_fails_the_build_and_names_the_field(
    unknown_category: tuple[Path, Path],
) -> None:
    steps, page = unknown_category
    with pytest.raises(KbError) as raised:
        build(steps, dates=False)
    (problem,) = raised.value.problems
    assert problem.path == f"steps/pages/{page.name}" and problem.field == "category"
    assert "unknown category 'no-such-" in problem.message
    assert problem.line > 1 and problem.col == 11  # the value after `category: `


def test_problems_of_every_stage_are_reported_together(
    unknown_category: tuple[Path, Path],
) -> None:
    steps, page = unknown_category
    task = sorted((steps / "tasks").glob("*.yml"))[0]
    task.write_text("title: [unclosed\n", "utf-8")
    with pytest.raises(KbError) as raised:
        build(steps, dates=False)
    paths = {p.path for p in raised.value.problems}
    assert f"steps/tasks/{task.name}" in paths  # strict YAML
    assert f"steps/pages/{page.name}" in paths  # cross-references, in the same run
