"""Helpers shared by the tests: fixture KBs assembled in a temp dir."""

from __future__ import annotations

import shutil
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
