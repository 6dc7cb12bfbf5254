"""The thin MkDocs adapter: add the generated pages in memory on every build.

Generated pages reach MkDocs without their front matter: the hook hands each page's metadata over
as data (`on_page_markdown`), so MkDocs does not parse YAML the generator has just written.

Validation runs in `on_pre_build`, before MkDocs cleans the site folder, so a KB error aborts the
build with the previous output untouched. `steps/` is re-read on every build because MkDocs does
not reload hook modules during `mkdocs serve` (its `watch` list includes `steps/`).

Markdown twins (`faq/ID/slug/index.md`) are written at the end, into the folders the pages made.

At the end of each build the hook logs the time it spent itself (generation, adding the files,
the policy, the twins), measured inside the build: a figure that a busy machine does not blur
the way it blurs the difference of two whole builds.
"""

from __future__ import annotations

import time

_IMPORT_START = time.perf_counter()

import logging  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from kb.build import build, results_path  # noqa: E402
from kb.csp import add_policy  # noqa: E402
from kb.errors import KbError  # noqa: E402
from kb.generate import Site  # noqa: E402
from kb.render_markdown import split_front_matter  # noqa: E402

_IMPORT_S = time.perf_counter() - _IMPORT_START
log = logging.getLogger("mkdocs.plugins.kb")
_site: Site | None = None
_spent = {"generate": 0.0, "files": 0.0, "policy": 0.0, "twins": 0.0}


def on_pre_build(config: MkDocsConfig) -> None:
    global _site
    start = time.perf_counter()
    _spent.update(dict.fromkeys(_spent, 0.0))
    project = Path(config.config_file_path).parent
    steps = project / config.extra.get("kb_steps", "steps")
    try:
        _, _site = build(steps, results=results_path(project), site_url=config.site_url)
    except KbError as err:
        count = len(err.problems)
        raise PluginError(f"{count} problem(s) in {steps.name}/:\n{err.report()}") from None
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
    for path, data in _site.assets.items():
        if is_twin(path):
            continue  # written by on_post_build
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


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Give every page a Content-Security-Policy that trusts only its own scripts and the site."""
    return _with_policy(output, config)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same policy for HTML the theme renders without a page (404.html); not sitemap.xml."""
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(output_content, config)


def _with_policy(output: str, config: MkDocsConfig) -> str:
    start = time.perf_counter()
    feedback = config.extra.get("feedback") or {}
    output = add_policy(output, connect_to=[feedback.get("endpoint") or ""])
    _spent["policy"] += time.perf_counter() - start
    return output


def is_twin(path: str) -> bool:
    """A guide's Markdown twin (`faq/ID/slug/index.md`): published as a file, not a page."""
    return path.endswith(".md")


def write_twins(site: Site, site_dir: Path) -> None:
    """Each Markdown twin next to its guide's `index.html`. Written once the pages are: their
    folders exist then, where writing the twins first would create them (0.2-1.5 s at 1500
    guides on a busy disk) only to move work the page writing does anyway."""
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


def on_post_build(config: MkDocsConfig) -> None:
    global _IMPORT_S
    start = time.perf_counter()
    if _site is not None:
        write_twins(_site, Path(config.site_dir))
    _spent["twins"] = time.perf_counter() - start
    pages = len(_site.pages) if _site else 0
    log.info(
        "kb: %d generated pages; hook time %.2f s (imports %.2f s, generate %.2f s, "
        "add files %.2f s, Content-Security-Policy %.2f s, Markdown twins %.2f s)",
        pages,
        _IMPORT_S + sum(_spent.values()),
        _IMPORT_S,
        _spent["generate"],
        _spent["files"],
        _spent["policy"],
        _spent["twins"],
    )
    _IMPORT_S = 0.0  # paid once per process, not on each `mkdocs serve` rebuild
