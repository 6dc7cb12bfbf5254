"""When each source file last changed, from git: one `git log` call for the whole KB."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(root: Path) -> dict[str, str]:
    """Committed files under `root` -> date (YYYY-MM-DD) of the last commit that touched them.

    Paths are relative to the folder above `root`, like every path shown to editors. Without git
    (an exported tree, another engine's checkout) the answer is empty and pages show no date.
    """
    top = git(root, "rev-parse", "--show-toplevel")
    log = git(root, "log", "--format=%x00%cs", "--name-only", "--", ".")
    if top is None or log is None:
        return {}
    dates: dict[str, str] = {}
    base = root.resolve().parent
    date = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line.strip():
            path = (Path(top.strip()) / line).resolve()
            if path.is_relative_to(base):
                dates.setdefault(path.relative_to(base).as_posix(), date)
    return dates


def git(folder: Path, *args: str) -> str | None:
    """What `git ARGS` prints, run in `folder`; None without git or when the command fails (a
    folder outside any repository)."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, text=True, capture_output=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout
