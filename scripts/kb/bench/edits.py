"""Edit to preview: save a YAML file, then poll the preview over HTTP until the page shows it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from statistics import median

from kb.bench.measure import PROJECT, BenchError, child_env, peak_mb, stop
from kb.bench.synth import Synth


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _poll(url: str, done: Callable[[str], bool], proc: subprocess.Popen, timeout: float) -> None:
    """GET `url` until `done(body)`; the preview may still be starting or showing problems."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"the preview exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if done(response.read().decode("utf-8", "replace")):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)
    raise BenchError(f"{url} did not show the change within {timeout:.0f} s")


def _edit(path: Path, old: str, token: str, url: str, proc: subprocess.Popen) -> float:
    """Seconds from saving `path` (first `old` prefixed by `token`) to the page showing it."""
    original = path.read_text("utf-8")
    if old not in original:
        raise BenchError(f"{path} has no {old!r} to edit")
    start = time.perf_counter()
    path.write_text(original.replace(old, f"{token} {old}", 1), "utf-8")
    _poll(url, lambda body: token in body, proc, timeout=120)
    return time.perf_counter() - start


def measure_preview(
    config: Path, synth: Synth, work: Path, *, edits: int = 3, start_timeout: float = 900
) -> dict[str, float]:
    """Start `kb preview` on the synthetic KB, edit its guide and a procedure, stop it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{synth.edit_url}"
    originals = {p: p.read_bytes() for p in (synth.edit_page, synth.edit_procedure)}
    with (work / "preview.log").open("wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "kb.preview", "--config", str(config), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=child_env(),
            cwd=PROJECT,
        )
        try:
            _poll(url, lambda body: True, proc, start_timeout)
            started = time.perf_counter() - start
            times = []
            for letter in "abcdefghij"[:edits]:
                token = f"Benchedit{letter}"  # letters only: digits could read as a port
                times.append(_edit(synth.edit_page, "This guide explains", token, url, proc))
                time.sleep(0.3)  # let the watcher go quiet before the next save
            procedure = _edit(synth.edit_procedure, "Click on", "Benchproc", url, proc)
            peak = peak_mb(proc.pid)
        finally:
            stop(proc)
            for path, data in originals.items():
                path.write_bytes(data)
    return {
        "preview_start_s": started,
        "preview_edit_s": median(times),
        "preview_edit_max_s": max(times),
        "preview_procedure_edit_s": procedure,
        "preview_peak_mb": peak,
    }
