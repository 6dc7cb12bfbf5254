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

MAX_BYTES = 256 * 1024
MAX_DEPTH = 10

JsonPath = tuple[str | int, ...]

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
_SUSPECT = re.compile("[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(INVISIBLE) + "]")
# What only the event walk can refuse safely (anchors, aliases, tags, documents, deep nesting).
# Files without any of it, nearly all, are composed directly: one parse instead of two. Separate
# patterns, each behind a substring test: one alternation cost 0.4 s over 3600 files.
_RISKY_CHARS = "&*!"
_RISKY = (
    ("\n---", re.compile(r"^---", re.M)),
    ("\n...", re.compile(r"^\.\.\.", re.M)),
    ("", re.compile(r"-\s+-\s")),  # cheap enough alone
    (" " * 2 * MAX_DEPTH, re.compile(rf"^ {{{2 * MAX_DEPTH},}}", re.M)),
)
_NESTED_FLOW = re.compile(r"[\[{][^\]}\n]*[\[{]")
# An inline comment needs a space before `#` after some value: without one the check is skipped.
_INLINE_COMMENT = re.compile(r"\S[ ]+#")
_STR = "tag:yaml.org,2002:str"
PLAIN_INT = re.compile(r"-?(0|[1-9][0-9]*)")
SYNTAX_HINTS = {
    "mapping values are not allowed here": (
        "a ': ' inside unquoted text starts a new key; put the whole text in quotes"
    ),
}


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
    raw = path.read_bytes()
    text, problems = _decode(raw, display)
    if text is None:
        return None, problems
    problems += _check_characters(text, display)
    if problems:
        return None, problems
    if _risky(text):
        problems = _check_events(text, display)
        if problems:
            return None, problems
    try:
        node = yaml.compose(text, Loader=FAST)
    except yaml.YAMLError:
        return None, _check_events(text, display)
    if node is None:
        return None, [Problem(display, 1, 1, "(document)", "the file is empty")]
    loaded = Loaded(display, None)
    builder = _Builder(loaded, _lines_if_comment(text))
    loaded.data = builder.value(node, ())
    return loaded, builder.problems


def _lines_if_comment(text: str) -> list[str] | None:
    """The lines of `text` when a value may be followed by an inline comment, else None."""
    return text.splitlines() if " #" in text and _INLINE_COMMENT.search(text) else None


def _risky(text: str) -> bool:
    if any(char in text for char in _RISKY_CHARS) or text.startswith(("---", "...")):
        return True
    if any(cheap in text and pattern.search(text) for cheap, pattern in _RISKY):
        return True
    return ("[" in text or "{" in text) and _NESTED_FLOW.search(text) is not None


def _decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    def fail(msg: str, line: int = 1, col: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, col, "(file)", msg)]

    if len(raw) > MAX_BYTES:
        return fail(f"the file is {len(raw)} bytes; the limit is {MAX_BYTES}: split it")
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


def _check_characters(text: str, display: str) -> list[Problem]:
    if not _SUSPECT.search(text):
        return []
    problems = []
    for n, line in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(line, start=1):
            if char == "\t":
                msg = "tab character; indent and separate with spaces"
            elif char in INVISIBLE:
                msg = f"invisible character U+{ord(char):04X} ({INVISIBLE[char]}); delete it"
            elif (ord(char) < 32 and char != "\r") or 0x7F <= ord(char) < 0xA0:
                msg = f"control character U+{ord(char):04X}; delete it"
            else:
                continue
            problems.append(Problem(display, n, col, "(text)", msg))
    return problems


def _check_events(text: str, display: str) -> list[Problem]:
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
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    flag(event, "(document)", "a second YAML document is not allowed; one per file")
            elif isinstance(event, yaml.AliasEvent):
                flag(event, "(yaml)", f"alias *{event.anchor} is not allowed; repeat the value")
            if getattr(event, "anchor", None) and not isinstance(event, yaml.AliasEvent):
                flag(event, "(yaml)", f"anchor &{event.anchor} is not allowed")
            if _explicit_tag(event):
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                flag(event, "(yaml)", f"tag {tag} is not allowed; write plain values")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    flag(event, "(yaml)", f"nesting deeper than {MAX_DEPTH} levels")
                    return problems
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = err.problem or "syntax error"
        problems.append(Problem(display, line, col, "(yaml)", SYNTAX_HINTS.get(problem, problem)))
    return problems


def _explicit_tag(event: yaml.Event) -> bool:
    if isinstance(event, yaml.ScalarEvent):
        return event.tag is not None and not any(event.implicit)
    if isinstance(event, yaml.CollectionStartEvent):
        return event.tag is not None and not event.implicit
    return False


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
        # most values are (0.39-0.44 s -> 0.32-0.36 s over 3600 files).
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
