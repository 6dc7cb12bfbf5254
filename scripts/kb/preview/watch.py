"""Following `steps/` for `kb preview`: each change is applied in the background as it happens."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver

    from kb.preview import Preview

# What changes a file (reading one is an event too: opened, closed_no_write).
CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})


class _OnChange(FileSystemEventHandler):
    def __init__(self, preview: Preview) -> None:
        self.preview = preview

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES:
            self.preview.changed.set()


def follow(preview: Preview) -> None:
    """Apply each change, forever: whatever a change does, the next one is still applied."""
    while True:
        preview.changed.wait()
        time.sleep(0.05)  # let the editor finish writing
        try:
            preview.sync(prerender=True)
        except Exception as exc:  # noqa: BLE001 - reported; the editor's next save is applied
            print(f"kb preview: applying the change failed: {exc!r}", file=sys.stderr, flush=True)


def watch(preview: Preview, root: Path) -> BaseObserver:
    """Flag changes under `root` as they happen (inotify) and apply them in the background; the
    observer, to stop it."""
    observer = Observer()
    observer.schedule(_OnChange(preview), str(root), recursive=True)
    observer.daemon = True
    observer.start()
    threading.Thread(target=follow, args=(preview,), daemon=True).start()
    return observer
