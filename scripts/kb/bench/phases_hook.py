"""A MkDocs hook `kb bench` adds to both builds it compares: times the steps whose work differs.

The KB hook times itself, but its build also differs from the plain one inside MkDocs: the plain
build finds and reads thousands of Markdown files and parses their front matter, the hook build
copies Markdown twins. Each step is bracketed by the events around it (this hook runs first or
last on each), timed inside one build, and logged at the end:

- finding files: the end of `on_pre_build` to `on_files` (cleaning, `get_files`, theme files);
- reading pages: `on_pre_page` to `on_page_markdown`, summed (`Page.read_source`);
- copying files: `on_env` to the first `on_template_context` (`copy_static_files`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.kb_bench")
FIRST, LAST = 1000, -1000
_mark: dict[str, float] = {}
_spent = {"finding files": 0.0, "reading pages": 0.0, "copying files": 0.0}


def _start(step: str) -> None:
    _mark[step] = time.perf_counter()


def _stop(step: str) -> None:
    started = _mark.pop(step, None)
    if started is not None:
        _spent[step] += time.perf_counter() - started


@event_priority(LAST)
def on_pre_build(config: object) -> None:
    _spent.update(dict.fromkeys(_spent, 0.0))
    _start("finding files")


def _event(step: str, *, starts: bool) -> Callable[..., object]:
    """A handler for an event that starts (last of all handlers) or stops (first) `step`."""

    @event_priority(LAST if starts else FIRST)
    def handler(item: object, **_: object) -> object:
        (_start if starts else _stop)(step)
        return item

    return handler


on_files = _event("finding files", starts=False)
on_pre_page = _event("reading pages", starts=True)
on_page_markdown = _event("reading pages", starts=False)
on_env = _event("copying files", starts=True)
on_template_context = _event("copying files", starts=False)


@event_priority(LAST)
def on_post_build(config: object) -> None:
    log.info("kb-bench: %s", ", ".join(f"{step} {s:.3f} s" for step, s in _spent.items()))
