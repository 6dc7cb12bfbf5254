"""The thin MkDocs adapter: add the generated pages in memory on every build.

Generated pages reach MkDocs without their front matter: the hook hands each page's metadata over
as data (`on_page_markdown`), so MkDocs does not parse YAML the generator has just written.

Validation runs in `on_pre_build`, before MkDocs cleans the site folder, so a KB error aborts the
build with the previous output untouched. `steps/` is re-read on every build because MkDocs does
not reload hook modules during `mkdocs serve` (its `watch` list includes `steps/`).

Markdown twins (`faq/ID/slug/index.md`) are written by a forked child while MkDocs renders pages.

At the end of each build the hook logs the time it spent itself (generation, adding the files,
the twins), measured inside the build: a figure that a busy machine does not blur
the way it blurs the difference of two whole builds.
"""

from __future__ import annotations

import time

_IMPORT_START = time.perf_counter()

import gc  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from kb.build import build, results_path  # noqa: E402
from kb.errors import KbError  # noqa: E402
from kb.generate import Site  # noqa: E402
from kb.parallel import in_background, jobs, succeeded  # noqa: E402
from kb.render_markdown import split_front_matter  # noqa: E402

_IMPORT_S = time.perf_counter() - _IMPORT_START
log = logging.getLogger("mkdocs.plugins.kb")
_site: Site | None = None
_spent = {"generate": 0.0, "files": 0.0, "twins": 0.0}


def on_pre_build(config: MkDocsConfig) -> None:
    global _site
    start = time.perf_counter()
    _spent.update(dict.fromkeys(_spent, 0.0))
    project = Path(config.config_file_path).parent
    steps = project / config.extra.get("kb_steps", "steps")
    try:
        jobs()
    except ValueError as err:  # a wrong $KB_JOBS, named before any work
        raise PluginError(str(err)) from None
    try:
        _, _site = build(steps, results=results_path(project), site_url=config.site_url)
    except KbError as err:
        count = len(err.problems)
        raise PluginError(f"{count} problem(s) in {steps.name}/:\n{err.report()}") from None
    # Out of the cycle collector's way until the build ends: it would otherwise scan the
    # millions of objects generation left again and again while MkDocs works (0.35 s at 1500
    # guides). Reference counting still frees them (the model, as soon as this returns);
    # `on_post_build` and `on_build_error` unfreeze.
    gc.freeze()
    _spent["generate"] = time.perf_counter() - start


def use_site(site: Site) -> None:
    """Hand the hook an already generated site, as `on_pre_build` would (used by `kb preview`)."""
    global _site
    _site = site


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    start = time.perf_counter()
    for path, text in _site.pages.items():
        file = File.generated(config, path, content=text)
        set_content(file, text)
        files.append(file)
    _twins.start(_site, Path(config.site_dir))  # the site folder is clean by now
    for path, data in _site.assets.items():
        if is_twin(path):
            continue  # written beside MkDocs by _twins
        # Explicitly included: MkDocs would otherwise drop dot folders such as .well-known/.
        files.append(File.generated(config, path, content=data, inclusion=InclusionLevel.INCLUDED))
    config.nav = _site.nav
    _spent["files"] = time.perf_counter() - start
    return files


def set_content(file: File, text: str) -> None:
    """Give a generated page its Markdown: the body as the file, the front matter as data."""
    parts = split_front_matter(text)
    if parts is None:  # not written by the generator: MkDocs reads it as usual
        file.content_string, file.kb_meta = text, None
    else:
        file.kb_meta, file.content_string = parts


@event_priority(100)  # first: other plugins see the page's metadata as if MkDocs had read it
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = getattr(page.file, "kb_meta", None)
    if meta is not None:
        page.meta = dict(meta)
    return markdown


def is_twin(path: str) -> bool:
    """A guide's Markdown twin (`faq/ID/slug/index.md`): published as a file, not a page."""
    return path.endswith(".md")


def write_twins(site: Site, site_dir: Path) -> None:
    """Each Markdown twin next to its guide's `index.html` (the folder is made if needed)."""
    for path, data in site.assets.items():
        if not is_twin(path):
            continue
        target = os.path.join(site_dir, path)
        try:
            out = open(target, "wb")
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            out = open(target, "wb")
        with out:
            out.write(data)


class _TwinWriter:
    """Writes the twins in a forked child while MkDocs renders pages on this core. Written at
    the end they took 0.1-1.6 s of a 1500-guide build, most of it waiting for a disk busy with
    the pages; a thread would have to take the interpreter lock from MkDocs for every file.
    Started in `on_files`, after every fork of this build and once the site folder is clean.
    Where forking is not possible (threads, one CPU) or the child fails, `finish` writes them."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.pending: tuple[Site, Path] | None = None

    def start(self, site: Site, site_dir: Path) -> None:
        self.stop()
        self.pending = (site, site_dir)
        self.pid = in_background(lambda: write_twins(site, site_dir))

    def finish(self) -> None:
        pid, pending, self.pid, self.pending = self.pid, self.pending, None, None
        if pending is not None and (pid is None or not succeeded(pid)):
            write_twins(*pending)

    def stop(self) -> None:
        if self.pid is not None:
            succeeded(self.pid, stop=True)
        self.pid = self.pending = None


_twins = _TwinWriter()


def finish_twins() -> None:
    """Wait for the twins `on_files` started to write, or write them (used by `kb preview`)."""
    _twins.finish()


def on_build_error(error: Exception) -> None:
    _twins.stop()  # nothing keeps writing into a site that failed
    gc.unfreeze()


def on_post_build(config: MkDocsConfig) -> None:
    global _IMPORT_S
    gc.unfreeze()  # `mkdocs serve` garbage from this build can be collected again
    start = time.perf_counter()
    finish_twins()
    _spent["twins"] = time.perf_counter() - start
    pages = len(_site.pages) if _site else 0
    log.info(
        "kb: %d generated pages; hook time %.2f s (imports %.2f s, generate %.2f s, "
        "add files %.2f s, Markdown twins %.2f s)",
        pages,
        _IMPORT_S + sum(_spent.values()),
        _IMPORT_S,
        _spent["generate"],
        _spent["files"],
        _spent["twins"],
    )
    _IMPORT_S = 0.0  # paid once per process, not on each `mkdocs serve` rebuild
