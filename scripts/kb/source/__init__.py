"""Where each kind of file lives under `steps/`, and loading + schema-checking all of them."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import Problem
from kb.source.load import Loaded, load_file
from kb.source.schema import validate

# kind -> glob below the KB root; one data file per entity, named by its natural key.
LAYOUT = {
    "settings": "settings.yml",
    "platform": "platforms/*.yml",
    "task": "tasks/*.yml",
    "category": "categories/*.yml",
    "procedure": "procedures/*/*.yml",
    "page": "pages/*.yml",
}
# Read by their own stages: screenshots (render/site.py), catalogues (kb.i18n).
ASSET_DIRS = ("screenshots", "locales")


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
    loaded, problems = load_file(path, display)
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
    links = symlinks(root)
    found = [
        (kind, path)
        for kind, pattern in LAYOUT.items()
        for path in sorted(root.glob(pattern))
        if not (links and through_link(path, links))
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
    problems += refuse_links(root, links)
    for kind, key in _linked_keys(root, links):
        unreadable[kind].add(key)
    known = displays | {display_path(root, Path(p)) for p in links}
    problems += _unexpected_files(root, known)
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


def symlinks(root: Path) -> list[str]:
    """Every symbolic link under `root`, file or folder, without following any of them.

    All of them are refused, also one that points to another file of the KB: the build reads
    only what is inside `steps/` as the repository stores it, and whether a link's target is
    inside depends on where it is checked out (git stores the link, not the file; a checkout
    with `core.symlinks=false` turns it into a text file). A link inside `steps/` would also
    publish one file under two names. One rule, no exception to reason about: copy or move
    the file instead."""
    found: list[str] = []
    folders = [str(root)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    found.append(entry.path)
                elif entry.is_dir():
                    folders.append(entry.path)
    return sorted(found)


def through_link(path: Path, links: list[str]) -> bool:
    """Whether `path` is one of `links` or lies in a linked folder (the link is not followed)."""
    text = str(path)
    return any(text == link or text.startswith(link + os.sep) for link in links)


def refuse_links(root: Path, links: list[str]) -> list[Problem]:
    """One problem per link, saying whether it leads outside `steps/`; its target is not read
    (nor named: it may be any file the build user can read)."""
    inside = os.path.realpath(root)
    problems = []
    for link in links:
        # realpath, not Path.resolve: a loop of links is a finding here, not an exception.
        target = os.path.realpath(link)
        if not os.path.exists(target):
            where = "that leads to no file (missing, or a loop of links)"
        elif target.startswith(inside + os.sep):
            where = "to a file of the KB"
        else:
            where = "that leads outside steps/"
        problems.append(
            Problem(
                display_path(root, Path(link)),
                1,
                1,
                "(file)",
                f"symbolic link {where}; the build reads only real files inside steps/:"
                " copy or move the file here instead",
            )
        )
    return problems


def _linked_keys(root: Path, links: list[str]) -> list[tuple[str, str]]:
    """(kind, key) of each refused link named like a KB file: it exists, so references to it
    are not reported as unknown as well."""
    found = []
    for link in links:
        relative = Path(link).relative_to(root)
        for kind, pattern in LAYOUT.items():
            # `match` compares from the right: equal depth makes it a match of the whole path.
            if len(relative.parts) == pattern.count("/") + 1 and relative.match(pattern):
                found.append((kind, natural_key(kind, root, relative)))
    return found
