"""The YAML features a KB file may not use (anchors, aliases, tags, several documents, deep
nesting), refused by walking the parser's events; and syntax errors worded for editors."""

from __future__ import annotations

import re

import yaml

from kb.errors import Problem

MAX_DEPTH = 10
# libyaml when PyYAML has it (see `kb.source.load`); PyYAML's parser words the errors editors see.
_LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What only the event walk can refuse safely (anchors, aliases, tags, documents, deep nesting).
# Files without any of it, nearly all, are composed directly: one parse instead of two. Separate
# patterns, each behind a substring test that spares most files the search.
_RISKY_CHARS = "&*!"
_RISKY = (
    ("\n---", re.compile(r"^---", re.M)),
    ("\n...", re.compile(r"^\.\.\.", re.M)),
    ("", re.compile(r"-\s+-\s")),  # cheap enough alone
    (" " * 2 * MAX_DEPTH, re.compile(rf"^ {{{2 * MAX_DEPTH},}}", re.M)),
)
_NESTED_FLOW = re.compile(r"[\[{][^\]}\n]*[\[{]")

SYNTAX_HINTS = {
    "mapping values are not allowed here": (
        "a ': ' inside unquoted text starts a new key; put the whole text in quotes"
    ),
}


def risky(text: str) -> bool:
    """Whether `text` may hold what only the event walk refuses (then it is walked first)."""
    if any(char in text for char in _RISKY_CHARS) or text.startswith(("---", "...")):
        return True
    if any(cheap in text and pattern.search(text) for cheap, pattern in _RISKY):
        return True
    return ("[" in text or "{" in text) and _NESTED_FLOW.search(text) is not None


def check_events(text: str, display: str) -> list[Problem]:
    """Walk parser events (no recursion) to refuse what composing would mishandle."""
    problems = _walk_events(text, display, _LIBYAML)
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
