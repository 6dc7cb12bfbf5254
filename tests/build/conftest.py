"""Builds of the real site with MkDocs, shared by the build tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbfixtures import ROOT, mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out
