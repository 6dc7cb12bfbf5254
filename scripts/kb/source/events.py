"""A file's parser events, and what they show, refused before any data is built from them
(kb.source.load: an event reaches the loader only when it and every event before it passed, and
a file with any problem keeps no data): anchors, aliases, tags, a second document, nesting
deeper than MAX_DEPTH; and syntax errors worded for editors. The file is parsed once: the same
events make its data.

Nothing here or in the loader recurses, so a hostile file ends as positioned problems, never as
a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator

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


class Walk:
    """A file's parser events, walked (no recursion) to refuse what building data from them
    would mishandle. Iterating yields each event once it and every event before it passed;
    after the first problem nothing more is yielded, the rest of the file is only checked.
    Whatever was built from the events is to be dropped when `problems` is not empty; an
    empty file has no `documents`. The events are not kept: a file is parsed once, its data
    built as it is read."""

    def __init__(self, text: str, display: str) -> None:
        self.text, self.display = text, display
        self.problems: list[Problem] = []
        self.documents = 0

    def __iter__(self) -> Iterator[yaml.Event]:
        yield from _walk_events(self, _LIBYAML)
        if _LIBYAML is not yaml.SafeLoader and any(p.field == "(yaml)" for p in self.problems):
            again = Walk(self.text, self.display)
            for _ in _walk_events(again, yaml.SafeLoader):
                pass
            self.problems = again.problems or self.problems


def _walk_events(walk: Walk, loader: type) -> Iterator[yaml.Event]:
    problems = walk.problems
    depth = 0

    def flag(event: yaml.Event, field: str, message: str) -> None:
        mark = event.start_mark
        problems.append(Problem(walk.display, mark.line + 1, mark.column + 1, field, message))

    # `yaml.parse` without its generator: a loader's own `get_event`, None after the stream.
    parser = loader(walk.text)
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            node = True  # a scalar or a collection's start: it may hold a tag or an anchor
            if kind is yaml.ScalarEvent:
                explicit = event.tag is not None and not any(event.implicit)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                explicit = event.tag is not None and not event.implicit
                depth += 1
                if depth > MAX_DEPTH:
                    flag(event, "(yaml)", f"nesting deeper than {MAX_DEPTH} levels")
                    return
            else:
                node = False
                if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    depth -= 1
                elif kind is yaml.AliasEvent:
                    flag(event, "(yaml)", f"alias *{event.anchor} is not allowed; repeat the value")
                elif kind is yaml.DocumentStartEvent:
                    walk.documents += 1
                    if walk.documents > 1:
                        flag(
                            event,
                            "(document)",
                            "a second YAML document is not allowed; one per file",
                        )
            if node and explicit:
                # A tag's %-escapes are decoded: show refused characters by code point.
                tag = ESCAPED.sub(lambda m: f"U+{ord(m.group()):04X}", event.tag)
                tag = tag.replace("tag:yaml.org,2002:", "!!")
                flag(event, "(yaml)", f"tag {tag} is not allowed; write plain values")
            if node and event.anchor:
                flag(event, "(yaml)", f"anchor &{event.anchor} is not allowed")
            if not problems:
                yield event
    except yaml.MarkedYAMLError as err:
        problems.append(syntax_problem(err, walk.display))
    finally:
        parser.dispose()


def syntax_problem(err: yaml.MarkedYAMLError, display: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = err.problem or "syntax error"
    return Problem(display, line, col, "(yaml)", SYNTAX_HINTS.get(problem, problem))
