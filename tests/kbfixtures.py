"""Helpers shared by the tests: fixture KBs assembled in a temp dir."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
BASE = TESTS / "fixtures" / "base" / "steps"
INVALID = TESTS / "fixtures" / "invalid"


def assemble_case(case: Path, into: Path) -> Path:
    """Copy the valid base KB into `into`, overlay the case's files, delete what it lists."""
    steps = into / "steps"
    shutil.copytree(BASE, steps)
    if (case / "steps").is_dir():
        shutil.copytree(case / "steps", steps, dirs_exist_ok=True)
    remove = case / "remove.txt"
    for rel in remove.read_text().split() if remove.exists() else ():
        (steps / rel).unlink()
    return steps


def copy_kb(into: Path, source: Path = ROOT / "steps") -> Path:
    steps = into / "steps"
    shutil.copytree(source, steps)
    return steps


def mkdocs_build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project folder laid out like this repository."""
    config = project / "mkdocs.yml"
    if project != ROOT:
        text = (ROOT / "mkdocs.yml").read_text("utf-8")
        text = text.replace("  - scripts/kb\n", f"  - {ROOT / 'scripts/kb'}\n")
        text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
        text = text.replace("theme:\n", f"theme:\n  custom_dir: {ROOT / 'overrides'}\n", 1)
        text = text.replace("  custom_dir: overrides\n", "")
        config.write_text(text, "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_VERIFY_RESULTS": "/nonexistent"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=project)
