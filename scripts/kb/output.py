"""Publishing a built folder: readers always find a whole tree, never half of one or none.

The output path (`site/`) is a symbolic link to a fresh sibling folder (`.site-XXXX/`). A build
writes a new folder, then points a new link at it and renames that link over the old one:
rename(2) replaces the name in one step, so `site/index.html` exists at every instant, and two
concurrent builds each publish a whole tree (the last one wins). The switch and the removal of
the folder it replaced are done under a lock, so concurrent builds never remove a folder that is
still published and never leave one behind. Python has no atomic exchange of two directories
(renameat2 is not in `os`), hence the link: it is the standard-library way to switch in one step.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

_STOPS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextmanager
def fresh_folder(out: Path) -> Iterator[Path]:
    """A new empty folder beside `out`, removed on leaving unless `publish` took it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp's 0700 would hide the published site from a web server's user
    try:
        yield tmp
    finally:
        if not _published(tmp, out):
            shutil.rmtree(tmp, ignore_errors=True)


def publish(new: Path, out: Path) -> None:
    """Make `out` show the folder `new` in one rename; remove the folder it showed before.

    `new` must be a sibling of `out`. The first time `out` is still a real folder (the layout
    before links), it is moved aside once: that one switch is two renames."""
    link = out.with_name(f".{out.name}-link-{os.getpid()}")
    # A signal waits until the switch is whole, so a stop cannot leave the old folder behind.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        _switch(new, out, link)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _switch(new: Path, out: Path, link: Path) -> None:
    with _locked(out):
        before = _target(out)
        if link.is_symlink():
            link.unlink()
        link.symlink_to(new.name)  # relative: the pair of names can be moved together
        if out.is_dir() and not out.is_symlink():
            before = out.rename(out.with_name(f".{out.name}-{os.getpid()}-old"))
        os.replace(link, out)
        if before is not None and before.resolve() != new.resolve():
            shutil.rmtree(before, ignore_errors=True)


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """SIGTERM (and SIGHUP) end the program as Ctrl-C does: by an exception, so every `finally`
    (temporary folders, child processes) runs; the default action would skip them."""
    handled = (signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.getsignal(sig) for sig in handled}

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    for sig in handled:
        signal.signal(sig, leave)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _target(out: Path) -> Path | None:
    """The folder the link `out` shows, or None if `out` is not a link."""
    if not out.is_symlink():
        return None
    return out.parent / os.readlink(out)


def _published(folder: Path, out: Path) -> bool:
    target = _target(out)
    return target is not None and target.name == folder.name


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    lock = out.with_name(f".{out.name}.lock")
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
