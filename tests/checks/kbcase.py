"""A fixture KB with some files replaced, read into the model the rules work on."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType

from kb.checks.base import Known
from kb.errors import Problem
from kb.model import KnowledgeBase
from kb.model.assemble import assemble
from kb.source import find_root, read_source
from kbfixtures import BASE, ROOT

IOS = "procedures/ios-mail/update-password.yml"
HEAD = "intro:\n  text: Steps.\nsources:\n  - https://vendor.example/help\nsteps:\n"
PLATFORM = """name: iOS (iPhone, iPad, etc.)
tab: iOS
client: Mail
os: iOS
vendor_help: {title: iPhone User Guide, url: "https://vendor.example/ios"}
"""


def procedure(steps: str, head: str = HEAD) -> str:
    """A procedure file whose steps start on line 6 (`- id:` at column 3)."""
    return head + steps


def kb_with(tmp_path: Path, files: dict[str, str], source: Path = BASE) -> KnowledgeBase:
    """The model of `source` (the base fixture) with `files` (path under steps/ -> YAML)."""
    steps = tmp_path / "steps"
    shutil.copytree(source, steps)
    for rel, text in files.items():
        (steps / rel).write_text(text, "utf-8")
    read, problems = read_source(find_root(steps))
    assert [str(p) for p in problems] == []
    return assemble(read, skip=set())


def repository(tmp_path: Path) -> KnowledgeBase:
    """The model of this repository's own steps/."""
    return kb_with(tmp_path, {}, ROOT / "steps")


def where(problems: object) -> list[tuple[str, int, int]]:
    return sorted((p.path, p.line, p.col) for p in problems)  # type: ignore[attr-defined]


def run(rule: ModuleType, kb: KnowledgeBase, **options: object) -> list[Problem]:
    """What `rule` (a module of `kb.checks`) reports on `kb`, every key of which exists."""
    known = Known(
        platforms=set(kb.platforms),
        tasks=set(kb.tasks),
        categories=set(kb.categories),
        procedures=set(kb.procedures),
        pages=set(kb.pages),
        profiles={p.key for p in kb.settings.profiles},
    )
    return list(rule.check(kb, known, **options))
