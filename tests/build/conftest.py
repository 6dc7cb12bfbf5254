"""Builds of the real site with MkDocs, shared by the build tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kbfixtures import ROOT


def mkdocs_build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project folder laid out like this repository."""
    config = project / "mkdocs.yml"
    if project != ROOT:
        text = (ROOT / "mkdocs.yml").read_text("utf-8")
        text = text.replace("scripts/kb/mkdocs_hook.py", str(ROOT / "scripts/kb/mkdocs_hook.py"))
        text = text.replace("  - scripts/kb\n", f"  - {ROOT / 'scripts/kb'}\n")
        text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
        text = text.replace("theme:\n", f"theme:\n  custom_dir: {ROOT / 'overrides'}\n", 1)
        text = text.replace("  custom_dir: overrides\n", "")
        config.write_text(text, "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_VERIFY_RESULTS": "/nonexistent"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=project)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out
