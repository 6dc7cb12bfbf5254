"""A copy of a KB with chosen values poisoned, written back as YAML, and where each value landed.

A free value keeps its text and gets the marker and the payload after it; a `ui` label or link
phrase that is poisoned is replaced in the text it belongs to, so the text still contains it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from schemaslots import Instance, Path_


def _label(label: str) -> re.Pattern[str]:
    """How the project finds a `ui` label or link phrase inside its text (a whole phrase)."""
    return re.compile(rf"(?<!\w){re.escape(label)}(?!\w)")


def hostile(instance: Instance, original: str, payload: str, bare: bool) -> str:
    """The poisoned value: the original kept (so a constrained value still has its shape, e.g. a
    URL keeps `https://host/`), then the marker, then the payload naming the marker; or, for a
    constrained field and a `bare` payload (a `javascript:` URL), the payload alone."""
    attack = payload.replace("MARK", instance.marker)
    if instance.slot.constrained and bare:
        return attack
    if instance.slot.constrained:
        return f"{original}{instance.marker}{attack}"
    return f"{original} {instance.marker} {attack}"


def poison(
    kb: dict[str, Any], chosen: list[Instance], payload: str, bare: bool = False
) -> dict[str, Any]:
    """A copy of the KB with each chosen instance poisoned; a poisoned `ui` label or link phrase
    replaces its original in the text it labels, so the text still contains it."""
    out = json.loads(json.dumps(kb))
    labels: dict[int, tuple[dict[str, Any], dict[str, str]]] = {}  # text -> renames
    # Keys last: the values below a key are found by its original name.
    for instance in sorted(chosen, key=lambda i: i.where[-1] == "<key>"):
        *parent_path, last = instance.where
        parent = out[instance.file]
        for step in parent_path[:-1] if last == "<key>" else parent_path:
            parent = parent[step]
        if last == "<key>":
            old = parent_path[-1]
            new = hostile(instance, str(old), payload, bare)
            renamed = {new if k == old else k: v for k, v in parent.items()}
            parent.clear()
            parent.update(renamed)
            continue
        original = parent[last]
        owner = _text_owner(out[instance.file], instance.where)
        if owner is None:
            parent[last] = hostile(instance, original, payload, bare)
            continue
        # A label that is also a link phrase: the second poisoned value extends the first, so
        # the text holds both, as it held the one original.
        renames = labels.setdefault(id(owner), (owner, {}))[1]
        parent[last] = renames[original] = hostile(
            instance, renames.get(original, original), payload, bare
        )
    for owner, renames in labels.values():
        text = owner["text"]
        for original, new in sorted(renames.items(), key=lambda pair: -len(pair[0])):
            text = _label(original).sub(lambda _m, new=new: new, text)
        # A later replacement may have cut an earlier one: what is missing goes at the end.
        text += "".join(f" {new}" for new in renames.values() if not _label(new).search(text))
        owner["text"] = text
    return out


def _text_owner(data: Any, where: Path_) -> dict[str, Any] | None:
    """The mapping with `text` that a `ui` label or link `phrase` at `where` belongs to."""
    if len(where) >= 3 and where[-2] == "ui" or where[-1] == "phrase":
        owner = data
        for step in where[: -2 if where[-2] == "ui" else -3]:
            owner = owner[step]
        return owner if isinstance(owner, dict) and "text" in owner else None
    return None


def write_kb(kb: dict[str, Any], source: Path, steps: Path) -> None:
    """Write every file under `steps`, keeping each original's leading comment lines."""
    for file, data in kb.items():
        original = (source / file).read_text("utf-8").splitlines(keepends=True)
        head = "".join(line for line in original[:3] if line.startswith("#"))
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
        (steps / file).parent.mkdir(parents=True, exist_ok=True)
        (steps / file).write_text(head + text, "utf-8")


def positions(kb: dict[str, Any], steps: Path, chosen: list[Instance]) -> dict[Instance, set]:
    """Where a refusal of each instance may point in the poisoned files written from `kb`:
    (file, 1-based line) of its value or key, and for a `ui` label or link phrase also of the
    text it belongs to (it is refused there when the text does not contain it)."""
    nodes: dict[str, yaml.Node] = {}
    found: dict[Instance, set] = {}
    for instance in chosen:
        if instance.file not in nodes:
            nodes[instance.file] = yaml.compose((steps / instance.file).read_text("utf-8"))
        node, data = nodes[instance.file], kb[instance.file]
        path = [s for s in instance.where if s != "<key>"]
        owner = len(path) - (3 if path[-1] == "phrase" else 2 if "ui" in path[-2:] else len(path))
        found[instance] = set()
        for n, step in enumerate(path, start=1):
            if isinstance(node, yaml.SequenceNode):
                node, data = node.value[int(step)], data[int(step)]
            else:
                key, value = node.value[list(data).index(step)]
                data = data[step]
                node = key if n == len(path) and instance.where[-1] == "<key>" else value
            if n == owner:  # the text's mapping, and its `text` value
                text = node.value[list(data).index("text")][1]
                found[instance] |= {(instance.file, m.start_mark.line + 1) for m in (node, text)}
        found[instance].add((instance.file, node.start_mark.line + 1))
    return found
