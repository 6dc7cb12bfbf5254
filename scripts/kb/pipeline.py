"""`steps/` -> the validated model, the first stages of `kb.build.build` (for `kb verify`)."""

from __future__ import annotations

from pathlib import Path

from kb import fields, xref
from kb.assemble import assemble
from kb.errors import KbError, Problem
from kb.model import KnowledgeBase
from kb.source import Source, find_root, read_source

KIND_TO_MODEL = {
    "platform": "platforms",
    "task": "tasks",
    "category": "categories",
    "procedure": "procedures",
    "page": "pages",
}


class _Anything(set):
    """Stands for "every key" when the file that defines the keys could not be read."""

    everything = True

    def __contains__(self, item: object) -> bool:
        return True


def load_knowledge_base(path: Path | str) -> KnowledgeBase:
    """The validated model of the KB at `path`; raises KbError listing every problem."""
    root = find_root(Path(path).resolve())
    source, problems = read_source(root)
    kb = assemble(source, skip={p.path for p in problems})
    problems += cross_references(source, kb, problems)
    if problems:
        raise KbError(problems)
    return kb


def cross_references(source: Source, kb: KnowledgeBase, problems: list[Problem]) -> list[Problem]:
    """Every reference between files and every free-text field's rules; keys of files that
    already have a problem are not reported again."""
    broken = broken_keys(source, problems)
    failed = {p.path for p in problems}
    return xref.check(kb, broken) + fields.check(
        source, kb, skip=failed, profiles=broken.get("profiles")
    )


def broken_keys(source: Source, problems: list[Problem]) -> dict[str, set[str]]:
    """Keys of files with a problem or unreadable: references to them are not reported again."""
    failed = {p.path for p in problems}
    broken = {
        KIND_TO_MODEL[kind]: {key for key, loaded in files.items() if loaded.path in failed}
        | source.unreadable.get(kind, set())
        for kind, files in source.files.items()
        if kind in KIND_TO_MODEL
    }
    settings = list(source.files["settings"].values())
    if not settings or settings[0].path in failed:
        broken["profiles"] = _Anything()
    return broken
