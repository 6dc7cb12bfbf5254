"""The two builds `kb bench` compares share one config: the plain one only lacks the generation."""

from __future__ import annotations

from pathlib import Path

import yaml

from kb.bench.measure import mkdocs_config

PROJECT = Path(__file__).resolve().parents[2]


def plugins_of(config: Path) -> list[str | dict]:
    return yaml.safe_load(config.read_text("utf-8"))["plugins"]


def test_the_plain_build_keeps_every_plugin_and_turns_generation_off(tmp_path: Path) -> None:
    project = plugins_of(PROJECT / "mkdocs.yml")
    names = [p if isinstance(p, str) else next(iter(p)) for p in project]
    assert names == ["search", "kb"]
    generated = mkdocs_config(tmp_path / "hook.yml", docs_dir=PROJECT / "docs", steps=tmp_path)
    plain = mkdocs_config(tmp_path / "plain.yml", docs_dir=tmp_path, nav=["index.md"])
    # The search plugin with the project's options (separator, field weights) in both builds.
    assert plugins_of(generated)[0] == plugins_of(plain)[0] == project[0]
    kb_generated, kb_plain = plugins_of(generated)[1]["kb"], plugins_of(plain)[1]["kb"]
    assert kb_generated["steps"] == str(tmp_path)
    assert kb_generated.get("generate", True) is True
    assert kb_plain["generate"] is False
    # Every other option (the CSP's feedback endpoint) is the same in both builds.
    for options in (kb_generated, kb_plain):
        options.pop("steps", None), options.pop("generate", None)
    assert kb_generated == kb_plain
