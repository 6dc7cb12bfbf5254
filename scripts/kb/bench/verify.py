"""`kb verify` timed on a synthetic KB against the local test mailbox (part of `kb bench`)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from kb.bench.measure import run


def bench_verify(kb_root: Path, work: Path) -> dict[str, object]:
    """`kb verify` on a synthetic KB against the local test mailbox, if the command exists."""
    if importlib.util.find_spec("kb.verify") is None:
        return {"verify": "n/a (kb.verify not available)"}
    done = run(
        [
            sys.executable,
            "-m",
            "kb",
            "verify",
            str(kb_root),
            "--results",
            str(work / "verify-results.json"),
        ],
        work / "verify.log",
        check=False,
    )
    text = done.log.read_text("utf-8", "replace")
    found = re.search(r"Verified (\d+) unique profile\(s\).*? in ([\d.]+) s", text)
    status = (
        "passed"
        if done.returncode == 0
        else f"failed (exit {done.returncode}): " + (done.tail(3).replace("\n", " | "))
    )
    return {
        "verify": status,
        "verify_s": done.wall_s,
        "verify_peak_mb": done.peak_mb,
        "verify_logins_s": float(found[2]) if found else None,
        "verify_unique_profiles": int(found[1]) if found else None,
    }
