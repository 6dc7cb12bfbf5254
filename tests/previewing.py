"""Running `kb preview` in tests as an editor does: the real command, on a free port."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
STARTUP = 120  # seconds a slow, shared machine may take to start the preview or apply a change


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

    def until_said(self, pattern: str) -> re.Match[str]:
        """The first line the preview printed to the terminal that matches `pattern`."""
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"kb preview exited:\n{self.terminal()}"
            said = re.search(pattern, self.terminal(), re.MULTILINE)
            if said:
                return said
            time.sleep(0.1)
        pytest.fail(f"the preview never said {pattern!r}; terminal:\n{self.terminal()}")


def start(config: Path, port: int, log: Path, *more: str) -> subprocess.Popen:
    """`kb preview` with this checkout's code (and options `more`), its terminal output (stderr)
    going to `log`."""
    cmd = [sys.executable, "-m", "kb", "preview", "--config", str(config), "--port", str(port)]
    cmd += more
    path = os.pathsep.join(filter(None, [str(ROOT / "scripts"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log.open("wb"), env=env)
