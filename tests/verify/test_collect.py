"""What the verifier collects: each unique profile once, with every place showing it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.bench.synth import synthesize
from kb.build import load_knowledge_base
from kb.model import KnowledgeBase
from kb.verify.collect import PAGES, collect


def test_profiles_are_unique_and_keep_their_places(shipped: KnowledgeBase) -> None:
    found = collect(shipped, formats=False)
    assert set(found.targets) == {p.connection for p in shipped.settings.profiles}
    imap = found.targets[shipped.settings.profile("imap").connection]
    assert imap.sources == {PAGES}
    assert set(imap.profiles) == {"imap"}
    page = shipped.pages["update-the-email-password-on-apple-mail-macos-ios"]
    assert page.key in imap.pages
    lists = [p for p in imap.places if p.field == "settings" and page.key in imap.places[p]]
    assert [str(p.pos) for p in lists] == [f"{page.path}:{page.pos['settings'].line}:11"]
    steps = {p.pos.path for p in imap.places if p.field.startswith("steps.")}
    assert "steps/procedures/thunderbird/add-account.yml" in steps


def test_generated_files_are_read_back_as_sources(shipped: KnowledgeBase) -> None:
    found = collect(shipped)
    assert len(found.targets) == len(shipped.settings.profiles)
    smtp = found.targets[shipped.settings.profile("smtp").connection]
    assert "mail/config-v1.1.xml outgoingServer[1]" in smtp.sources
    assert "settings.json profiles[5] (smtp)" in smtp.sources
    assert any(
        s.startswith("downloads/infomaniak-mail.mobileconfig PayloadContent[1].Outgoing (")
        for s in smtp.sources
    )


def test_a_format_that_cannot_be_generated_is_a_problem_not_a_crash(
    mutant: Callable[[str, str, str], Path],
) -> None:
    kb = load_knowledge_base(mutant("imap", "username", "local-part"))
    found = collect(kb)
    assert [file for file, _ in found.format_problems] == ["autodiscover/autodiscover.xml"]
    assert "autodiscover/autodiscover.xml" not in found.files
    assert "mail/config-v1.1.xml" in found.files
    assert any(t.connection.username == "local-part" for t in found.targets.values())


def test_cost_grows_with_unique_profiles_not_pages(tmp_path: Path) -> None:
    small = collect(load_knowledge_base(synthesize(tmp_path / "small", 20).root))
    large = collect(load_knowledge_base(synthesize(tmp_path / "large", 200).root))
    assert len(large.kb.pages) > 5 * len(small.kb.pages)
    assert set(large.targets) == set(small.targets)
