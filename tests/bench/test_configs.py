"""The two builds `kb bench` compares share one config: the plain one only lacks the generator."""

from __future__ import annotations

from pathlib import Path

import yaml

from kb.bench.measure import mkdocs_config

PROJECT = Path(__file__).resolve().parents[2]


def hooks_of(config: Path) -> list[str]:
    return [Path(h).name for h in yaml.safe_load(config.read_text("utf-8"))["hooks"]]


def test_the_plain_build_keeps_every_hook_but_the_generator(tmp_path: Path) -> None:
    project = [Path(h).name for h in yaml.safe_load((PROJECT / "mkdocs.yml").read_text())["hooks"]]
    assert "mkdocs_hook.py" in project and "csp_hook.py" in project
    hook = mkdocs_config(tmp_path / "hook.yml", docs_dir=PROJECT / "docs", steps=tmp_path)
    plain = mkdocs_config(tmp_path / "plain.yml", docs_dir=tmp_path, nav=["index.md"])
    assert hooks_of(hook) == project
    assert hooks_of(plain) == [h for h in project if h != "mkdocs_hook.py"]
