"""`kb build --out DIR` writes a Zensical project DIR can be built from (the build itself is
tested in tests/engines): its config, the project's docs/ files and theme overrides."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from kb.cli import main
from kbfixtures import ROOT, copy_kb


def test_the_tree_carries_a_zensical_project_made_from_mkdocs_yml(tmp_path: Path) -> None:
    out = tmp_path / "site-src"
    assert main(["build", str(ROOT), "--out", str(out)]) == 0
    project = tomllib.loads((out / "zensical.toml").read_text("utf-8"))["project"]
    assert project["site_name"] == "Infomaniak Mail help centre"
    assert project["nav"] == json.loads((out / "nav.json").read_text("utf-8"))
    assert project["docs_dir"] == "docs" and project["theme"]["custom_dir"] == "overrides"
    # The plugin's work is done: Zensical gets what it would have given the theme.
    assert "kb" not in project["plugins"] and "search" in project["plugins"]
    assert project["extra"]["feedback"] == {"endpoint": "/api/feedback"}
    assert project["extra"]["words"]["recommended-settings"] == "Recommended settings"
    for name in project["extra_css"] + project["extra_javascript"]:
        assert (out / "docs" / name).is_file(), name
    assert (out / "overrides" / "main.html").read_bytes() == (
        ROOT / "overrides" / "main.html"
    ).read_bytes()


def test_a_config_zensical_cannot_read_is_a_problem_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_kb(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Help\nsite_url: !ENV SITE_URL\n", "utf-8")
    out = tmp_path / "site-src"
    assert main(["build", str(tmp_path), "--out", str(out), "--config", str(config)]) == 1
    assert f"{config}:2:11: (config): could not determine a constructor" in capsys.readouterr().out
    assert not out.exists()


def test_a_kb_without_mkdocs_yml_still_gets_its_pages(tmp_path: Path) -> None:
    copy_kb(tmp_path)  # steps/ only: an engine of the user's own choosing builds the pages
    out = tmp_path / "site-src"
    assert main(["build", str(tmp_path), "--out", str(out)]) == 0
    assert (out / "docs" / "index.md").is_file() and (out / "nav.json").is_file()
    assert not (out / "zensical.toml").exists()
