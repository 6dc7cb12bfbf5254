"""Strict YAML loading: bytes -> plain data plus the 1-based position of every key and value.

PyYAML alone is permissive in ways that hurt editors (see shared/reference/pitfalls.md): duplicate
keys silently keep the last value, `no` becomes False, `017` becomes 15, `#` truncates text. This
module rejects all of that, reporting every problem with its position instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.errors import Problem
from kb.source.events import check_events, risky
from kb.source.text import check_characters, decode

JsonPath = tuple[str | int, ...]

# libyaml's parser is several times faster than PyYAML's; PyYAML's own parser gives the messages
# and positions editors see, so it re-reads files that fail.
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
    raw = path.read_bytes()
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    problems += check_characters(text, display)
    if problems:
        return None, problems
    if risky(text):
        problems = check_events(text, display)
        if problems:
            return None, problems
    try:
        node = yaml.compose(text, Loader=FAST)
    except yaml.YAMLError:
        return None, check_events(text, display)
    if node is None:
        return None, [Problem(display, 1, 1, "(document)", "the file is empty")]
    loaded = Loaded(display, None)
    builder = _Builder(loaded, _lines_if_comment(text))
    loaded.data = builder.value(node, ())
    return loaded, builder.problems


def _lines_if_comment(text: str) -> list[str] | None:
    """The lines of `text` when a value may be followed by an inline comment, else None."""
    return text.splitlines() if " #" in text and _INLINE_COMMENT.search(text) else None


class _Builder:
    """Turns a composed node tree into plain data, recording positions and typing surprises."""

    def __init__(self, loaded: Loaded, lines: list[str] | None) -> None:
        # `lines` is None when the text has no possible inline comment.
        self.loaded = loaded
        self.values, self.keys = loaded.values, loaded.keys
        self.lines = lines
        self.problems: list[Problem] = []

    def _flag(self, node: yaml.Node, at: JsonPath, message: str) -> None:
        self.loaded.flagged.add(at)
        mark = node.start_mark
        self.problems.append(
            Problem(self.loaded.path, mark.line + 1, mark.column + 1, field_name(at), message)
        )

    def value(self, node: yaml.Node, at: JsonPath) -> Any:
        # The hot path of loading (one call per node): exact type tests, plain text first.
        mark = node.start_mark
        self.values[at] = (mark.line + 1, mark.column + 1)
        kind = type(node)
        if kind is yaml.ScalarNode:
            if node.style or node.tag == _STR:
                if not node.style and self.lines is not None:
                    self._check_comment(node, at)
                return node.value
            return self._scalar(node, at)
        if kind is yaml.MappingNode:
            return self._mapping(node, at)
        return [self.value(item, (*at, i)) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, at: JsonPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        keys, values = self.keys, self.values
        # Text with no inline comment to look for is taken here, without a call to `value`:
        # most values are, and this is the hot loop of loading.
        plain_text = self.lines is None
        for key_node, value_node in node.value:
            key = key_node.value
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._flag(key_node, at, "merge key << is not allowed; write the keys out")
                else:
                    self._flag(key_node, at, f"key {key!r} must be a plain text key")
                continue
            here = (*at, key)
            if key in out:
                first = keys[here][0]
                self._flag(key_node, here, f"duplicate key (first at line {first})")
                continue
            mark = key_node.start_mark
            keys[here] = (mark.line + 1, mark.column + 1)
            if plain_text and type(value_node) is yaml.ScalarNode and value_node.tag == _STR:
                mark = value_node.start_mark
                values[here] = (mark.line + 1, mark.column + 1)
                out[key] = value_node.value
            else:
                out[key] = self.value(value_node, here)
        return out

    def _scalar(self, node: yaml.ScalarNode, at: JsonPath) -> Any:
        """A plain scalar YAML typed as something other than text (`value` handles text)."""
        text, tag = node.value, node.tag.rsplit(":", 1)[-1]
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

    def _check_comment(self, node: yaml.ScalarNode, at: JsonPath) -> None:
        end = node.end_mark
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        if re.match(r"\s+#", rest) and node.start_mark.line == end.line:
            self._flag(
                node, at, "text after ' #' is a YAML comment and was cut off; quote the whole text"
            )
