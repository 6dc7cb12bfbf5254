"""`kb bench --quick` runs end to end and reports every figure the targets are judged on.

No timing is asserted here (a shared CI machine is no stopwatch): the figures must exist, be
measured (positive numbers) and be judged against their targets (the build's CPU time with the
hook against the plain-Markdown build's, edit-to-preview, page weight, verification). The run
includes `kb verify` against the Dovecot test mailbox, so this test is marked `mailbox`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
PER_SIZE = [
    "hook_build_s",
    "plain_build_s",
    "hook_build_cpu_s",
    "plain_build_cpu_s",
    "generator_overhead",
    "generator_cpu_overhead",
    "hook_build_peak_mb",
    "plain_build_peak_mb",
    "kb_build_peak_mb",
    "page_total_gzip_bytes",
    "search_index_gzip_bytes",
]
TARGETS = [
    "generator_cpu_overhead",
    "page_total_gzip_bytes",
    "search_index_gzip_bytes",
    "verify_s",
    "preview_edit_s",
    "preview_vs_full_build_overhead",
    "build_scaling_overhead",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("bench")
    env = {**os.environ, "PYTHONPATH": str(SCRIPTS), "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "kb", "bench", "--quick", "--json", "--edits", "1"]
    done = subprocess.run(
        [*cmd, "--keep", str(work / "run")],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.mailbox
def test_every_size_reports_builds_memory_and_weight(report: dict) -> None:
    assert list(report["sizes"]) == ["30", "90"]
    for size in report["sizes"].values():
        missing = [key for key in PER_SIZE if not size.get(key, 0) > 0]
        assert not missing, f"not measured: {missing}"
        assert size["pages"] > size["guides"]


@pytest.mark.mailbox
def test_the_judged_ratio_is_the_builds_cpu_time(report: dict) -> None:
    for size in report["sizes"].values():
        ratio = size["hook_build_cpu_s"] / size["plain_build_cpu_s"]
        assert size["generator_cpu_overhead"] == pytest.approx(ratio)
        low, high = size["generator_cpu_pair_min_overhead"], size["generator_cpu_pair_max_overhead"]
        assert 0 < low <= high


@pytest.mark.mailbox
def test_verify_and_preview_ran(report: dict) -> None:
    largest = report["sizes"]["90"]
    assert largest["verify"] == "passed"
    assert largest["verify_unique_profiles"] >= 1 and largest["verify_peak_mb"] > 0
    preview = report["preview"]
    assert preview["preview_edit_s"] > 0 and preview["preview_procedure_edit_s"] > 0


@pytest.mark.mailbox
def test_each_target_is_judged(report: dict) -> None:
    verdicts = report["targets"]
    assert sorted(verdicts) == sorted(TARGETS)
    assert all(v.rsplit(": ", 1)[-1] in {"ok", "OVER", "UNDER"} for v in verdicts.values())
    assert report["profile"]["stages"]["plugin: whole on_pre_build (kb.build.build)"]["time_s"] > 0
