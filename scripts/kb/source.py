"""Where each kind of file lives under `steps/`, and loading + schema-checking all of them."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import Problem
from kb.load import Loaded, load_file
from kb.validate import validate

# kind -> glob below the KB root; one data file per entity, named by its natural key.
LAYOUT = {
    "settings": "settings.yml",
    "platform": "platforms/*.yml",
    "task": "tasks/*.yml",
    "category": "categories/*.yml",
    "procedure": "procedures/*/*.yml",
    "page": "pages/*.yml",
}
ASSET_DIRS = ("screenshots",)


@dataclass
class Source:
    """Every file of a KB, loaded and schema-valid, keyed by kind then natural key."""

    root: Path
    files: dict[str, dict[str, Loaded]]
    # Keys of files that exist but could not be loaded, so references to them are not "unknown".
    unreadable: dict[str, set[str]] = field(default_factory=dict)

    def display(self, relative: str) -> str:
        return display_path(self.root, self.root / relative)


def find_root(path: Path) -> Path:
    """Accept either the project folder (holding `steps/`) or the `steps/` folder itself."""
    return path / "steps" if (path / "steps" / "settings.yml").exists() else path


def display_path(root: Path, path: Path) -> str:
    """Paths are shown relative to the folder above `steps/`, as editors open them."""
    return path.relative_to(root.parent).as_posix()


def natural_key(kind: str, root: Path, path: Path) -> str:
    if kind == "procedure":
        return f"{path.parent.name}/{path.stem}"
    return path.stem


def read_file(kind: str, path: Path, display: str) -> tuple[Loaded | None, list[Problem]]:
    """One file as strict YAML with positions, checked against its kind's schema."""
    try:
        loaded, problems = load_file(path, display)
    except OSError as err:  # a folder named like a file, a file removed while reading
        return None, [Problem(display, 1, 1, "(file)", f"cannot read: {err.strerror}")]
    if loaded is not None:
        problems += validate(loaded, kind)
    return loaded, problems


# How `read_source` reads one file: `read_file`, or one that remembers files not changed since
# (`kb preview`).
Reader = Callable[[str, Path, str], tuple[Loaded | None, list[Problem]]]


def read_source(root: Path, read: Reader = read_file) -> tuple[Source, list[Problem]]:
    """Load and schema-check every file; problems from all files are collected together."""
    problems: list[Problem] = []
    files: dict[str, dict[str, Loaded]] = {kind: {} for kind in LAYOUT}
    if not (root / LAYOUT["settings"]).is_file():
        where = display_path(root, root / LAYOUT["settings"]) if root.parent else str(root)
        return Source(root, files), [Problem(where, 1, 1, "(file)", "the settings file is missing")]
    found = [
        (kind, path) for kind, pattern in LAYOUT.items() for path in sorted(root.glob(pattern))
    ]
    unreadable: dict[str, set[str]] = {kind: set() for kind in LAYOUT}
    shown = f"{root.name}/"
    start = len(str(root)) + 1
    displays: set[str] = set()
    for kind, path in found:
        display = shown + str(path)[start:]
        displays.add(display)
        loaded, file_problems = read(kind, path, display)
        if loaded is not None:
            files[kind][natural_key(kind, root, path)] = loaded
        else:
            unreadable[kind].add(natural_key(kind, root, path))
        problems += file_problems
    problems += _unexpected_files(root, displays)
    return Source(root, files, unreadable), problems


def _unexpected_files(root: Path, known: set[str]) -> list[Problem]:
    """A misplaced or misnamed file would silently not appear: say so instead. `known` holds
    display paths; the walk works on strings (a Path per file is slow across thousands)."""
    found = []
    for folder, dirs, names in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        if rel == ".":
            dirs[:] = [d for d in dirs if d not in ASSET_DIRS]
            names = [n for n in names if n not in ASSET_DIRS]
        prefix = f"{root.name}/" if rel == "." else f"{root.name}/{rel}/"
        found += [prefix + name for name in names if not name.startswith(".")]
    expected = ", ".join(LAYOUT.values())
    return [
        Problem(path, 1, 1, "(file)", f"unexpected file; KB files go in: {expected}")
        for path in sorted((p for p in found if p not in known), key=lambda p: p.split("/"))
    ]
