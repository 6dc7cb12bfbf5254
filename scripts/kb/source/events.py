"""A file's parser events, and what they show, refused before any data is built from them
(kb.source.load): anchors, aliases, tags, a second document, nesting deeper than MAX_DEPTH; and
syntax errors worded for editors. The file is parsed once: the same events make its data.

Nothing here or in the loader recurses, so a hostile file ends as positioned problems, never as
a traceback.
"""

from __future__ import annotations

import yaml

from kb.errors import Problem
from kb.source.text import ESCAPED

MAX_DEPTH = 10  # twice the deepest the schemas need (5); counted on parser events, not indentation
# Anchors and aliases are refused outright (an alias limit of 0), so nothing is ever expanded.
# libyaml's parser is about 5x faster (1500 guides: seconds instead of a minute); PyYAML's own
# parser gives the messages and positions editors see, so it re-reads files that fail.
_LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_RESOLVER = yaml.resolver.Resolver()  # the implicit types of PyYAML's safe loader
# The same keys and short values (`text`, `ui`, `993`) recur thousands of times.
_TAGS: dict[tuple[str, tuple[bool, bool]], str] = {}


def scalar_tag(event: yaml.ScalarEvent) -> str:
    """A scalar's tag as PyYAML's safe loader resolves it: explicit, or its implicit type
    (`str`, `int`...)."""
    if event.tag is not None and event.tag != "!":
        return event.tag
    value, implicit = event.value, event.implicit
    if len(value) > 40:
        return _RESOLVER.resolve(yaml.ScalarNode, value, implicit)
    tag = _TAGS.get((value, implicit))
    if tag is None:
        if len(_TAGS) > 50_000:
            _TAGS.clear()
        tag = _TAGS[value, implicit] = _RESOLVER.resolve(yaml.ScalarNode, value, implicit)
    return tag


SYNTAX_HINTS = {
    "mapping values are not allowed here": (
        "a ': ' inside unquoted text starts a new key; put the whole text in quotes"
    ),
}


def read_events(text: str, display: str) -> tuple[list[yaml.Event], list[Problem]]:
    """The file's parser events, walked (no recursion) to refuse what building data from them
    would mishandle: the events are only to be used when there is no problem."""
    events: list[yaml.Event] = []
    problems = _walk_events(text, display, _LIBYAML, events)
    if _LIBYAML is not yaml.SafeLoader and any(p.field == "(yaml)" for p in problems):
        problems = _walk_events(text, display, yaml.SafeLoader, []) or problems
    return events, problems


def _walk_events(text: str, display: str, loader: type, events: list[yaml.Event]) -> list[Problem]:
    problems: list[Problem] = []
    depth = documents = 0

    def flag(event: yaml.Event, field: str, message: str) -> None:
        mark = event.start_mark
        problems.append(Problem(display, mark.line + 1, mark.column + 1, field, message))

    try:
        for event in yaml.parse(text, Loader=loader):
            events.append(event)
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
