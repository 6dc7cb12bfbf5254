"""The thin MkDocs adapter: the generated pages, added in memory on every build.

`on_pre_build` runs the whole pipeline (`kb.build.build`) before MkDocs cleans the site folder,
so a KB error aborts the build with the previous output untouched. `steps/` is re-read on every
build because MkDocs does not reload hook modules during `mkdocs serve` (its `watch` list
includes `steps/`).

Each generated page reaches MkDocs as data: its body as the file's content, its metadata set as
`page.meta`, so no front matter is written only to be parsed again. The Markdown twins are
written into the site folder after the pages: as files in `docs/`, MkDocs would render them.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kb.build import build, results_path
from kb.errors import KbError
from kb.generate import Site
from kb.publish import PUBLISH_URL_ENV

_site: Site | None = None


def on_pre_build(config: MkDocsConfig) -> None:
    global _site
    project = Path(config.config_file_path).parent
    steps = project / config.extra.get("kb_steps", "steps")
    _site = None
    try:
        _, _site = build(steps, results=results_path(project), site_url=config.site_url)
    except KbError as err:
        count = len(err.problems)
        raise PluginError(f"{count} problem(s) in {steps.name}/:\n{err.report()}") from None


def use_site(site: Site) -> None:
    """Hand the hook an already generated site, as `on_pre_build` would (used by `kb preview`)."""
    global _site
    _site = site


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    for path, page in _site.pages.items():
        files.append(File.generated(config, path, content=page.body))
    for path, data in _site.assets.items():
        if not is_twin(path):
            # Explicitly included: MkDocs would otherwise drop dot folders such as .well-known/.
            inclusion = InclusionLevel.INCLUDED
            files.append(File.generated(config, path, content=data, inclusion=inclusion))
    config.nav = theme_html(_site.nav)
    return files


@event_priority(100)  # first: other plugins see the page's metadata as if MkDocs had read it
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _site.pages.get(page.file.src_uri) if _site is not None else None
    if generated is not None and page.file.generated_by is not None:
        page.meta = {
            k: Markup(v) if k in THEME_HTML and isinstance(v, str) else v
            for k, v in generated.meta.items()
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


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """A publish build (`kb site`) uses the address it checked, whatever the config says."""
    publish_url = os.environ.get(PUBLISH_URL_ENV)
    if publish_url:
        config.site_url = publish_url
    return config


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """A one-platform page names its guide as canonical (`kb_canonical`): it is one tab of it."""
    canonical = (page.meta or {}).get("kb_canonical")
    if canonical and config.site_url:
        page.canonical_url = urljoin(config.site_url, canonical)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    if _site is not None:
        write_twins(_site, Path(config.site_dir))


def is_twin(path: str) -> bool:
    """A guide's Markdown twin (`faq/ID/slug/index.md`): published as a file, not a page."""
    return path.endswith(".md")


def write_twins(site: Site, folder: Path) -> None:
    """Each guide's Markdown twin at its path below the built site `folder`."""
    for path, data in site.assets.items():
        if is_twin(path):
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
