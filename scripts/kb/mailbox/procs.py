"""Find and end the processes of one Dovecot run, by its process group and nothing broader."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path


def group_pids(pgid: int) -> list[int]:
    """Live (non-zombie) processes whose process group is `pgid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited while we looked
        # Fields after the command name, which may itself contain spaces and parentheses.
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            found.append(int(entry.name))
    return sorted(found)


def terminate_group(proc: subprocess.Popen[bytes], grace: float = 0.25) -> None:
    """SIGTERM the whole group; SIGKILL what is left after `grace`; return once it is empty."""
    pgid = proc.pid  # started with start_new_session=True, so it leads its own group
    if proc.poll() is None:
        # The whole group at once: SIGTERM to the master alone took 1.1 s to wind down its
        # children. Even so the master sometimes waits on a 1 s timer; the files are thrown
        # away next, so past a short grace SIGKILL loses nothing.
        _signal_group(pgid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            _signal_group(pgid, signal.SIGKILL)
            proc.wait()
    deadline = time.monotonic() + grace
    while group_pids(pgid) and time.monotonic() < deadline:
        time.sleep(0.01)
    if group_pids(pgid):
        _signal_group(pgid, signal.SIGKILL)
        while group_pids(pgid) and time.monotonic() < deadline + 5:
            time.sleep(0.01)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass
