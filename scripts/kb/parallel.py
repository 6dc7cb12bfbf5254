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

import fcntl
import marshal
import mmap
import os
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

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
    if not _pays(items):
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
    _write_all(out, marshal.dumps((n + 1, theirs)))


class Stream(Generic[R]):
    """`fn` over `items` in a forked child, its results read here in input order, one batch at a
    time, when this process needs them (`take`): the child works on the second core while this
    process goes on with other work, and is rarely waited for.

    After its last batch the child waits for `release(data)` and runs `then(data)`: work that
    must wait for something this process does later (writing files once a folder is cleaned).
    Build one with `stream()`, which gives None where forking does not pay or is not possible.
    `fn` must return values `marshal` can carry."""

    # Small batches first, so that the first results arrive within a few items.
    BATCHES = (2, 4, 8, 16, 32)

    def __init__(
        self, fn: Callable[[T], R], items: Sequence[T], then: Callable[[bytes], object]
    ) -> None:
        results_r, results_w = os.pipe()
        go_r, go_w = os.pipe()
        try:  # room for many batches: the child need not wait for this process to read
            fcntl.fcntl(results_w, fcntl.F_SETPIPE_SZ, 1 << 20)
        except (AttributeError, OSError):
            pass

        def child() -> None:
            os.close(results_r)
            os.close(go_w)
            for batch in _batches(items, self.BATCHES):
                data = marshal.dumps([fn(item) for item in batch])
                _write_all(results_w, _AT.pack(len(data)) + data)
            _write_all(results_w, _AT.pack(0))  # the end: everything was sent
            os.close(results_w)
            data = _read_all(go_r)
            if data:
                then(data)

        self.pid: int | None = _fork(child)
        os.close(results_w)
        os.close(go_r)
        self._results: int | None = results_r
        self._go: int | None = go_w
        self.taken = 0  # results received so far
        self.complete = False  # every batch received
        self.cpu_s = 0.0  # the child's CPU time, once it was waited for

    def take(self) -> list[R] | None:
        """The next batch, waiting for it if need be; None at the end. `complete` then says
        whether everything came: False if the child failed or died on the way."""
        if self._results is None:
            return None
        head = _read_exactly(self._results, _AT.size)
        size = _AT.unpack(head)[0] if head is not None else -1
        data = _read_exactly(self._results, size) if size > 0 else None
        if data is None:  # size 0 is the child's end marker; anything short, a death
            self.complete = size == 0
            os.close(self._results)
            self._results = None
            return None
        batch = marshal.loads(data)
        self.taken += len(batch)
        return batch

    def release(self, data: bytes) -> None:
        """Let the child run `then(data)` (at most once)."""
        if self._go is not None:
            try:
                _write_all(self._go, data)
            except BrokenPipeError:
                pass  # the child is gone: `finish` says it failed
            os.close(self._go)
            self._go = None

    def finish(self) -> bool:
        """Wait for the child: True if it exited normally (after `then`, if released). What
        it still sends is read to the end first: closing the pipe before its end marker would
        fail a child that did everything."""
        while self.take() is not None:
            pass
        self._close()
        pid, self.pid = self.pid, None
        if pid is None:
            return False
        ok, self.cpu_s = reap(pid)
        return ok

    def stop(self) -> None:
        """Kill the child and forget what it would still have sent."""
        self._close()
        pid, self.pid = self.pid, None
        if pid is not None:
            self.cpu_s = reap(pid, stop=True)[1]

    def _close(self) -> None:
        for fd in (self._results, self._go):
            if fd is not None:
                os.close(fd)
        self._results = self._go = None


def stream(
    fn: Callable[[T], R], items: Sequence[T], then: Callable[[bytes], object]
) -> Stream[R] | None:
    """A `Stream` over `items`, or None where one process must do the work: no fork, one CPU,
    other threads running, or fewer than MIN_ITEMS items."""
    return Stream(fn, items, then) if _pays(items) else None


def _pays(items: Sequence[object]) -> bool:
    """Whether a forked child may take part of `items`: forking is possible, and they are many."""
    return len(items) >= MIN_ITEMS and forkable()


def _batches(items: Sequence[T], sizes: Sequence[int]) -> Iterator[Sequence[T]]:
    at, n = 0, 0
    while at < len(items):
        size = sizes[min(n, len(sizes) - 1)]
        yield items[at : at + size]
        at, n = at + size, n + 1


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes | None:
    """`size` bytes, or None if the pipe ends first."""
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


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
    return reap(pid, stop=stop)[0]


def reap(pid: int, *, stop: bool = False) -> tuple[bool, float]:
    """`succeeded`, and the CPU time (user + system, in seconds) the child used."""
    if stop:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0, usage.ru_utime + usage.ru_stime


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)
