"""security-words: a step's words about security and ports agree with the settings it shows.

A step that shows settings (`settings:`, or `{profile.field}` references) may not name another
security mode or port in its own words: read literally, those settings fail to log in. A
security word inside a `ui:` label names the app's control (iOS calls its switch "Use SSL"
even where the connection upgrades with STARTTLS); the step must then also say what the
control means, with a `{profile.security}` reference or the mode's own word.

Good (the recommended SMTP profile is STARTTLS on port 587)::

    - id: port-security
      text: >-
        Turn Use SSL on: for port {smtp.port} the app then secures the connection with
        {smtp.security}.
      ui: [Use SSL]
      settings: [smtp]

Bad (line 2, column 11: "SSL" while the table shows STARTTLS)::

    - id: port-security
      text: Check that SSL encryption is turned on and that the server port is {smtp.port}.
      settings: [smtp]

Bad (a port that is not the one shown)::

    - id: port
      text: Enter port 2525.
      settings: [smtp]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kb.checks.base import Known, at
from kb.errors import Problem
from kb.model import KnowledgeBase, Profile, Step, Text
from kb.model.refs import SECURITY, references

WORD = re.compile(r"(?<![\w/])(STARTTLS|SSL/TLS|TLS/SSL|SSL|TLS)(?![\w/])")
PORT = re.compile(r"\bports?\s+(?:number\s+)?(\d{1,5})\b", re.I)


def _mode(word: str) -> str:
    return "starttls" if word == "STARTTLS" else "ssl"


def _keys(text: Text | None) -> list[str]:
    return [m.group(1) for m in references(text.text)] if text else []


def _in_label(text: Text, start: int, end: int) -> bool:
    for label in text.ui:
        for found in re.finditer(re.escape(label), text.text):
            if found.start() <= start and end <= found.end():
                return True
    return False


def _explains(step: Step, modes: set[str]) -> bool:
    """Whether the step says, in words, which mode its profiles use."""
    for text in (step.text, step.note):
        if text is None:
            continue
        if any(m.group(2) == "security" for m in references(text.text)):
            return True
        for m in WORD.finditer(text.text):
            if not _in_label(text, m.start(), m.end()) and _mode(m.group(1)) in modes:
                return True
    return False


def _describe(profiles: list[Profile]) -> str:
    return ", ".join(f"'{p.key}' ({SECURITY[p.security]}, port {p.port})" for p in profiles)


def _step(step: Step, field: str, profiles: list[Profile]) -> Iterator[Problem]:
    modes = {p.security for p in profiles}
    ports = {p.port for p in profiles}
    shown = set(step.settings)
    directions = {p.direction for p in profiles if p.key in shown}
    for text, name in ((step.text, f"{field}.text"), (step.note, f"{field}.note.text")):
        if text is None:
            continue
        for m in WORD.finditer(text.text):
            word = m.group(1)
            if _in_label(text, m.start(), m.end()):
                if not _explains(step, modes):
                    yield at(
                        text.pos,
                        name,
                        f"'{word}' is the app's label; say what it means for "
                        f"{_describe(profiles)}, e.g. with {{{profiles[0].key}.security}}",
                    )
            elif _mode(word) not in modes:
                yield at(
                    text.pos,
                    name,
                    f"the text says {word} but the settings it shows use {_describe(profiles)}",
                )
        for m in PORT.finditer(text.text):
            if int(m.group(1)) not in ports:
                yield at(
                    text.pos,
                    name,
                    f"the text says port {m.group(1)} but the settings it shows use "
                    f"{_describe(profiles)}",
                )
        for m in references(text.text):
            key, what = m.groups()
            other = next((p for p in profiles if p.key == key), None)
            if shown and other and key not in shown and other.direction in directions:
                yield at(
                    text.pos,
                    name,
                    f"{m.group()} is not among the settings this step shows "
                    f"({', '.join(step.settings)}): the words and the table disagree",
                )


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    known = {p.key: p for p in kb.settings.profiles}
    for proc in kb.procedures.values():
        for i, step in enumerate(proc.steps):
            keys = dict.fromkeys([*step.settings, *_keys(step.text), *_keys(step.note)])
            profiles = [known[k] for k in keys if k in known]
            if profiles:
                yield from _step(step, f"steps[{i}]", profiles)
