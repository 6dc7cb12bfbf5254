"""Work split over two processes: the caller's and one forked child, joined in input order.

MkDocs builds on one core; this machine and most CI runners have two. Loading and generating a
large KB are independent per file and per page, so the second core can take part of each. The
caller works from the front of the list and the child from the back, each noting in shared
memory how far it got, until they meet: the split adapts to a busy core or to other work the
caller does first (`meanwhile`). The child returns its results through a pipe as `marshal` data
(plain values only: no code runs on the way back, and it is far faster than pickle).

Anything unusual falls back to doing all the work here, with the same result: a single core,
a small input, other threads running (a fork would copy locks they may hold, as in
`mkdocs serve`), a child that fails or dies, or `KB_JOBS=1`.
"""

from __future__ import annotations

import marshal
import mmap
import os
import struct
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

JOBS_ENV = "KB_JOBS"
# Below this many items a fork (a few ms, plus copying results back) does not pay.
MIN_ITEMS = 64
# Shared memory, each field written by one process only: the next item the caller takes
# (offset 0), the last item the child took (offset 4).
_AT = struct.Struct("=i")
FRONT, BACK = 0, _AT.size

# How many splits fell back to one process because the child failed: tests read it.
fallbacks = 0


def jobs() -> int:
    """How many processes to use: `$KB_JOBS` if set (more than 2 counts as 2), else 2 on a
    machine with 2+ CPUs. Raises ValueError naming the variable when it is not a count."""
    wanted = os.environ.get(JOBS_ENV, "").strip()
    if not wanted:
        return 2 if (os.cpu_count() or 1) >= 2 else 1
    if not wanted.isdigit() or int(wanted) < 1:
        raise ValueError(
            f"{JOBS_ENV}: expected a whole number of processes (1 or more) but received {wanted!r}"
        )
    return min(int(wanted), 2)


def forkable() -> bool:
    """Whether this process may fork a helper: a second CPU, and no other thread."""
    return hasattr(os, "fork") and jobs() > 1 and not other_threads()


def other_threads() -> bool:
    """Whether threads besides this one run: a fork would copy the locks they may hold."""
    return threading.active_count() > 1


def split_map(
    fn: Callable[[T], R], items: Sequence[T], *, meanwhile: Callable[[], object] | None = None
) -> list[R]:
    """`[fn(item) for item in items]`, part of it computed in a forked child when it pays.

    `meanwhile` runs here first, while the child starts on the items (if it raises, the child
    is stopped and the exception propagates). `fn` must return values `marshal` can carry
    (None, bool, int, float, str, bytes, and tuples, lists, sets and dicts of them). An
    exception in `fn` propagates as it would in one process."""
    if not forkable() or len(items) < MIN_ITEMS:
        if meanwhile is not None:
            meanwhile()
        return [fn(item) for item in items]
    shared = mmap.mmap(-1, 2 * _AT.size)
    _AT.pack_into(shared, FRONT, 0)
    _AT.pack_into(shared, BACK, len(items))
    read_end, write_end = os.pipe()
    pid = _fork(lambda: _back(fn, items, shared, read_end, write_end))
    os.close(write_end)
    try:
        if meanwhile is not None:
            meanwhile()
        mine = _front(fn, items, shared)
        data = _read_all(read_end)
    except BaseException:
        os.close(read_end)
        succeeded(pid, stop=True)
        raise
    os.close(read_end)
    if not succeeded(pid) or not data:
        # The child failed (its exception, if any, comes again here) or died: do the rest.
        global fallbacks
        fallbacks += 1
        return mine + [fn(item) for item in items[len(mine) :]]
    start, theirs = marshal.loads(data)
    # Both may have done the item where they met; the child's results cover the rest.
    return mine + theirs[len(mine) - start :]


def _front(fn: Callable[[T], R], items: Sequence[T], shared: mmap.mmap) -> list[R]:
    """The caller's part: items from the front until the one the child last took."""
    mine = []
    for n, item in enumerate(items):
        if n >= _AT.unpack_from(shared, BACK)[0]:
            break
        _AT.pack_into(shared, FRONT, n + 1)
        mine.append(fn(item))
    return mine


def _back(
    fn: Callable[[T], R], items: Sequence[T], shared: mmap.mmap, unused: int, out: int
) -> None:
    """The child's part: items from the back until the caller's, sent through `out`."""
    os.close(unused)
    theirs = []
    n = len(items) - 1
    while n >= 0 and n >= _AT.unpack_from(shared, FRONT)[0]:
        _AT.pack_into(shared, BACK, n)
        theirs.append(fn(items[n]))
        n -= 1
    theirs.reverse()
    view = memoryview(marshal.dumps((n + 1, theirs)))
    while view:
        view = view[os.write(out, view) :]


def in_background(task: Callable[[], object]) -> int | None:
    """Start `task` in a forked child while this process goes on, and return its pid; None
    when forking is not possible here (the caller then does the task itself)."""
    return _fork(task) if forkable() else None


def _fork(task: Callable[[], object]) -> int:
    """A child that runs `task` and leaves through `os._exit`, without the caller's cleanup
    (atexit handlers, buffered output); its exit status says whether `task` succeeded."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit, unseen by coverage
        status = 1
        try:
            task()
            status = 0
        except BaseException:
            pass  # the caller sees the exit status and redoes the work itself
        finally:
            os._exit(status)
    return pid


def succeeded(pid: int, *, stop: bool = False) -> bool:
    """Wait for a child from `in_background` (killing it first with `stop`): did it succeed?"""
    if stop:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)
