"""Fixtures of the unit tests: a synthetic KB, and a copy of it with one broken reference."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.bench.synth import synthesize


@pytest.fixture(scope="module")
def synthetic_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(tmp_path_factory.mktemp("synth") / "kb", 80).root / "steps"


@pytest.fixture
def unknown_category(synthetic_kb: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the synthetic KB whose sixth page names a category that does not exist:
    (its steps/ folder, that page's file)."""
    steps = tmp_path / "steps"
    shutil.copytree(synthetic_kb, steps)
    page = sorted((steps / "pages").glob("*.yml"))[5]
    text = page.read_text("utf-8")
    page.write_text(text.replace("\ncategory: ", "\ncategory: no-such-", 1), "utf-8")
    return steps, page
