"""Work split over two processes gives exactly the one-process result, or falls back to it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kb import parallel
from kb.build import build
from kb.errors import KbError, Problem
from kb.parallel import split_map
from kb.source import read_source
from kbfixtures import ROOT, mkdocs_build, reaped

OTHER_THREADS = parallel.other_threads


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _wait_until(done: Callable[[], bool], what: str) -> None:
    """Poll `done` (a generous deadline only turns a hang into a failure)."""
    deadline = time.monotonic() + 60
    while not done():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.005)


def _child_items(log: Path) -> int:
    return len(log.read_text().split()) if log.exists() else 0


def _shared(fn: Callable[[int], object], log: Path, child_first: int = 1) -> Callable:
    """`fn`, except that the child notes each item it takes in `log` and the caller waits
    until the child has taken `child_first` items: how the work splits no longer depends on
    how fast this machine starts a process."""
    parent = os.getpid()

    def run(n: int) -> object:
        if os.getpid() != parent:
            with log.open("a") as out:
                out.write(f"{n}\n")
        else:
            _wait_until(lambda: _child_items(log) >= child_first, "the child's first items")
        return fn(n)

    return run


def test_results_come_back_in_order_from_two_processes(forks: list[int], tmp_path: Path) -> None:
    before = parallel.fallbacks
    results = split_map(_shared(_pid_and_square, tmp_path / "log"), range(101))
    assert [square for _, square in results] == [n * n for n in range(101)]
    pids = {pid for pid, _ in results}
    assert os.getpid() in pids and len(pids) == 2
    assert parallel.fallbacks == before


def test_meanwhile_runs_here_first_while_the_child_takes_more_items(
    forks: list[int], tmp_path: Path
) -> None:
    calls = []
    log = tmp_path / "log"

    def slow_check() -> None:
        calls.append(os.getpid())
        _wait_until(lambda: _child_items(log) > 20, "the child's first 21 items")

    results = split_map(_shared(_pid_and_square, log), range(40), meanwhile=slow_check)
    assert calls == [os.getpid()]
    assert [square for _, square in results] == [n * n for n in range(40)]
    assert sum(1 for pid, _ in results if pid != os.getpid()) > 20


def test_a_failing_meanwhile_stops_the_child_and_raises(forks: list[int]) -> None:
    def failing_check() -> None:
        raise KbError([Problem("steps/x.yml", 1, 1, "field", "broken")])

    with pytest.raises(KbError, match="broken"):
        split_map(_pid_and_square, range(40), meanwhile=failing_check)
    assert len(forks) == 1 and reaped(forks)


def test_one_job_or_few_items_or_other_threads_stay_in_this_process(
    forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert {pid for pid, _ in split_map(_pid_and_square, range(3))} == {os.getpid()}
    monkeypatch.setattr(parallel, "other_threads", OTHER_THREADS)  # the real rule
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert OTHER_THREADS()
        assert {pid for pid, _ in split_map(_pid_and_square, range(50))} == {os.getpid()}
    finally:
        stop.set()
        thread.join()
    monkeypatch.setattr(parallel, "other_threads", lambda: False)
    monkeypatch.setenv(parallel.JOBS_ENV, "1")
    assert {pid for pid, _ in split_map(_pid_and_square, range(50))} == {os.getpid()}
    assert forks == []


@pytest.mark.parametrize("value", ["two", "0", "-1", "1.5"])
def test_a_wrong_kb_jobs_value_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(parallel.JOBS_ENV, value)
    with pytest.raises(ValueError, match=f"KB_JOBS: expected a whole number .* received '{value}'"):
        split_map(_pid_and_square, range(100))


def test_kb_jobs_above_two_counts_as_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.JOBS_ENV, "8")
    assert parallel.jobs() == 2


def test_a_failing_child_is_redone_here_with_the_same_result(
    forks: list[int], tmp_path: Path
) -> None:
    parent = os.getpid()

    def fails_in_child(n: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("child only")
        return n + 1

    before = parallel.fallbacks
    assert split_map(_shared(fails_in_child, tmp_path / "log"), range(40)) == list(range(1, 41))
    assert parallel.fallbacks == before + 1


def test_results_marshal_cannot_carry_are_redone_here(forks: list[int], tmp_path: Path) -> None:
    before = parallel.fallbacks
    work = _shared(lambda n: Path(str(n)), tmp_path / "log")
    assert split_map(work, range(40)) == [Path(str(n)) for n in range(40)]
    assert parallel.fallbacks == before + 1


def test_an_error_raises_as_it_would_in_one_process_and_leaves_no_child(forks: list[int]) -> None:
    def boom(n: int) -> int:
        if n == 7:
            raise ValueError("item 7")
        return n

    with pytest.raises(ValueError, match="item 7"):
        split_map(boom, range(20))
    assert len(forks) == 1 and reaped(forks)


def test_loading_and_generating_on_two_cores_gives_the_one_core_output(
    synthetic_kb: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
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
    assert reaped(forks)


def test_a_cross_reference_error_found_while_the_child_generates_fails_the_build(
    unknown_category: tuple[Path, Path], forks: list[int]
) -> None:
    steps, page = unknown_category
    with pytest.raises(KbError) as raised:
        build(steps, dates=False)
    (problem,) = raised.value.problems
    assert problem.path == f"steps/pages/{page.name}" and problem.field == "category"
    assert "unknown category 'no-such-" in problem.message
    assert len(forks) == 2 and reaped(forks)  # reading, then generating while checking


def test_a_background_task_runs_in_a_child_and_reports_failure(
    forks: list[int], tmp_path: Path
) -> None:
    done = tmp_path / "done"
    pid = parallel.in_background(lambda: done.write_text(str(os.getpid())))
    assert pid is not None and parallel.succeeded(pid)
    assert done.read_text() == str(pid)
    failing = parallel.in_background(lambda: 1 / 0)
    assert failing is not None and not parallel.succeeded(failing)
    assert reaped(forks)


def test_kb_and_mkdocs_name_a_wrong_kb_jobs_and_leave_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(parallel.JOBS_ENV, "two")
    message = "KB_JOBS: expected a whole number of processes (1 or more) but received 'two'"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    checked = subprocess.run(
        [sys.executable, "-m", "kb", "check", str(ROOT)], capture_output=True, text=True, env=env
    )
    assert checked.returncode == 2 and message in checked.stderr
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the previous build")
    built = mkdocs_build(ROOT, out)
    assert built.returncode == 1 and message in built.stderr + built.stdout
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text() == "the previous build"
