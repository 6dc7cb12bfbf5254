"""What changed on disk since the last look: each file under `steps/` is read again only when its
stamp (mtime, size, inode) changed, through the pipeline's own reader."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kb.errors import Problem
from kb.source import Source, natural_key, read_file, read_source
from kb.source.load import Loaded


@dataclasses.dataclass
class Entry:
    """One file as last read: its stamp (mtime, size, inode), parsed YAML and problems."""

    stamp: tuple[int, int, int] | None
    kind: str
    key: str
    loaded: Loaded | None
    problems: list[Problem]


class Remembered:
    """`kb.source.read_file` for `read_source`, reading a file again only when it changed; after
    each pass, the (kind, key) of every file read again, added or removed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries: dict[Path, Entry] = {}
        self.seen: set[Path] = set()
        self.changed: set[tuple[str, str]] = set()

    def read(self) -> tuple[Source, list[Problem]]:
        self.seen, self.changed = set(), set()
        source, problems = read_source(self.root, self)
        for path in set(self.entries) - self.seen:
            gone = self.entries.pop(path)
            self.changed.add((gone.kind, gone.key))
        return source, problems

    def __call__(self, kind: str, path: Path, display: str) -> tuple[Loaded | None, list[Problem]]:
        self.seen.add(path)
        try:
            st = path.stat()
            stamp: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = None  # read_file reports it; never taken as unchanged
        entry = self.entries.get(path)
        if entry is None or stamp is None or entry.stamp != stamp:
            entry = Entry(
                stamp, kind, natural_key(kind, self.root, path), *read_file(kind, path, display)
            )
            self.entries[path] = entry
            self.changed.add((kind, entry.key))
        return entry.loaded, entry.problems
