"""Child processes timed on the wall clock with their own CPU time and peak memory, and the
builds under test.

Each measured command runs in its own process: `os.wait4` returns that child's resource usage
(on Linux with its own waited-for children's CPU time added), so CPU time and peak memory
(ru_maxrss) belong to one build and not to whichever child was largest so far.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

SCRIPTS = Path(__file__).resolve().parents[2]
PROJECT = SCRIPTS.parent


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int
    log: Path

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.log.read_text("utf-8", "replace").splitlines()[-lines:])


class BenchError(Exception):
    """A measured command failed; the message ends with the tail of its log."""


def child_env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": f"{SCRIPTS}{os.pathsep}{path}" if path else str(SCRIPTS),
    }


def run(
    cmd: list[str],
    log: Path,
    *,
    timeout: float = 900.0,
    check: bool = True,
    env: dict[str, str] | None = None,
) -> Run:
    """Run `cmd` with output to `log`; wall time, CPU time and peak RSS of that child alone."""
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env=child_env() | (env or {}), cwd=PROJECT
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(cmd)}")
            time.sleep(0.01)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = Run(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, log
    )
    if check and result.returncode != 0:
        raise BenchError(f"exit {result.returncode}: {' '.join(cmd)}\n{result.tail()}")
    return result


def peak_mb(pid: int) -> float:
    """Peak resident memory of a running process (VmHWM), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def mkdocs_config(
    out: Path,
    *,
    docs_dir: Path,
    steps: Path | None = None,
    nav: list | None = None,
    site_url: str | None = None,
) -> Path:
    """The project's mkdocs.yml with absolute paths: with the plugin generating from `steps`, or
    with its generation off over a folder of written pages and their `nav` (the same plugin, so
    the site-wide Content-Security-Policy stays in both builds). `site_url`: the address the
    site is served at (the project's config has none)."""
    cfg = yaml.safe_load((PROJECT / "mkdocs.yml").read_text("utf-8"))
    cfg["docs_dir"] = str(docs_dir)
    if site_url:
        cfg["site_url"] = site_url
    cfg.pop("watch", None)
    theme = cfg.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(PROJECT / theme["custom_dir"])
    if steps is not None:
        options = {"steps": str(steps)}
    else:
        cfg["nav"], options = nav, {"generate": False}
    cfg["plugins"] = [_with_options(p, options) for p in cfg.get("plugins", [])]
    out.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), "utf-8")
    return out


def _with_options(plugin: str | dict, options: dict) -> str | dict:
    """A `plugins:` entry, with `options` added when it is the `kb` plugin."""
    name = plugin if isinstance(plugin, str) else next(iter(plugin))
    if name != "kb":
        return plugin
    given = {} if isinstance(plugin, str) else plugin[name] or {}
    return {"kb": {**given, **options}}


def mkdocs_build(
    config: Path,
    site: Path,
    log: Path,
    *,
    profile: Path | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    """`mkdocs build --strict` into a fresh folder, optionally under cProfile (`env`: more
    environment, such as the kb plugin's KB_LANGUAGE)."""
    shutil.rmtree(site, ignore_errors=True)
    prof = ["-m", "cProfile", "-o", str(profile)] if profile else []
    return run(
        [
            sys.executable,
            *prof,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(config),
            "-d",
            str(site),
        ],
        log,
        env=env,
    )


def hook_config(work: Path, steps: Path, site_url: str | None = None) -> Path:
    return mkdocs_config(
        work / "mkdocs-hook.yml", docs_dir=PROJECT / "docs", steps=steps, site_url=site_url
    )


def export_plain(work: Path, kb_root: Path) -> tuple[Run, Path]:
    """`kb build --out` plus the project's docs/ files, and a config building them as they are
    (the plugin adds only the CSP)."""
    tree = work / "plain"
    export = run(
        [sys.executable, "-m", "kb", "build", str(kb_root), "--out", str(tree)],
        work / "kb-build.log",
    )
    docs = tree / "docs"
    shutil.copytree(PROJECT / "docs", docs, dirs_exist_ok=True)
    nav = json.loads((tree / "nav.json").read_text("utf-8"))
    return export, mkdocs_config(work / "mkdocs-plain.yml", docs_dir=docs, nav=nav)


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGINT first (servers clean their temp folders), then kill."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
