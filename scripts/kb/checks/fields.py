"""Host names and ports come from the settings file: a text writes `{profile.field}` for a
known profile and field, never the literal value (one source for every page and format).

Good::

    text: Enter {imap.host} as the server and {imap.port} as the port.

Bad::

    text: Enter mail.infomaniak.com as the server.
    # literal host name 'mail.infomaniak.com' in text; write {imap.host} instead ...
    text: Enter {imap.hots}.     # unknown settings field 'hots' in {imap.hots}; ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kb.checks.base import Known, at, texts, unknown_profile
from kb.errors import Problem
from kb.model import KnowledgeBase
from kb.model.refs import FIELDS, references


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    literals = _literals(kb)
    for text, field in texts(kb):
        for match in references(text.text) if "{" in text.text else ():
            key, name = match.groups()
            if key not in known.profiles:
                yield unknown_profile(text.pos, field, key, known)
            elif name not in FIELDS:
                yield at(
                    text.pos,
                    field,
                    f"unknown settings field '{name}' in {match.group()};"
                    f" expected one of: {', '.join(FIELDS)}",
                )
        for what, ref in (literals.names[group] for group in sorted(literals.find(text.text))):
            yield at(
                text.pos,
                field,
                f"literal {what} in text; write {ref} instead so the "
                "settings file stays the single source",
            )


@dataclass(frozen=True)
class _Literals:
    """One alternation over every host and port (one search per text), and for each of its named
    groups what was found and the reference to write instead."""

    pattern: re.Pattern[str]
    names: dict[str, tuple[str, str]]
    needles: tuple[str, ...]

    def find(self, text: str) -> set[str]:
        # Most texts hold no host name or port at all: a substring test spares them the search.
        lowered = text.lower()
        for needle in self.needles:
            if needle in lowered:
                return {m.lastgroup for m in self.pattern.finditer(text) if m.lastgroup}
        return set()


def _literals(kb: KnowledgeBase) -> _Literals:
    found: dict[str, tuple[str, str, str]] = {}
    # The recommended profile first: its reference is the one to suggest.
    for p in sorted(kb.settings.profiles, key=lambda p: not p.recommended):
        host = rf"(?<![\w.-]){re.escape(p.host)}(?![\w-])"
        found.setdefault(p.host, (host, f"host name '{p.host}'", f"{{{p.key}.host}}"))
        port = rf"(?<![\w{{.]){p.port}(?![\w}}])"
        found.setdefault(str(p.port), (port, f"port {p.port}", f"{{{p.key}.port}}"))
    groups = {f"l{n}": item for n, item in enumerate(found.values())}
    alternatives = "|".join(f"(?P<{name}>{regex})" for name, (regex, _, _) in groups.items())
    pattern = re.compile(alternatives or r"(?!)", re.I)
    names = {name: (what, ref) for name, (_, what, ref) in groups.items()}
    return _Literals(pattern, names, tuple(key.lower() for key in found))
