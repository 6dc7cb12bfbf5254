"""The shipped KB builds with three engines, each through its own command line:

- MkDocs 1.6 and ProperDocs (the maintained MkDocs 1.x fork) run the project's `mkdocs.yml` as it
  is, with the generator inside the build;
- Zensical builds the tree `kb build --out` writes, with the `zensical.toml` written beside it,
  and the tree's `static/` is copied over its output.

Each built site must show the seed page's 21 steps in order, and publish every Markdown twin
that `llms.txt` links to as a Markdown file, never as a page. An engine that is not installed
fails its tests: `bash scripts/setup.sh test` installs ProperDocs and Zensical in venvs of their
own (`.venv-properdocs`, `.venv-zensical`), or `$KB_PROPERDOCS` / `$KB_ZENSICAL` name the
programs. Each build's time is reported, not judged.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kbfixtures import ROOT
from seedpage import PAGE, as_shown, built_sections, normalise, seed_sections

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_VERIFY_RESULTS": "/nonexistent"}


def program(name: str) -> list[str]:
    """The command that runs engine `name`; fails the test when it is not installed."""
    if name == "mkdocs":
        return [sys.executable, "-m", "mkdocs"]
    path = Path(os.environ.get(f"KB_{name.upper()}") or ROOT / f".venv-{name}" / "bin" / name)
    if not path.is_file():
        pytest.fail(
            f"{name} is not installed at {path}: run `bash scripts/setup.sh test`, or set "
            f"KB_{name.upper()} to the {name} program",
            pytrace=False,
        )
    return [str(path)]


def run(cmd: list[str], cwd: Path, env: dict[str, str] = ENV) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env)
    assert result.returncode == 0, f"{' '.join(cmd)}\n{result.stdout}\n{result.stderr}"


def with_mkdocs(work: Path, cmd: list[str]) -> Path:
    """`build --strict` of the project's own config, into `work/site`."""
    paths = [str(ROOT / "scripts"), *filter(None, [ENV.get("PYTHONPATH")])]
    env = {**ENV, "PYTHONPATH": os.pathsep.join(paths)}
    site = work / "site"
    run([*cmd, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)], ROOT, env)
    return site


def with_zensical(work: Path, cmd: list[str]) -> Path:
    """`kb build --out`, then `zensical build` in the tree with the `zensical.toml` it wrote,
    then `static/` copied over the site as it is: the steps the README gives a Zensical user."""
    tree = work / "tree"
    run([sys.executable, "-m", "kb", "build", str(ROOT), "--out", str(tree)], ROOT)
    run([*cmd, "build", "--strict"], tree)
    shutil.copytree(tree / "static", tree / "site", dirs_exist_ok=True)
    return tree / "site"


BUILDERS: dict[str, Callable[[Path, list[str]], Path]] = {
    "mkdocs": with_mkdocs,
    "properdocs": with_mkdocs,
    "zensical": with_zensical,
}


@pytest.fixture(scope="module", params=list(BUILDERS))
def site(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    build_times: list[str],
) -> Path:
    name = request.param
    cmd = program(name)
    said = subprocess.run([*cmd, "--version"], capture_output=True, text=True, env=ENV).stdout
    version = re.search(r"\d+\.\d+\.\d+", said)
    start = time.perf_counter()
    built = BUILDERS[name](tmp_path_factory.mktemp(name), cmd)
    seconds = time.perf_counter() - start
    line = f"{name} {version[0] if version else '?'}: shipped KB built in {seconds:.1f} s"
    print(line)
    build_times.append(line)
    return built


def test_seed_page_shows_all_21_steps_in_order(site: Path) -> None:
    expected = seed_sections()
    built = built_sections(site)
    assert sum(len(steps) for steps in expected.values()) == 21
    for platform, steps in expected.items():
        assert [normalise(s) for s in built[platform]] == [normalise(as_shown(s)) for s in steps]


def test_every_twin_in_llms_txt_is_markdown_beside_its_guide_page(site: Path) -> None:
    links = re.findall(r"\]\(([^)]+)\)", (site / "llms.txt").read_text("utf-8"))
    twins = [link for link in links if link.endswith(".md")]
    assert PAGE.replace(".html", ".md") in twins
    for link in links:
        assert (site / link).is_file(), link
    for twin in twins:
        text = (site / twin).read_text("utf-8")
        assert text.startswith("# ") and "<html" not in text, twin
        faq_id = twin.split("/")[1]
        # The HTML page at the twin's folder is its guide, not the twin rendered as a page.
        page = (site / twin).with_suffix(".html").read_text("utf-8")
        assert f'data-faq-id="{faq_id}"' in page, twin


def test_autoconfig_is_published_under_well_known(site: Path) -> None:
    served = site / ".well-known" / "autoconfig" / "mail" / "config-v1.1.xml"
    assert served.read_bytes() == (site / "mail" / "config-v1.1.xml").read_bytes()
