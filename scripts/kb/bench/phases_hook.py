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


@event_priority(FIRST)
def on_files(files: object, config: object) -> object:
    _stop("finding files")
    return files


@event_priority(LAST)
def on_pre_page(page: object, config: object, files: object) -> object:
    _start("reading pages")
    return page


@event_priority(FIRST)
def on_page_markdown(markdown: str, page: object, config: object, files: object) -> str:
    _stop("reading pages")
    return markdown


@event_priority(LAST)
def on_env(env: object, config: object, files: object) -> object:
    _start("copying files")
    return env


@event_priority(FIRST)
def on_template_context(context: object, template_name: str, config: object) -> object:
    _stop("copying files")
    return context


@event_priority(LAST)
def on_post_build(config: object) -> None:
    log.info("kb-bench: %s", ", ".join(f"{step} {s:.3f} s" for step, s in _spent.items()))
