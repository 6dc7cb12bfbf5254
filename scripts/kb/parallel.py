"""Work split over two processes: the caller's and one forked child, joined in input order.

MkDocs builds on one core; this machine and most CI runners have two. Loading and generating a
large KB are independent per file and per page, so the second core can take half of each. The
child returns its results through a pipe as `marshal` data (plain values only: no code runs on
the way back, and it is far faster than pickle for strings, tuples and dicts).

Anything unusual falls back to doing all the work here, with the same result: a single core,
a small input, other threads running (a fork would copy locks they may hold, as in
`mkdocs serve`), a child that fails or dies, or `KB_JOBS=1`.
"""

from __future__ import annotations

import marshal
import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

JOBS_ENV = "KB_JOBS"
# Below this many items a fork (a few ms, plus copying results back) does not pay.
MIN_ITEMS = 64


def jobs() -> int:
    """How many processes to use: `$KB_JOBS` if set, else 2 on a machine with 2+ CPUs."""
    wanted = os.environ.get(JOBS_ENV, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return min(int(wanted), 2)
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def can_fork(count: int) -> bool:
    return (
        hasattr(os, "fork") and count >= MIN_ITEMS and jobs() > 1 and threading.active_count() == 1
    )


# How many splits fell back to one process because the child failed: tests read it.
fallbacks = 0


def split_map(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[fn(item) for item in items]`, every other item computed in a forked child when it pays.

    `fn` must return values `marshal` can carry (None, bool, int, float, str, bytes, and tuples,
    lists, sets and dicts of them). An exception in `fn` propagates as it would serially."""
    if not can_fork(len(items)):
        return [fn(item) for item in items]
    # Alternate items, not halves: inputs come grouped by kind, and kinds differ in cost.
    ours, theirs = items[0::2], items[1::2]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit, unseen by coverage
        os.close(read_end)
        _child(fn, theirs, write_end)
    os.close(write_end)
    try:
        mine = [fn(item) for item in ours]
        data = _read_all(read_end)
    except BaseException:
        os.close(read_end)
        _reap(pid, kill=True)
        raise
    os.close(read_end)
    if _reap(pid) != 0 or not data:
        # The child failed (its exception, if any, comes again here) or died: do its half.
        global fallbacks
        fallbacks += 1
        return _interleave(mine, [fn(item) for item in theirs])
    return _interleave(mine, marshal.loads(data))


def _interleave(evens: list[R], odds: list[R]) -> list[R]:
    out = [None] * (len(evens) + len(odds))
    out[0::2], out[1::2] = evens, odds
    return out  # type: ignore[return-value]


def _child(fn: Callable[[T], R], items: Sequence[T], out: int) -> None:
    """Compute, send, and leave without running the parent's cleanup (atexit, buffers)."""
    status = 1
    try:
        data = marshal.dumps([fn(item) for item in items])
        view = memoryview(data)
        while view:
            view = view[os.write(out, view) :]
        status = 0
    except BaseException:
        pass  # the parent redoes this half, and raises there if it fails again
    finally:
        os._exit(status)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _reap(pid: int, *, kill: bool = False) -> int:
    if kill:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)
