"""Fixtures of the tests that fork (`kb.parallel`, `kb.streamed`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kb import parallel
from kb.bench.synth import synthesize


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Two jobs whatever the machine, and the pid of every child forked meanwhile.

    The test process also runs other tests' helper threads (browser driver, mail servers), which
    `kb.parallel` rightly refuses to fork beside; the functions forked here only compute, so
    these tests lift that rule (its own test in test_parallel.py keeps it)."""
    monkeypatch.setenv(parallel.JOBS_ENV, "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)
    monkeypatch.setattr(parallel, "other_threads", lambda: False)
    pids: list[int] = []
    fork = os.fork

    def recorded_fork() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded_fork)
    return pids


@pytest.fixture(scope="module")
def synthetic_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(tmp_path_factory.mktemp("par") / "kb", 80).root / "steps"


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
