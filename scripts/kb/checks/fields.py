"""Checks over every free-text field of every file: settings references and literal hosts/ports.

Unlike the other rules, this one reads the files (`kb.source.Source`), not only the model: the
fields are found from the schemas, and a title, an alt text or a UI label is checked as a text.

Good::

    text: Enter {imap.host} as the server and {imap.port} as the port.

Bad::

    text: Enter mail.infomaniak.com as the server.
    # literal host name 'mail.infomaniak.com' in text; write {imap.host} instead ...
    text: Enter {imap.hots}.     # unknown settings field 'hots' in {imap.hots}; ...
    text: Enter {IMAP.host}.     # unknown settings profile 'IMAP' (did you mean 'imap'? ...
    title: Port {imap.port}      # {imap.port} is shown as written here: ...

A free-text field is a string its JSON Schema restricts only to "not blank" (pattern `\\S`):
titles, summaries, texts, notes, UI labels, link phrases, alt texts, `written_for`, ...
Identifiers, URLs, dates and enums have patterns of their own. The fields are found from the
schemas, so a field added to a schema later is checked too.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from kb.errors import Problem
from kb.model import KnowledgeBase
from kb.model.refs import FIELDS, REF
from kb.source import Source
from kb.source.load import JsonPath, Loaded
from kb.source.schema import schema

# Anything an editor may have meant as a reference, in any case and with spaces: only what
# `kb.model.refs.REF` matches is replaced, everything else would be shown as typed.
_LOOSE = re.compile(r"\{\s*([A-Za-z0-9_-]+)\s*\.\s*([A-Za-z0-9_-]+)\s*\}")
# What a reference, a port or a host name needs: most texts hold none of it.
_LOOK = re.compile(r"[{0-9]|\.\w")
# Where references are replaced: the `text` of a text (a step, a note, a purpose, ...) and a
# settings profile's `why` (shown in the settings tables).
_TEXT = ("text", "why")


def check(
    source: Source,
    kb: KnowledgeBase,
    skip: Container[str] = (),
    profiles: Container[str] | None = None,
) -> list[Problem]:
    """Reference and literal problems in every file of `source` whose display path is not in
    `skip`. `profiles` holds the known profile keys (default: those of `kb`)."""
    known = profiles if profiles is not None else {p.key for p in kb.settings.profiles}
    keys = sorted(p.key for p in kb.settings.profiles)
    literals = _literals(kb)
    problems: list[Problem] = []
    for kind, files in source.files.items():
        # The settings file is where hosts and ports are written (a label may name them); only
        # its texts that take references (a profile's `why`) must reference them instead.
        everywhere = kind != "settings"
        for loaded in files.values():
            if loaded.path in skip:
                continue
            found: list[tuple[JsonPath, str]] = []
            _free_text(loaded.data, _plan(kind), (), found)
            for at, value in found:
                if "{" in value:
                    problems += _references(loaded, at, value, known, keys)
                if everywhere or at[-1] in _TEXT:
                    problems += _literal(loaded, at, value, literals)
    return problems


# What `_free_text` follows: True for a free-text string; (fields, other fields) for a mapping;
# [items] for a list; parts of the schema without free text are left out.
_Plan = bool | tuple[dict[str, "_Plan"], "_Plan | None"] | list["_Plan"]


@cache
def _plan(kind: str) -> _Plan:
    return _compile(schema(kind), schema(kind)) or False


def _compile(sch: dict[str, Any], top: dict[str, Any]) -> _Plan | None:
    while "$ref" in sch:
        sch = top["$defs"][sch["$ref"].rsplit("/", 1)[-1]]
    if "properties" in sch or isinstance(sch.get("additionalProperties"), dict):
        named = {key: _compile(sub, top) for key, sub in sch.get("properties", {}).items()}
        other = sch.get("additionalProperties")
        plan = (
            {key: sub for key, sub in named.items() if sub is not None},
            _compile(other, top) if isinstance(other, dict) else None,
        )
        return plan if plan[0] or plan[1] is not None else None
    if isinstance(sch.get("items"), dict):
        items = _compile(sch["items"], top)
        return None if items is None else [items]
    free = sch.get("type") == "string" and "enum" not in sch
    return True if free and sch.get("pattern", r"\S") == r"\S" else None


def _free_text(data: Any, plan: _Plan, at: JsonPath, out: list[tuple[JsonPath, str]]) -> None:
    """Adds to `out` (path, value) of every free-text string of `data` that may need a look:
    one holding a brace, a digit or a dot inside a word (a reference, a port, a host name)."""
    if plan is True:
        if type(data) is str and _LOOK.search(data):
            out.append((at, data))
    elif type(plan) is tuple:
        if type(data) is dict:
            named, other = plan
            for key, value in data.items():
                sub = named.get(key, other)
                if sub is not None:
                    _free_text(value, sub, (*at, key), out)
    elif type(plan) is list and type(data) is list:
        for i, value in enumerate(data):
            _free_text(value, plan[0], (*at, i), out)


def _references(
    loaded: Loaded, at: JsonPath, value: str, known: Container[str], keys: list[str]
) -> Iterator[Problem]:
    for match in _LOOSE.finditer(value):
        written, key, name = match.group(), *match.groups()
        if at[-1] not in _TEXT:
            yield loaded.problem(
                at,
                f"{written} is shown as written here: settings references are replaced only"
                " in text fields (a step's or a note's text, a purpose, a preamble, a profile's"
                " why)",
            )
        elif key not in known:
            yield loaded.problem(
                at,
                f"unknown settings profile '{key}'{_did_you_mean(key, keys)}; "
                f"expected one of: {', '.join(keys)}",
            )
        elif name not in FIELDS:
            yield loaded.problem(
                at,
                f"unknown settings field '{name}' in {written}{_did_you_mean(name, FIELDS)};"
                f" expected one of: {', '.join(FIELDS)}",
            )
        elif not REF.fullmatch(written):
            yield loaded.problem(
                at, f"write {{{key}.{name}}} without spaces; {written} is shown as written"
            )


def _did_you_mean(written: str, choices: list[str] | tuple[str, ...]) -> str:
    same = [c for c in choices if c.casefold() == written.casefold()]
    return f" (did you mean '{same[0]}'? letter case matters)" if same else ""


def _literal(loaded: Loaded, at: JsonPath, value: str, literals: _Literals) -> Iterator[Problem]:
    for what, ref in (literals.names[group] for group in sorted(literals.find(value))):
        if at[-1] in _TEXT:
            advice = f"write {ref} instead so the settings file stays the single source"
        else:
            advice = (
                f"this field would show {ref} as written: leave the value to the steps, so the"
                " settings file stays the single source"
            )
        yield loaded.problem(at, f"literal {what} in text; {advice}")


@dataclass(frozen=True)
class _Literals:
    """One alternation over every host and port (one search per text), and for each of its named
    groups what was found and the reference to write instead."""

    pattern: re.Pattern[str]
    names: dict[str, tuple[str, str]]
    needles: tuple[str, ...]

    def find(self, text: str) -> set[str]:
        # Substring tests first (a plain loop: faster than any() or one case-insensitive
        # pattern): most texts hold no host name or port at all.
        lowered = text.lower()
        for needle in self.needles:
            if needle in lowered:
                return {m.lastgroup for m in self.pattern.finditer(text) if m.lastgroup}
        return set()


def _literals(kb: KnowledgeBase) -> _Literals:
    found: dict[str, tuple[str, str, str]] = {}
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
