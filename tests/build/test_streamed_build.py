"""A MkDocs build whose guides are rendered by a child while MkDocs works gives the same site,
file for file, as a build that renders everything first in one process (`KB_JOBS=1`)."""

from __future__ import annotations

import gzip
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


def test_a_streamed_build_is_the_one_process_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    synth = synthesize(project, 80)  # above the size where the child is used
    sites = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("KB_JOBS", jobs)
        out = tmp_path / f"site-{jobs}"
        done = mkdocs_build(project, out)
        assert done.returncode == 0, done.stderr[-3000:]
        log = done.stderr
        # With two processes, the guides' 174 pages are handed over in on_pre_page.
        beside = 174 if jobs == "2" else 0
        assert f"kb: 184 generated pages, {beside} of them rendered beside MkDocs;" in log
        sites[jobs] = _site_files(out)
    one, two = sites["1"], sites["2"]
    assert sorted(one) == sorted(two)
    different = [path for path in one if one[path] != two[path]]
    assert different == []
    guide = one[synth.edit_url.strip("/") + "/index.html"]
    assert b"This guide explains" in guide  # pages have their text, not a placeholder
    # The twins (80 guides and the settings reference page), written by the child.
    assert sum(p.endswith("/index.md") for p in two) == 81
