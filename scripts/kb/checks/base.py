"""What every cross-reference rule shares: the keys a reference may name, and how a problem is
placed and worded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from kb.errors import Problem
from kb.model import KnowledgeBase, Pos, Text


@dataclass(frozen=True)
class Known:
    """Keys a reference may name: those of the model, plus those of files that failed an earlier
    stage (a reference to them is not reported again). `pages_broken` says a page file failed,
    so "shown on no page" cannot be told."""

    platforms: set[str]
    tasks: set[str]
    categories: set[str]
    procedures: set[str]
    pages: set[str]
    profiles: set[str]
    pages_broken: bool = False


def at(pos: Pos | None, field: str, message: str, *, warning: bool = False) -> Problem:
    """A problem (with `warning`, one that fails nothing) at `pos`."""
    pos = pos or Pos("?", 1, 1)
    severity = "warning" if warning else "error"
    return Problem(pos.path, pos.line, pos.col, field, message, severity)


def unknown(pos: Pos | None, field: str, what: str, key: str, keys: set[str]) -> Problem:
    return at(pos, field, f"unknown {what} '{key}'; expected one of: {', '.join(sorted(keys))}")


def unknown_profile(pos: Pos | None, field: str, key: str, known: Known) -> Problem:
    return unknown(pos, field, "settings profile", key, known.profiles)


def texts(kb: KnowledgeBase) -> Iterator[tuple[Text, str]]:
    """Every editor text of the KB with the field it is written in."""
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


def contains(text: str, phrase: str) -> bool:
    """`phrase` appears in `text` as whole words."""
    return _phrase(phrase).search(text) is not None


@cache
def _phrase(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
