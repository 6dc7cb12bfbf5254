"""A MkDocs build whose guides are rendered by a child while MkDocs works gives the same site,
file for file, as a build that renders everything first in one process (`KB_JOBS=1`)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.bench.synth import synthesize
from kbfixtures import mkdocs_build


def _site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site; the gzip'd sitemap unpacked (its header holds a time)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = (
            gzip.decompress(data) if path.suffix == ".gz" else data
        )
    return files


# A plugin that reads every page's source in on_files, before MkDocs reads pages (Material's
# blog plugin reads its posts there): it must see each guide's text, not a placeholder.
EARLY_READER = """
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


@event_priority(-100)
def on_files(files, config):
    for file in files.documentation_pages():
        if file.src_uri.startswith("faq/") and not file.content_string.startswith("# "):
            raise PluginError(f"no text yet in {file.src_uri}")
    return files
"""


def _build(project: Path, out: Path, early_reader: bool) -> str:
    if not early_reader:
        done = mkdocs_build(project, out)  # writes the project's mkdocs.yml
    else:  # that config with one more hook
        config = project / "mkdocs.yml"
        (project / "early.py").write_text(EARLY_READER, "utf-8")
        hook = f"hooks:\n  - {project / 'early.py'}\n"
        config.write_text(config.read_text("utf-8").replace("hooks:\n", hook), "utf-8")
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_VERIFY_RESULTS": "/nonexistent"}
        done = subprocess.run([*cmd, "-d", str(out)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr


def test_a_streamed_build_is_the_one_process_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    synth = synthesize(project, 80)  # above the size where the child is used
    sites = {}
    for run in ("1", "2", "2, read early"):
        monkeypatch.setenv("KB_JOBS", run[0])
        out = tmp_path / f"site-{len(sites)}"
        log = _build(project, out, early_reader=run.endswith("early"))
        # With two processes, the guides' 174 pages are fetched as they are read.
        beside = 0 if run == "1" else 174
        assert f"kb: 184 generated pages, {beside} of them rendered beside MkDocs (" in log
        sites[run] = _site_files(out)
    one = sites["1"]
    for run in ("2", "2, read early"):
        assert sorted(sites[run]) == sorted(one)
        assert [path for path in one if one[path] != sites[run][path]] == [], run
    guide = one[synth.edit_url.strip("/") + "/index.html"]
    assert b"This guide explains" in guide  # pages have their text, not a placeholder
    # The twins (80 guides and the settings reference page), written by the child.
    assert sum(p.endswith("/index.md") for p in sites["2"]) == 81
