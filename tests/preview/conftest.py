"""`kb preview` as an editor runs it: a small generated KB, served by the real command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.bench.measure import hook_config
from kb.bench.synth import Synth, synthesize
from previewing import Running, free_port, start


@pytest.fixture
def synth(tmp_path: Path) -> Synth:
    return synthesize(tmp_path / "kb", 24)


@pytest.fixture
def preview(synth: Synth, tmp_path: Path) -> Iterator[Running]:
    port = free_port()
    log = tmp_path / "preview.log"
    proc = start(hook_config(tmp_path, synth.root / "steps"), port, log)
    running = Running(f"http://127.0.0.1:{port}/", proc, log)
    try:
        running.until("", lambda status, _: status == 200, "its home page")
        yield running
    finally:
        proc.terminate()
        proc.wait(30)
