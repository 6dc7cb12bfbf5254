"""Cross-reference checks over the model: everything a page points at must exist and agree.

One rule per module, each with a docstring showing good and bad YAML; `REGISTRY` lists them
and `run` runs them all (as yamllint's `rules/`). A rule is a module with
`check(kb: KnowledgeBase, known: Known) -> Iterable[Problem]`. The content rules (security_words,
link_tasks, platform_words, written_for, password_model) check what the words promise rather
than what they point at; `written_for` reports content that is only getting old as a warning
(`Problem.warning`), which fails nothing: `build` hands warnings to its caller, the CLI and the
plugin print them.

One rule reads the files rather than the model: `fields` checks references and literal
hosts/ports in every free-text field found from the schemas (titles, alt texts, UI labels, ...,
which the model does not keep apart), so it takes the `Source` and is run by `cross_references`
next to the registry. `kb preview` runs the two apart (it re-checks only what changed).
"""

from __future__ import annotations

from kb.checks import (
    fields,
    link_tasks,
    page_platforms,
    page_refs,
    password_model,
    phrases,
    platform_words,
    procedure_files,
    recommended,
    security_words,
    slugs,
    steps,
    unique_ids,
    written_for,
)
from kb.checks.base import Known
from kb.errors import Problem
from kb.model import KnowledgeBase
from kb.source import Source

REGISTRY = [
    page_refs,
    page_platforms,
    procedure_files,
    steps,
    phrases,
    unique_ids,
    slugs,
    recommended,
    security_words,
    link_tasks,
    platform_words,
    written_for,
    password_model,
]

# File kind (`kb.source.LAYOUT`) -> the model's attribute holding its entities.
KIND_TO_MODEL = {
    "platform": "platforms",
    "task": "tasks",
    "category": "categories",
    "procedure": "procedures",
    "page": "pages",
}


def cross_references(source: Source, kb: KnowledgeBase, problems: list[Problem]) -> list[Problem]:
    """Every reference between files and every free-text field's rules; keys of files that
    already have a problem (`problems`) are not reported again."""
    broken = broken_keys(source, problems)
    failed = {p.path for p in problems}
    return run(kb, broken) + fields.check(source, kb, skip=failed, profiles=broken.get("profiles"))


def run(kb: KnowledgeBase, broken: dict[str, set[str]]) -> list[Problem]:
    """Every cross-reference problem. `broken` holds keys whose files failed earlier stages:
    references to them are not reported again."""
    keys = {
        kind: set(getattr(kb, kind)) | broken.get(kind, set()) for kind in KIND_TO_MODEL.values()
    }
    profiles = broken.get("profiles", set())
    # An unreadable settings file stands for every profile (a set that contains everything).
    if not isinstance(profiles, _Anything):
        profiles = profiles | {p.key for p in kb.settings.profiles}
    known = Known(**keys, profiles=profiles, pages_broken=bool(broken.get("pages")))
    return [problem for rule in REGISTRY for problem in rule.check(kb, known)]


class _Anything(set):
    """Stands for "every key" when the file that defines the keys could not be read."""

    def __contains__(self, item: object) -> bool:
        return True


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
