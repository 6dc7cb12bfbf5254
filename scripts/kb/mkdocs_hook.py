"""The thin MkDocs adapter: add the generated pages in memory on every build.

Generated pages reach MkDocs without their front matter: the hook hands each page's metadata over
as data (`on_page_markdown`), so MkDocs does not parse YAML the generator has just written.

Validation runs in `on_pre_build`, before MkDocs cleans the site folder, so a KB error aborts the
build with the previous output untouched. `steps/` is re-read on every build because MkDocs does
not reload hook modules during `mkdocs serve` (its `watch` list includes `steps/`).

On two cores the guides are rendered by a forked child while MkDocs cleans the site folder and
reads pages (`kb.streamed`): the hook adds every page in `on_files`, and a guide's text is
fetched the first time anything reads its file (`_Pending`). The child writes the Markdown twins
(`faq/ID/slug/index.md`) once the site folder is clean.

At the end of each build the hook logs the time it spent itself (generation, adding the files,
waiting for pages, the twins), measured inside the build: a figure that a busy machine does not
blur the way it blurs the difference of two whole builds.
"""

from __future__ import annotations

import time

_IMPORT_START = time.perf_counter()

import gc  # noqa: E402
import logging  # noqa: E402
from pathlib import Path  # noqa: E402

from markupsafe import Markup  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from kb.build import results_path, start_site  # noqa: E402
from kb.errors import KbError  # noqa: E402
from kb.generate import Site  # noqa: E402
from kb.parallel import jobs  # noqa: E402
from kb.streamed import Streamed, content_of  # noqa: E402

_IMPORT_S = time.perf_counter() - _IMPORT_START
log = logging.getLogger("mkdocs.plugins.kb")
_site: Streamed | None = None
_handed = 0  # pages whose text was fetched as MkDocs read them, in this build
_spent = {"generate": 0.0, "files": 0.0, "pages": 0.0, "twins": 0.0}


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
    if _site is not None:
        _site.stop()  # a previous build that ended without on_post_build
        _site = None
    try:
        _site = start_site(steps, results=results_path(project), site_url=config.site_url)
    except KbError as err:
        count = len(err.problems)
        raise PluginError(f"{count} problem(s) in {steps.name}/:\n{err.report()}") from None
    # Out of the cycle collector's way until the build ends: it would otherwise scan the
    # millions of objects generation left again and again while MkDocs works (0.35 s at 1500
    # guides). Reference counting still frees them; `on_post_build` and `on_build_error`
    # unfreeze.
    gc.freeze()
    _spent["generate"] = time.perf_counter() - start


def use_site(site: Site) -> None:
    """Hand the hook an already generated site, as `on_pre_build` would (used by `kb preview`)."""
    global _site
    _site = Streamed.from_site(site)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    start = time.perf_counter()
    global _handed
    _handed = 0
    for path, text in _site.site.pages.items():
        if path in _site.waiting:  # its text is fetched when first read
            files.append(_Pending.of(config, path, _site))
        else:
            file = File.generated(config, path, content=text)
            set_content(file, text)
            files.append(file)
    _site.release(config.site_dir)  # the site folder is clean by now: twins may be written
    for path, data in _site.site.assets.items():
        # Explicitly included: MkDocs would otherwise drop dot folders such as .well-known/.
        files.append(File.generated(config, path, content=data, inclusion=InclusionLevel.INCLUDED))
    config.nav = theme_html(_site.site.nav)
    _spent["files"] = time.perf_counter() - start
    return files


def _fetched_first(prop: property) -> property:
    """`File`'s property `prop`, on a `_Pending` file: its text is fetched before any read."""

    def get(self: _Pending) -> object:
        self._fetch()
        return prop.fget(self)

    def set_(self: _Pending, value: object) -> None:
        self.kb_source = None
        prop.fset(self, value)

    return property(get, set_)


class _Pending(File):
    """A generated page whose text the render child may still be sending: it is fetched the
    first time anything reads the file (MkDocs in `Page.read_source`, or a plugin before)."""

    kb_meta: dict | None = None
    kb_source: Streamed | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, path: str, source: Streamed) -> _Pending:
        file = cls.generated(config, path, content="")
        file.kb_source = source
        return file

    def _fetch(self) -> None:
        global _handed
        source, self.kb_source = self.kb_source, None
        if source is not None:
            start = time.perf_counter()
            self.kb_meta, self._content = source.content(self.src_uri)
            _handed += 1
            _spent["pages"] += time.perf_counter() - start

    # MkDocs reads either; both give the fetched text, and setting either replaces it.
    content_string = _fetched_first(File.content_string)
    content_bytes = _fetched_first(File.content_bytes)


def set_content(file: File, text: str) -> None:
    """Give a generated page its Markdown: the body as the file, the front matter as data
    (None when the text has none: MkDocs reads it as usual)."""
    file.kb_meta, file.content_string = content_of(text)


@event_priority(100)  # first: other plugins see the page's metadata as if MkDocs had read it
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = getattr(page.file, "kb_meta", None)
    if meta is not None:
        page.meta = {
            k: Markup(v) if k in THEME_HTML and isinstance(v, str) else v for k, v in meta.items()
        }
    return markdown


# Metadata the generator gives as HTML text (`kb.render_text.theme_text`), as the theme prints it.
THEME_HTML = frozenset({"title", "description"})


def theme_html(nav: list) -> list:
    """The generated navigation with its labels marked as HTML text (they are: `theme_text`):
    marked, a template's `| e` leaves them as they are instead of escaping them twice."""
    return [
        {Markup(label): theme_html(to) if isinstance(to, list) else to for label, to in e.items()}
        if isinstance(e, dict)
        else e
        for e in nav
    ]


def finish_twins() -> None:
    """Wait until every page arrived and every twin is written (used by `kb preview`)."""
    if _site is not None:
        _site.finish()


def on_build_error(error: Exception) -> None:
    if _site is not None:
        _site.stop()  # nothing keeps writing into a site that failed
    gc.unfreeze()


def on_post_build(config: MkDocsConfig) -> None:
    global _IMPORT_S
    gc.unfreeze()  # `mkdocs serve` garbage from this build can be collected again
    start = time.perf_counter()
    finish_twins()
    _spent["twins"] = time.perf_counter() - start
    pages = len(_site.site.pages) if _site else 0
    log.info(
        "kb: %d generated pages, %d of them rendered beside MkDocs (%.2f s of CPU on the "
        "other core); hook time %.2f s (imports %.2f s, generate %.2f s, add files %.2f s, "
        "waiting for pages %.2f s, Markdown twins %.2f s)",
        pages,
        _handed,
        _site.child_cpu_s if _site else 0.0,
        _IMPORT_S + sum(_spent.values()),
        _IMPORT_S,
        _spent["generate"],
        _spent["files"],
        _spent["pages"],
        _spent["twins"],
    )
    _IMPORT_S = 0.0  # paid once per process, not on each `mkdocs serve` rebuild
