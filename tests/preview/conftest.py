"""`kb preview` as an editor runs it: a small generated KB, served by the real command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kb.bench.measure import hook_config
from kb.bench.synth import Synth, synthesize

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
STARTUP = 120  # seconds a slow, shared machine may take to start the preview


@pytest.fixture
def synth(tmp_path: Path) -> Synth:
    return synthesize(tmp_path / "kb", 24)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    """(status, body) of a GET; error statuses are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


@dataclass
class Running:
    """A `kb preview` process: where it serves and what it printed to the terminal."""

    url: str
    proc: subprocess.Popen
    log: Path

    def terminal(self) -> str:
        return self.log.read_text("utf-8")

    def until(self, path: str, done: Any, what: str) -> str:
        """GET `path` until `done(status, body)`: the change is applied in the background."""
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"kb preview exited:\n{self.terminal()}"
            try:
                status, body = get(self.url + path)
            except OSError:
                status, body = 0, ""
            if done(status, body):
                return body
            time.sleep(0.1)
        pytest.fail(f"the preview never showed {what}; terminal:\n{self.terminal()}")


def start(config: Path, port: int, log: Path) -> subprocess.Popen:
    """`kb preview` with this checkout's code, its terminal output (stderr) going to `log`."""
    cmd = [sys.executable, "-m", "kb", "preview", "--config", str(config), "--port", str(port)]
    path = os.pathsep.join(filter(None, [str(ROOT / "scripts"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log.open("wb"), env=env)


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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium", pytrace=False)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    }
