"""Publishing the output: concurrent builds never leave a moment without `site/`, and a stopped
build removes its temporary folder and leaves the previous site as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kbfixtures import ROOT, copy_kb, mkdocs_build

WRITER = """
import sys
from pathlib import Path
from kb.build import write_tree
from kb.render.site import Site

out, name, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
pages = {f"faq/{n}/page.md": f"{name} {n}" for n in range(200)}
for round in range(rounds):
    write_tree(Site({"index.html": f"{name} {round}", **pages}), out)
"""


def _env() -> dict[str, str]:
    path = os.pathsep.join([str(ROOT / "scripts"), str(ROOT / "tests")])
    return {**os.environ, "PYTHONPATH": path, "KB_VERIFY_RESULTS": "/nonexistent"}


def _leftovers(folder: Path, out: Path) -> list[str]:
    """Hidden folders or links beside `out` other than the one `out` shows."""
    shown = out.resolve().name
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(f".{out.name}-") and p.name != shown
    )


def test_two_concurrent_builds_never_leave_the_site_missing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    index = out / "docs" / "index.html"  # `kb build --out` puts what an engine builds in docs/
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(out), name, "25"],
            env=_env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    while not index.exists():
        assert any(w.poll() is None for w in writers), "no build ever published the site"
    missing = 0
    while any(w.poll() is None for w in writers):
        if not index.exists():
            missing += 1
    errors = [w.stderr.read() for w in writers if w.stderr]
    assert [w.returncode for w in writers] == [0, 0], errors
    assert missing == 0
    assert index.read_text("utf-8") in ("first 24", "second 24")
    assert len(list((out / "docs" / "faq").iterdir())) == 200
    assert _leftovers(tmp_path, out) == []


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_kb_site_removes_its_temporary_folder(
    stop: signal.Signals, tmp_path: Path
) -> None:
    copy_kb(tmp_path)
    out = tmp_path / "site"
    first = mkdocs_build(tmp_path, out)  # also writes the project's mkdocs.yml
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    config = tmp_path / "mkdocs.yml"
    cmd = [sys.executable, "-m", "kb", "site", "--config", str(config), "--out", str(out)]
    cmd += ["--site-url", "https://help.example.com/"]
    build = subprocess.Popen(
        cmd, cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    # Mid-build: MkDocs has begun writing into the fresh folder.
    while not any(
        any(p.iterdir()) for p in tmp_path.glob(".site-*") if p.is_dir() and p.name != "site"
    ):
        assert build.poll() is None, "the build ended before it could be stopped"
    build.send_signal(stop)
    build.wait()
    assert build.returncode != 0
    assert _leftovers(tmp_path, out) == []
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
