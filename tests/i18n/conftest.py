"""A copy of the project's KB in a temp folder, with catalogues, for the i18n tests."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from i18nsupport import ROOT
from kb.i18n.cli import main as i18n_main

# The reader's proof reuses the site suite's page readers and logins (tests/site/*.py).
sys.path.insert(0, str(ROOT / "tests" / "site"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The project's steps/, docs/, overrides/ and mkdocs.yml, catalogues up to date."""
    for name in ("steps", "docs", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "kb").symlink_to(ROOT / "scripts" / "kb")  # mkdocs.yml watches it
    assert i18n_main(["update", str(tmp_path)]) == 0
    return tmp_path
