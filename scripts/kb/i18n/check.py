"""A language's catalogue against the current English: coverage, stale units, and the mistakes
that would break a page (`kb check`), each at its line of the PO file.

A translation must keep the English's `{...}` placeholders exactly, hold no literal host name or
port (the settings file stays the single source), add no markup (it would be shown as typed:
formatting comes from `ui:` and `links:`), and contain its own text's translated UI labels and
link phrases (else the bold label or the link is lost).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from kb.checks.fields import _literals
from kb.errors import Problem
from kb.i18n.catalog import by_context
from kb.i18n.units import DRAFT_FLAG, Unit, units
from kb.model import KnowledgeBase

PLACEHOLDER = re.compile(r"\{[^{}\s]*\}")
MARKUP = re.compile(r"<[A-Za-z/!?]|\*\*|__|\]\(|^#|`")


@dataclass
class Coverage:
    """One language's state: every unit is translated, fuzzy or missing."""

    language: str
    units: int = 0
    translated: int = 0
    # (state, PO position, context) of each unit readers see in English.
    stale: list[tuple[str, str, str]] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    # What the pages show (`kb.i18n.translate`): each translated unit's translation, and the
    # files with a unit flagged kb-draft, translated or not.
    current: dict[str, str] = field(default_factory=dict, repr=False)
    flagged: set[str] = field(default_factory=set, repr=False)

    @property
    def fuzzy(self) -> int:
        return sum(1 for state, _, _ in self.stale if state == "fuzzy")

    @property
    def missing(self) -> int:
        return sum(1 for state, _, _ in self.stale if state == "missing")

    def summary(self) -> str:
        share = 100 * self.translated / self.units if self.units else 100
        return (
            f"{self.language}: {self.units} units, {self.translated} translated ({share:.0f} %), "
            f"{self.fuzzy} fuzzy, {self.missing} missing"
        )


def check_language(
    kb: KnowledgeBase, catalog: Catalog, language: str, shown: str
) -> tuple[list[Problem], Coverage]:
    """Problems in `catalog` (shown as the path `shown`) and its coverage of the current units."""
    found = units(kb)
    messages = by_context(catalog)
    literals = _literals(kb)
    problems: list[Problem] = []
    cov = Coverage(language, units=len(found))
    for unit in found:
        m = messages.get(unit.context)
        if m is None:
            cov.stale.append(("missing", f"{shown}:1", unit.context))
            continue
        draft = DRAFT_FLAG in m.flags
        if draft:
            cov.flagged.add(unit.context.split("#", 1)[0])
        if not m.string:
            cov.stale.append(("missing", f"{shown}:{m.lineno}", unit.context))
            continue
        if draft:
            cov.drafts.append(unit.context.split("#", 1)[0])
        if m.fuzzy or m.id != unit.english:
            # Not shown (the page shows the English): the translator fixes it when updating it.
            cov.stale.append(("fuzzy", f"{shown}:{m.lineno}", unit.context))
            continue
        cov.translated += 1
        cov.current[unit.context] = text = str(m.string)
        for message in _mistakes(unit, text, literals, messages):
            problems.append(Problem(shown, m.lineno, 1, unit.context, message))
    cov.drafts = sorted(set(cov.drafts))
    return problems, cov


def _mistakes(unit: Unit, text: str, literals, messages) -> list[str]:
    out = []
    # Each rule looks only where its characters are: most texts have no placeholder or markup.
    if "{" in unit.english or "{" in text:
        want = Counter(PLACEHOLDER.findall(unit.english))
        got = Counter(PLACEHOLDER.findall(text))
        if want != got:
            expected = " ".join(sorted(want.elements())) or "none"
            out.append(
                f"placeholders must be exactly the English's ({expected}); found "
                + (" ".join(sorted(got.elements())) or "none")
            )
    for group in sorted(literals.find(text)):
        what, ref = literals.names[group]
        out.append(f"literal {what} in a translation; keep the English's {ref}")
    added = MARKUP.search(text) and sorted(
        set(MARKUP.findall(text)) - set(MARKUP.findall(unit.english))
    )
    if added:
        out.append(
            f"markup {' '.join(added)} is shown as typed: formatting comes from ui: and links:"
        )
    for part in unit.parts:
        context = part.context
        m = messages.get(context)
        if m is not None and m.string and not _whole_words(str(m.string)).search(text):
            kind = "UI label" if "/ui/" in context else "link phrase"
            out.append(f"the {kind} {str(m.string)!r} ({part.english!r}) is not in the text")
    return out


@functools.lru_cache(maxsize=8192)
def _whole_words(words: str) -> re.Pattern[str]:
    """`words` not inside a longer word (kept compiled: a KB has thousands of labels, more than
    the `re` module's own cache holds)."""
    return re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")


def po_display(root: Path, po: Path) -> str:
    return po.relative_to(root.parent).as_posix()
