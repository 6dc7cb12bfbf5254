"""`mkdocs build` with the `kb` plugin: every generated page built with its metadata, the Markdown
twins beside the pages, the same site file for file on every build, and a KB error that aborts
the build before anything in the site folder changes."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.bench.synth import Synth, synthesize
from kb.build import build
from kb.i18n.ui import UI
from kbfixtures import mkdocs_build

SITE_URL = "http://127.0.0.1:8000/"  # as `mkdocs serve` sets it

# A plugin that reads every page's source in on_files, before MkDocs reads pages (Material's
# blog plugin reads its posts there): it must see each guide's text.
EARLY_READER = """
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


@event_priority(-100)
def on_files(files, config):
    for file in files.documentation_pages():
        if file.src_uri.startswith("faq/") and not file.content_string.startswith("# "):
            raise PluginError(f"no text in {file.src_uri}")
    return files
"""


def _site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site; the gzip'd sitemap unpacked (its header holds a time)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = (
            gzip.decompress(data) if path.suffix == ".gz" else data
        )
    return files


def _build_with_early_reader(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """The project's config (as `mkdocs_build` wrote it) with one more hook."""
    config = project / "mkdocs.yml"
    (project / "early.py").write_text(EARLY_READER, "utf-8")
    text = config.read_text("utf-8") + f"\nhooks:\n  - {project / 'early.py'}\n"
    early = project / "mkdocs-early.yml"
    early.write_text(text, "utf-8")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(early), "-d", str(out)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_VERIFY_RESULTS": "/nonexistent"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=project)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    return synthesize(tmp_path_factory.mktemp("hook") / "project", 20)


@pytest.fixture(scope="module")
def built(project: Synth) -> Path:
    out = project.root / "site"
    done = mkdocs_build(project.root, out)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_every_generated_page_is_built_with_its_metadata_and_its_twin(
    project: Synth, built: Path
) -> None:
    _, site = build(project.root, site_url=SITE_URL)
    guides = 0
    for path, page in site.pages.items():
        html = (built / path.removesuffix(".md").removesuffix("index") / "index.html").read_text()
        if page.meta.get("redirect"):  # a short link: its template reads the target from meta
            assert f'url={page.meta["redirect"]}"' in html, path
        elif page.meta.get("faq_id"):
            assert f'data-content-version="{page.meta["content_version"]}"' in html, path
            guides += 1
    assert guides >= project.guides
    twins = {p: data for p, data in site.assets.items() if p.endswith(".md")}
    assert len(twins) == project.guides + 1  # and the settings reference page
    assert {p: (built / p).read_bytes() for p in twins} == twins


def test_two_builds_give_the_same_site_file_for_file(
    project: Synth, built: Path, tmp_path: Path
) -> None:
    again = _build_with_early_reader(project.root, tmp_path / "again")
    assert again.returncode == 0, again.stderr[-3000:]
    first, second = _site_files(built), _site_files(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_a_kb_error_aborts_the_build_and_leaves_the_previous_site(
    project: Synth, tmp_path: Path
) -> None:
    broken = tmp_path / "project"
    shutil.copytree(project.root / "steps", broken / "steps")
    page = sorted((broken / "steps" / "pages").glob("*.yml"))[0]
    text = page.read_text("utf-8")
    page.write_text(text.replace("\ncategory: ", "\ncategory: no-such-", 1), "utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the previous build")
    done = mkdocs_build(broken, out)
    assert done.returncode == 1
    assert "1 problem(s) in steps/" in done.stderr
    assert f"steps/pages/{page.name}:" in done.stderr and ": category: unknown" in done.stderr
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text() == "the previous build"


def test_search_finds_a_guide_by_its_own_text_not_by_its_links_to_other_guides(
    built: Path,
) -> None:
    """The related guides and the link to the settings reference are on every guide, but left
    out of the search index: a search for an app's name does not list every guide linking to it."""
    index = json.loads((built / "search" / "search_index.json").read_text("utf-8"))["docs"]
    related = 0
    for html_path in sorted(built.glob("faq/*/*/index.html")):
        html = html_path.read_text("utf-8")
        if 'id="related-guides"' not in html:
            continue
        related += 1
        url = html_path.parent.relative_to(built).as_posix() + "/"
        end = html.split('id="related-guides"', 1)[1]
        anchors = re.findall(r'<h3[^>]* id="([^"]+)"', end)
        assert anchors, url  # the reader still sees the related guides, each list headed
        entries = [e for e in index if e["location"].split("#")[0] == url]
        assert any(e["text"] for e in entries), url  # the guide's own text is indexed
        assert not [
            e["location"]
            for e in entries
            if e["location"].split("#", 1)[-1] in {"related-guides", *anchors}
            or UI["related-guides"] in e["title"]
            or UI["all-ports-and-options"].split("{")[0] in e["text"]
        ], url
    assert related
