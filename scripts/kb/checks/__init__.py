"""Content rules of `kb check`, one per module, each `rule(kb) -> Iterable[Problem]`.

A rule reports author mistakes as `Problem`s (they fail the check) and, where the content is
only getting old, `Advisory`s: `run` prints those to stderr as `path:line:col: warning: ...`
(through the `kb.checks` logger) and they do not fail `kb check` or the build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from kb.errors import Problem, shown
from kb.model import KnowledgeBase, Pos, Text

log = logging.getLogger("kb.checks")


class Advisory(Problem):
    """A problem that is reported but does not fail the check (yet)."""

    def __str__(self) -> str:
        where = f"{shown(self.path)}:{self.line}:{self.col}"
        return f"{where}: warning: {shown(self.field)}: {shown(self.message)}"


def at(pos: Pos | None, field: str, message: str, *, warning: bool = False) -> Problem:
    """A problem (or, with `warning`, an advisory) at `pos`."""
    pos = pos or Pos("?", 1, 1)
    kind = Advisory if warning else Problem
    return kind(pos.path, pos.line, pos.col, field, message)


def texts(kb: KnowledgeBase) -> Iterator[tuple[Text, str]]:
    """Every editor text with links or labels, and its field name."""
    for page in kb.pages.values():
        yield page.purpose, "purpose.text"
        yield from ((t, f"preamble[{i}].text") for i, t in enumerate(page.preamble))
        yield from ((t, f"prerequisites[{i}].text") for i, t in enumerate(page.prerequisites))
    for proc in kb.procedures.values():
        yield proc.intro, "intro.text"
        for i, step in enumerate(proc.steps):
            yield step.text, f"steps[{i}].text"
            if step.note:
                yield step.note, f"steps[{i}].note.text"


def pages_showing(kb: KnowledgeBase, platform: str) -> list[int]:
    """FAQ ids of the guides with a tab for `platform`, in order."""
    return sorted(p.faq_id for p in kb.pages.values() if platform in p.platforms)


Rule = Callable[[KnowledgeBase], Iterable[Problem]]


def _registry() -> list[Rule]:
    from kb.checks import link_tasks, platform_words, security_words, written_for

    return [security_words.rule, link_tasks.rule, written_for.rule, platform_words.rule]


REGISTRY: list[Rule] = _registry()


def run(kb: KnowledgeBase) -> list[Problem]:
    """The errors of every rule; advisories are logged as warnings, not returned."""
    errors: list[Problem] = []
    for rule in REGISTRY:
        for problem in rule(kb):
            if isinstance(problem, Advisory):
                log.warning("%s", problem)
            else:
                errors.append(problem)
    return errors
