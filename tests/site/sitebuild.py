"""Build the help centre into a temp folder for the URL it is served on, and serve it on loopback.

The site is built with `site_url` equal to the served address: Material matches sitemap URLs with
their port, and links such as "Link to this FAQ" are absolute. The port is therefore reserved (the
server socket bound) before the build, and the build runs `mkdocs build --strict` in a child process
so each build gets a fresh hook module.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
STEPS = ROOT / "steps"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request in the test output."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser closing a connection mid-response (navigating on) is not a server fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class ServedSite:
    """A built site and the loopback server that serves it."""

    root: Path
    url: str
    _server: _Server
    _thread: threading.Thread

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def write_config(folder: Path, site_url: str, steps: Path, hooks: Sequence[Path] = ()) -> Path:
    """A config inheriting the project's, with every relative path made absolute; `hooks` run
    after the plugin's pages are generated and before its Content-Security-Policy (the plugin
    adds the policy last)."""
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    plugins = [
        {"kb": {**(p["kb"] or {}), "steps": str(steps.resolve())}}
        if isinstance(p, dict) and "kb" in p
        else p
        for p in project["plugins"]
    ]
    overrides = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "site_url": site_url,
        "docs_dir": str(ROOT / "docs"),
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides")},
        # A list is not merged with the inherited one: the whole list, with `steps` made absolute.
        "plugins": plugins,
        "hooks": [str(h) for h in hooks],
        "watch": [],
    }
    path = folder / "mkdocs.yml"
    # JSON is YAML: no quoting surprises in paths.
    path.write_text(json.dumps(overrides, indent=2) + "\n", "utf-8")
    return path


def build(out: Path, site_url: str, steps: Path = STEPS, hooks: Sequence[Path] = ()) -> None:
    """`mkdocs build --strict` of the project (with `steps`) into `out`; raises with its output."""
    config = write_config(out.parent, site_url, steps, hooks)
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"mkdocs build failed (exit {done.returncode}):\n"
            f"{done.stdout[-4000:]}{done.stderr[-4000:]}"
        )


def build_and_serve(workdir: Path, steps: Path = STEPS, hooks: Sequence[Path] = ()) -> ServedSite:
    """Reserve a free loopback port, build the site for it under `workdir`, and serve it."""
    out = workdir / "site"
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = _Server(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        build(out, url, steps, hooks)
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    return ServedSite(out, url, server, thread)
