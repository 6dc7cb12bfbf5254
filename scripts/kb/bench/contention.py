"""How much slower each of two busy processes runs on this machine than one process alone.

The hook's render child works on the second core while MkDocs works on the first. On a machine
whose two CPUs share a physical core or a busy host, each then runs slower than alone, and the
build's own time inside MkDocs does not show it. `kb bench` measures that factor once (a pure
Python loop, alone and then twice at once, in fresh processes) and reports the hook's net cost
plus that factor times the child's CPU time: an estimate of what the child can cost the build.
On this project's VM the factor has been measured between 0 and 0.36 within one hour, so it is
shown, not judged.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

# Waits for a common start time, then prints the seconds its loop took: the same work in every
# process, started together whatever each interpreter's start-up took.
SPIN = """
import sys, time
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
start = time.perf_counter()
total = 0
for i in range(int(sys.argv[1])):
    total += i * i
print(time.perf_counter() - start)
"""
LOOPS = 8_000_000  # about 0.5 s alone


def _spin(count: int) -> list[float]:
    """Run `count` spinning processes at once; each one's own time."""
    start_at = str(time.time() + 0.3)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SPIN, str(LOOPS), start_at], stdout=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]
    return [float(proc.communicate()[0]) for proc in procs]


def contention(rounds: int = 3) -> float:
    """Median over `rounds` of (time of one of two concurrent spins / time of one alone) - 1."""
    ratios = []
    for _ in range(rounds):
        (alone,) = _spin(1)
        ratios.append(statistics.mean(_spin(2)) / alone)
    return max(0.0, statistics.median(ratios) - 1)
