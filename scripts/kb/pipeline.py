"""steps/ -> load -> validate -> model -> cross-references, in one call that reports everything."""

from __future__ import annotations

from collections.abc import Callable
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
    kb, loading, cross_references = load_unchecked(path)
    problems = loading + cross_references()
    if problems:
        raise KbError(problems)
    return kb


def load_unchecked(
    path: Path | str,
) -> tuple[KnowledgeBase, list[Problem], Callable[[], list[Problem]]]:
    """The model before its cross-references are checked: the problems found while loading, and
    the check still to run (`kb.build` runs it while pages are generated on the other core).
    The model is only usable when both give no problem."""
    root = find_root(Path(path).resolve())
    source, problems = read_source(root)
    failed = {p.path for p in problems}
    kb = assemble(source, skip=failed)
    broken = _broken(source, failed)

    def cross_references() -> list[Problem]:
        return xref.check(kb, broken) + fields.check(
            source, kb, skip=failed, profiles=broken.get("profiles")
        )

    return kb, problems, cross_references


def _broken(source: Source, failed: set[str]) -> dict[str, set[str]]:
    """Keys of files that failed an earlier stage: references to them are not reported again."""
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
