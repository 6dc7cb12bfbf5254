"""Strict YAML loading: bytes -> plain data plus the 1-based position of every key and value.

PyYAML alone is permissive in ways that hurt editors (see shared/reference/pitfalls.md): duplicate
keys silently keep the last value, `no` becomes False, `017` becomes 15, `#` truncates text. This
module rejects all of that, reporting every problem with its position instead of guessing.
What is refused before data is built is in kb.source.text (size, encoding, characters)
and kb.source.events (parser events: anchors, aliases, tags, documents, depth).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.errors import Problem
from kb.source.events import Walk, scalar_tag
from kb.source.text import ESCAPED, MAX_TEXT, check_characters, decode, describe, read_limited

JsonPath = tuple[str | int, ...]

# An inline comment needs a space before `#` after some value: without one the check is skipped.
_INLINE_COMMENT = re.compile(r"\S[ ]+#")
_STR = "tag:yaml.org,2002:str"
PLAIN_INT = re.compile(r"-?(0|[1-9][0-9]*)")


@dataclass
class Loaded:
    """One YAML file as plain data, with the positions needed to report problems."""

    path: str
    data: Any
    values: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    # Values already reported while loading (e.g. `yes`): the schema stage stays quiet on them.
    flagged: set[JsonPath] = field(default_factory=set)

    def as_tuple(self) -> tuple[str, Any, dict, dict, set]:
        """Plain values only, so `marshal` can carry a loaded file between processes;
        `Loaded(*fields)` takes them back."""
        return (self.path, self.data, self.values, self.keys, self.flagged)

    def where(self, at: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or key) at `at`, falling back to the nearest parent."""
        table = self.keys if key else self.values
        while at not in table and at:
            at = at[:-1]
        return table.get(at, (1, 1))

    def problem(self, at: JsonPath, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(at, key=key)
        return Problem(self.path, line, col, field_name(at), message)


def field_name(at: JsonPath) -> str:
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(document)"


def load_file(path: Path, display: str) -> tuple[Loaded | None, list[Problem]]:
    """Load one file strictly; returns (None, problems) when it cannot be trusted."""
    try:
        raw, size = read_limited(path)
    except OSError as err:  # a folder named *.yml, a file removed or locked meanwhile
        reason = err.strerror or type(err).__name__
        return None, [Problem(display, 1, 1, "(file)", f"the file cannot be read: {reason}")]
    text, problems = decode(raw, size, display)
    if text is None:
        return None, problems
    problems += check_characters(text, display)
    if problems:
        return None, problems
    # The data is built from each event once the walk has found nothing to refuse up to it,
    # and dropped if the walk refuses anything later.
    walk = Walk(text, display)
    loaded = Loaded(display, None)
    builder = _Builder(loaded, text)
    loaded.data = builder.build(walk)
    if walk.problems:
        return None, walk.problems
    if not walk.documents:
        return None, [Problem(display, 1, 1, "(document)", "the file is empty")]
    return loaded, builder.problems


def _lines_if_comment(text: str) -> list[str] | None:
    """The lines of `text` when a value may be followed by an inline comment, else None."""
    return text.splitlines() if " #" in text and _INLINE_COMMENT.search(text) else None


class _Builder:
    """Turns a file's parser events into plain data, recording positions and typing surprises."""

    def __init__(self, loaded: Loaded, text: str) -> None:
        self.loaded = loaded
        self.values, self.keys = loaded.values, loaded.keys
        # Each check of a text value runs only when the file could fail it, nearly never.
        self.lines = _lines_if_comment(text)  # None: no value can be followed by a comment
        self.escapes = "\\" in text
        self.long = len(text) > MAX_TEXT
        self.careful = self.lines is not None or self.escapes or self.long
        self.problems: list[Problem] = []

    def _flag(self, event: yaml.NodeEvent, at: JsonPath, message: str) -> None:
        self.loaded.flagged.add(at)
        mark = event.start_mark
        self.problems.append(
            Problem(self.loaded.path, mark.line + 1, mark.column + 1, field_name(at), message)
        )

    def build(self, events: Iterable[yaml.Event]) -> Any:
        """The document's data from its parser events, in one loop (no recursion)."""
        root: Any = None
        # The open collections, innermost last: [the collection, its path, for a mapping the
        # key whose value comes next (None: a key comes next)].
        stack: list[list[Any]] = []
        # Refused keys and their values are passed over: how many nodes, and how deep inside
        # the current one.
        skip = inside = 0
        for event in events:
            kind = type(event)
            opens = kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent
            closes = kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent
            if skip:
                inside += opens - closes
                skip -= inside == 0  # a scalar or a collection's end: one node passed
                continue
            if closes:
                stack.pop()
                continue
            if not (opens or kind is yaml.ScalarEvent):
                continue  # the stream's and the document's start and end
            parent: list | dict | None = None
            at: JsonPath = ()
            if stack:
                parent, where, key = top = stack[-1]
                if type(parent) is list:
                    at = (*where, len(parent))
                elif key is not None:
                    at, top[2] = (*where, key), None
                elif self._key(event, where, parent):
                    top[2] = event.value
                    continue
                else:  # pass over the value, and over the key itself if it is a collection
                    skip, inside = (2, 1) if opens else (1, 0)
                    continue
            mark = event.start_mark
            self.values[at] = (mark.line + 1, mark.column + 1)
            data: Any
            if opens:
                data = {} if kind is yaml.MappingStartEvent else []
            else:
                data = self._value(event, at)
            if parent is None:
                root = data
            elif type(parent) is list:
                parent.append(data)
            else:
                parent[at[-1]] = data
            if opens:
                stack.append([data, at, None])
        return root

    def _key(self, event: yaml.NodeEvent, at: JsonPath, out: dict[str, Any]) -> bool:
        """Whether a key of the mapping at `at` is taken (else it is flagged)."""
        if type(event) is not yaml.ScalarEvent:
            self._flag(event, at, "a list or mapping cannot be a key; write a plain text key")
            return False
        tag, key = scalar_tag(event), event.value
        if tag != _STR:
            if tag == "tag:yaml.org,2002:merge":
                self._flag(event, at, "merge key << is not allowed; write the keys out")
            else:
                self._flag(event, at, f"key {key!r} must be a plain text key")
            return False
        if self.careful and self._check_text(event, at):
            return False
        here = (*at, key)
        if key in out:
            first = self.keys[here][0]
            self._flag(event, here, f"duplicate key (first at line {first})")
            return False
        mark = event.start_mark
        self.keys[here] = (mark.line + 1, mark.column + 1)
        return True

    def _value(self, event: yaml.ScalarEvent, at: JsonPath) -> Any:
        if event.style:  # quoted or a block: text
            tag = _STR
        else:
            tag = scalar_tag(event)
        if tag == _STR:
            if self.careful:
                self._check_text(event, at)
            return event.value
        return self._scalar(event, tag, at)

    def _scalar(self, node: yaml.ScalarEvent, tag: str, at: JsonPath) -> Any:
        """A plain scalar YAML typed (`tag`) as something other than text."""
        text, tag = node.value, tag.rsplit(":", 1)[-1]
        if tag == "null":
            return None
        if tag == "bool":
            if text in ("true", "false"):
                return text == "true"
            self._flag(
                node,
                at,
                f"{text!r} is read as a boolean in YAML 1.1; write true or "
                "false, or quote it if it is text",
            )
            return text
        if tag == "int" and PLAIN_INT.fullmatch(text):
            return int(text)
        value = yaml.safe_load(text)
        kind = {"int": "the number", "float": "the number", "timestamp": "the date"}.get(tag, tag)
        self._flag(node, at, f"{text!r} is read as {kind} {value}; quote it if it is text")
        return text

    def _check_text(self, node: yaml.ScalarEvent, at: JsonPath) -> bool:
        """Flag a text that is too long, holds an escaped character that is refused typed
        literally, or lost its end to a comment; whether it was flagged."""
        text, count = node.value, len(self.problems)
        if self.long and len(text) > MAX_TEXT:
            self._flag(node, at, f"the text is {len(text)} characters; the limit is {MAX_TEXT}")
        bad = ESCAPED.search(text) if self.escapes and node.style == '"' else None
        if bad:
            self._flag(node, at, f"{describe(bad.group())}, written as an escape; delete it")
        if self.lines is not None and not node.style:
            self._check_comment(node, at)
        return len(self.problems) > count

    def _check_comment(self, node: yaml.ScalarEvent, at: JsonPath) -> None:
        end = node.end_mark
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        if re.match(r"\s+#", rest) and node.start_mark.line == end.line:
            self._flag(
                node, at, "text after ' #' is a YAML comment and was cut off; quote the whole text"
            )
