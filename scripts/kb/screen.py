"""What is refused before a YAML file is composed: its size, encoding and characters, and what
its parser events show (anchors, aliases, tags, a second document, deep nesting).

Nothing here recurses, so a hostile file ends as positioned problems, never as a traceback.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from kb.errors import Problem

# Limits that hold whatever the line layout; each is refused with its own positioned message.
MAX_BYTES = 256 * 1024  # ~90x the largest file in steps/ (2.8 KB); read no further than this
MAX_DEPTH = 10  # twice the deepest the schemas need (5); counted on parser events, not indentation
MAX_TEXT = 4000  # characters in one value, ~12x the longest in steps/ (334): more is a paste
# Anchors and aliases are refused outright (an alias limit of 0), so nothing is ever expanded.

# Characters an editor cannot see: zero-width, bidi controls, line/paragraph separators.
INVISIBLE = {
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space (BOM)",
    **{chr(c): "bidirectional control" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
# libyaml's parser is about 5x faster (1500 guides: seconds instead of a minute); PyYAML's own
# parser gives the messages and positions editors see, so it re-reads files that fail.
_LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Fast(_LIBYAML):  # type: ignore[misc, valid-type]
    """libyaml, plus a memo of implicit tags: composing asks `resolve` about every node, and
    the same keys and short values (`text`, `ui`, `993`) recur thousands of times."""

    _tags: dict[tuple[type, str | None, Any], str] = {}

    def resolve(self, kind: type, value: str | None, implicit: Any) -> str:
        if value is not None and len(value) > 40:
            return super().resolve(kind, value, implicit)
        key = (kind, value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            if len(self._tags) > 50_000:
                self._tags.clear()
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag


FAST = _Fast
_BAD = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(INVISIBLE)
_SUSPECT = re.compile(f"[\t{_BAD}]")
# The same characters written as escapes ("\u202e", "\e", "\t"); a "\r" too, as a
# carriage return moves a terminal's cursor. Only double-quoted text can hold an escape.
ESCAPED = re.compile(f"[\t\r{_BAD}]")
SYNTAX_HINTS = {
    "mapping values are not allowed here": (
        "a ': ' inside unquoted text starts a new key; put the whole text in quotes"
    ),
}


def read_limited(path: Path) -> tuple[bytes, int]:
    """The file's bytes, never more than one past the limit (a device or a growing file cannot
    fill the memory), and its size on disk."""
    with path.open("rb") as file:
        return file.read(MAX_BYTES + 1), os.fstat(file.fileno()).st_size


def decode(raw: bytes, size: int, display: str) -> tuple[str | None, list[Problem]]:
    def fail(msg: str, line: int = 1, col: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, col, "(file)", msg)]

    if len(raw) > MAX_BYTES:
        found = f"{size} bytes" if size > MAX_BYTES else f"more than {MAX_BYTES} bytes"
        return fail(f"the file is {found}; the limit is {MAX_BYTES}: split it")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail("the file is UTF-16; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("the file starts with a byte order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        start = raw.rfind(b"\n", 0, err.start) + 1
        col = len(raw[start : err.start].decode("utf-8", "replace")) + 1
        return fail(f"invalid UTF-8 byte 0x{raw[err.start]:02x}; save the file as UTF-8", line, col)
    if not text.strip():
        return fail("the file is empty")
    return text, []


def check_characters(text: str, display: str) -> list[Problem]:
    if not _SUSPECT.search(text):
        return []
    problems = []
    for n, line in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(line, start=1):
            if char == "\t":
                msg = "tab character; indent and separate with spaces"
            elif _SUSPECT.match(char):
                msg = f"{describe(char)}; delete it"
            else:
                continue
            problems.append(Problem(display, n, col, "(text)", msg))
    return problems


def describe(char: str) -> str:
    """What a refused character is, by its code point (it is never printed itself)."""
    if char in INVISIBLE:
        return f"invisible character U+{ord(char):04X} ({INVISIBLE[char]})"
    if char == "\t":
        return "tab character U+0009"
    return f"control character U+{ord(char):04X}"


def check_events(text: str, display: str) -> list[Problem]:
    """Walk parser events (no recursion) to refuse what composing would mishandle."""
    problems = _walk_events(text, display, FAST)
    if _LIBYAML is not yaml.SafeLoader and any(p.field == "(yaml)" for p in problems):
        problems = _walk_events(text, display, yaml.SafeLoader) or problems
    return problems


def _walk_events(text: str, display: str, loader: type) -> list[Problem]:
    problems: list[Problem] = []
    depth = documents = 0

    def flag(event: yaml.Event, field: str, message: str) -> None:
        mark = event.start_mark
        problems.append(Problem(display, mark.line + 1, mark.column + 1, field, message))

    try:
        for event in yaml.parse(text, Loader=loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                explicit = event.tag is not None and not any(event.implicit)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                explicit = event.tag is not None and not event.implicit
                depth += 1
                if depth > MAX_DEPTH:
                    flag(event, "(yaml)", f"nesting deeper than {MAX_DEPTH} levels")
                    return problems
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
                continue
            elif kind is yaml.AliasEvent:
                flag(event, "(yaml)", f"alias *{event.anchor} is not allowed; repeat the value")
                continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    flag(event, "(document)", "a second YAML document is not allowed; one per file")
                continue
            else:
                continue
            if explicit:
                # A tag's %-escapes are decoded: show refused characters by code point.
                tag = ESCAPED.sub(lambda m: f"U+{ord(m.group()):04X}", event.tag)
                tag = tag.replace("tag:yaml.org,2002:", "!!")
                flag(event, "(yaml)", f"tag {tag} is not allowed; write plain values")
            if event.anchor:
                flag(event, "(yaml)", f"anchor &{event.anchor} is not allowed")
    except yaml.MarkedYAMLError as err:
        problems.append(syntax_problem(err, display))
    return problems


def syntax_problem(err: yaml.MarkedYAMLError, display: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = err.problem or "syntax error"
    return Problem(display, line, col, "(yaml)", SYNTAX_HINTS.get(problem, problem))
