"""steps/ -> load -> validate -> model -> cross-references, in one call that reports everything."""

from __future__ import annotations

from pathlib import Path

from kb import xref
from kb.assemble import assemble
from kb.errors import KbError
from kb.model import KnowledgeBase
from kb.source import find_root, read_source

KIND_TO_MODEL = {"platform": "platforms", "task": "tasks", "category": "categories",
                 "procedure": "procedures", "page": "pages"}


def load_knowledge_base(path: Path | str) -> KnowledgeBase:
    """The validated model of the KB at `path`; raises KbError listing every problem."""
    root = find_root(Path(path).resolve())
    source, problems = read_source(root)
    failed = {p.path for p in problems}
    kb = assemble(source, skip=failed)
    broken = {KIND_TO_MODEL[kind]: {key for key, loaded in files.items() if loaded.path in failed}
              for kind, files in source.files.items() if kind in KIND_TO_MODEL}
    if any(loaded.path in failed for loaded in source.files["settings"].values()):
        # The settings file failed: do not report every reference to it as unknown.
        broken["profiles"] = {m for text in _all_profile_names(source) for m in text}
    problems += xref.check(kb, broken)
    if problems:
        raise KbError(problems)
    return kb


def _all_profile_names(source) -> list[set[str]]:
    data = next(iter(source.files["settings"].values())).data
    profiles = data.get("profiles") if isinstance(data, dict) else None
    return [set(profiles) if isinstance(profiles, dict) else set()]
