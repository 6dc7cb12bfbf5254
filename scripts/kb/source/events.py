"""What a file's parser events show, refused before anything is composed: anchors, aliases,
tags, a second document, nesting deeper than MAX_DEPTH; and syntax errors worded for editors.

Nothing here recurses, so a hostile file ends as positioned problems, never as a traceback.
"""

from __future__ import annotations

from typing import Any

import yaml

from kb.errors import Problem
from kb.source.text import ESCAPED

MAX_DEPTH = 10  # twice the deepest the schemas need (5); counted on parser events, not indentation
# Anchors and aliases are refused outright (an alias limit of 0), so nothing is ever expanded.
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
SYNTAX_HINTS = {
    "mapping values are not allowed here": (
        "a ': ' inside unquoted text starts a new key; put the whole text in quotes"
    ),
}


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
