"""Every string an editor can write, found from the JSON Schemas, and a KB copy with each poisoned.

A *slot* is one string property of one kind of file, as a path through the data: `*` for the
items of an array, `{}` for the values of a mapping whose keys are free, `<key>` for those keys.
A slot is *constrained* when its schema limits the string beyond "not blank" (a pattern, an enum,
a const or a format): keys, slugs, ids, URLs and host names. The build may rightly refuse hostile
text there; in a free slot it must take it and show it as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.source import LAYOUT

SCHEMAS = Path(__file__).resolve().parents[2] / "scripts" / "kb" / "source" / "schemas"
NOT_BLANK = "\\S"  # the pattern of free text: anything but blank
Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Slot:
    kind: str
    path: tuple[str, ...]
    constrained: bool

    def __str__(self) -> str:
        return f"{self.kind}:/{'/'.join(self.path)}"


@dataclass(frozen=True)
class Instance:
    """One value of a slot in one file: what gets poisoned, and the marker that names it."""

    slot: Slot
    file: str  # relative to the KB folder, e.g. "pages/x.yml"
    where: Path_  # the concrete path, list indexes included
    marker: str

    def __str__(self) -> str:
        return f"{self.file}:/{'/'.join(map(str, self.where))} ({self.slot})"


def _is_string(node: dict[str, Any]) -> bool:
    enum = node.get("enum", node.get("const") and [node["const"]])
    return node.get("type") == "string" or bool(enum) and all(isinstance(v, str) for v in enum)


def _constrained(node: dict[str, Any]) -> bool:
    return bool(
        node.get("pattern", NOT_BLANK) != NOT_BLANK
        or {"enum", "const", "format"} & node.keys()
        or node.get("maxLength") is not None
    )


def _walk(root: dict, node: dict, path: tuple[str, ...], seen: frozenset) -> Iterator[tuple]:
    ref = node.get("$ref")
    if ref:
        assert ref.startswith("#/"), f"only local $ref are followed, not {ref}"
        if ref in seen:  # a recursive definition: its strings are already listed
            return
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        yield from _walk(root, target, path, seen | {ref})
    if _is_string(node):
        yield path, _constrained(node)
    for name, sub in node.get("properties", {}).items():
        yield from _walk(root, sub, (*path, name), seen)
    for sub in node.get("patternProperties", {}).values():
        yield from _walk(root, sub, (*path, "{}"), seen)
    if isinstance(node.get("additionalProperties"), dict):
        yield from _walk(root, node["additionalProperties"], (*path, "{}"), seen)
    if isinstance(node.get("propertyNames"), dict):
        yield from _walk(root, node["propertyNames"], (*path, "<key>"), seen)
    for key in ("items", "prefixItems", "contains"):
        subs = node.get(key)
        for sub in subs if isinstance(subs, list) else [subs] if subs else []:
            yield from _walk(root, sub, (*path, "*"), seen)
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in node.get(key, []):
            yield from _walk(root, sub, path, seen)
    for key in ("if", "then", "else", "not"):
        if isinstance(node.get(key), dict):
            yield from _walk(root, node[key], path, seen)


def slots() -> list[Slot]:
    """Every string property reachable from the root of each kind's schema."""
    found: dict[tuple[str, tuple[str, ...]], bool] = {}
    for kind in LAYOUT:
        schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text("utf-8"))
        for path, constrained in _walk(schema, schema, (), frozenset()):
            found[kind, path] = found.get((kind, path), False) or constrained
    return sorted(Slot(kind, path, c) for (kind, path), c in found.items())


def _values(data: Any, path: tuple[str, ...], where: Path_ = ()) -> Iterator[Path_]:
    if not path:
        yield where
        return
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(data, list):
        for i, item in enumerate(data):
            yield from _values(item, rest, (*where, i))
    elif head in ("{}", "<key>") and isinstance(data, dict):
        for key, value in data.items():
            if head == "<key>":
                yield (*where, key, "<key>")
            else:
                yield from _values(value, rest, (*where, key))
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest, (*where, head))


def read_kb(steps: Path) -> dict[str, Any]:
    """Every data file of a KB folder, by its path relative to the folder."""
    return {
        path.relative_to(steps).as_posix(): yaml.safe_load(path.read_text("utf-8"))
        for pattern in LAYOUT.values()
        for path in sorted(steps.glob(pattern))
    }


def kind_of(file: str) -> str:
    """The kind of a data file, from where it sits (`categories/settings.yml` is no settings)."""
    parts = len(Path(file).parts)
    return next(
        k for k, glob in LAYOUT.items() if len(Path(glob).parts) == parts and Path(file).match(glob)
    )


def instances(kb: dict[str, Any], of: list[Slot]) -> list[Instance]:
    """Every value of every slot in the KB, each with its own marker (letters only: a digit
    could read as a port, and slugs lower-case what they keep)."""
    found = []
    for file, data in kb.items():
        kind = kind_of(file)
        for slot in (s for s in of if s.kind == kind):
            for where in _values(data, slot.path):
                found.append((slot, file, where))
    return [
        Instance(slot, file, where, f"XQ{_letters(n)}QX")
        for n, (slot, file, where) in enumerate(found)
    ]


def _letters(n: int) -> str:
    return "".join(chr(ord("A") + (n // 26**i) % 26) for i in (2, 1, 0))
