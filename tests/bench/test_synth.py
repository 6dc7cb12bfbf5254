"""The benchmark's synthetic KB is a valid, realistic KB, and the same every time."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.bench.synth import synthesize
from kb.build import build, load_knowledge_base
from kb.model.refs import references


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory):
    return synthesize(tmp_path_factory.mktemp("synth"), 40)


def test_the_synthetic_kb_passes_every_check_and_builds(synth) -> None:
    kb, site = build(synth.root)
    guides = [p for p in kb.pages.values() if p.kind == "guide"]
    assert len(guides) == synth.guides == 40
    assert len(kb.procedures) == synth.procedures
    assert f"{synth.edit_url.rstrip('/')}.md" in site.pages


def test_guides_look_like_real_ones(synth) -> None:
    kb = load_knowledge_base(synth.root)
    assert len({p.category for p in kb.pages.values()}) >= 5
    assert any(len(p.platforms) > 1 for p in kb.pages.values())
    for proc in kb.procedures.values():
        assert 10 <= len(proc.steps) <= 15
        assert any(references(step.text.text) for step in proc.steps), proc.path
        assert any(step.text.ui for step in proc.steps), proc.path


def test_the_same_seed_writes_the_same_bytes(synth, tmp_path: Path) -> None:
    again = synthesize(tmp_path, 40)
    files = sorted(p.relative_to(synth.root) for p in synth.root.rglob("*.yml"))
    assert files == sorted(p.relative_to(again.root) for p in again.root.rglob("*.yml"))
    assert all((synth.root / f).read_bytes() == (again.root / f).read_bytes() for f in files)


def test_the_edited_files_belong_to_the_edited_page(synth) -> None:
    kb = load_knowledge_base(synth.root)
    page = kb.pages[synth.edit_page.stem]
    assert synth.edit_url == f"faq/{page.faq_id}/{page.slug}/"
    platform, task = synth.edit_procedure.parent.name, synth.edit_procedure.stem
    assert platform in page.platforms and task == page.task
