"""Work split over two processes gives exactly the one-process result, or falls back to it."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from kb import parallel
from kb.bench.synth import synthesize
from kb.build import build
from kb.parallel import split_map
from kb.source import read_source


@pytest.fixture
def two_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.JOBS_ENV, "2")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_results_come_back_in_order_from_two_processes(two_jobs: None) -> None:
    before = parallel.fallbacks
    results = split_map(_pid_and_square, range(101))
    assert [square for _, square in results] == [n * n for n in range(101)]
    pids = {pid for pid, _ in results}
    assert os.getpid() in pids and len(pids) == 2
    assert parallel.fallbacks == before


def test_one_job_or_few_items_or_other_threads_stay_in_this_process(
    two_jobs: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert {pid for pid, _ in split_map(_pid_and_square, range(3))} == {os.getpid()}
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert {pid for pid, _ in split_map(_pid_and_square, range(50))} == {os.getpid()}
    finally:
        stop.set()
        thread.join()
    monkeypatch.setenv(parallel.JOBS_ENV, "1")
    assert {pid for pid, _ in split_map(_pid_and_square, range(50))} == {os.getpid()}


def test_a_failing_child_is_redone_here_with_the_same_result(two_jobs: None) -> None:
    parent = os.getpid()

    def fails_in_child(n: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("child only")
        return n + 1

    before = parallel.fallbacks
    assert split_map(fails_in_child, range(20)) == list(range(1, 21))
    assert parallel.fallbacks == before + 1


def test_results_marshal_cannot_carry_are_redone_here(two_jobs: None) -> None:
    before = parallel.fallbacks
    assert split_map(lambda n: Path(str(n)), range(10)) == [Path(str(n)) for n in range(10)]
    assert parallel.fallbacks == before + 1


def test_an_error_raises_as_it_would_in_one_process_and_leaves_no_child(two_jobs: None) -> None:
    def boom(n: int) -> int:
        if n == 7:
            raise ValueError("item 7")
        return n

    with pytest.raises(ValueError, match="item 7"):
        split_map(boom, range(20))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every forked child was reaped


@pytest.fixture(scope="module")
def synthetic_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthesize(tmp_path_factory.mktemp("par") / "kb", 80).root / "steps"


def test_loading_and_generating_on_two_cores_gives_the_one_core_output(
    synthetic_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forks = []
    fork = os.fork

    def counted_fork() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv(parallel.JOBS_ENV, jobs)
        before = parallel.fallbacks
        source, problems = read_source(synthetic_kb)
        _, site = build(synthetic_kb, dates=False)
        assert parallel.fallbacks == before, "the child failed; its half was redone here"
        files = {k: {n: f.as_tuple() for n, f in v.items()} for k, v in source.files.items()}
        outputs[jobs] = (files, problems, site.pages, site.assets, site.nav)
        # One process, then three splits: reading alone, reading and generating in build().
        assert len(forks) == (0 if jobs == "1" else 3)
    assert outputs["1"] == outputs["2"]
