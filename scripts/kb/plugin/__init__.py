"""The MkDocs plugin `kb` (`plugins: [search, kb]`): the generated pages, added in memory on
every build, and a Content-Security-Policy in every HTML page. The only code importing MkDocs.

`on_pre_build` runs the whole pipeline (`kb.build.build`) before MkDocs cleans the site folder,
so a KB error aborts the build with the previous output untouched; `steps/` is read again on
every build of `mkdocs serve`. Each page reaches MkDocs as data: its body as the file's content,
its metadata set as `page.meta` (no front matter written only to be parsed again). The Markdown
twins are written into the site folder after the pages: as files in `docs/`, MkDocs would
render them. A publish build (`kb site`) hands over the site URL it checked (`kb.publish`), and a
one-platform page names its guide as its canonical address.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from kb.build import build, results_path
from kb.errors import KbError, Problem
from kb.i18n.ui import UI
from kb.plugin.config import KbConfig
from kb.plugin.languages import alternates, language_setup, utf8_search_index
from kb.publish import PUBLISH_URL_ENV
from kb.render.csp import add_policy
from kb.render.site import Site, is_twin, write_twins

# Metadata the generator gives as HTML text (`kb.render.text.theme_text`), as the theme prints it.
THEME_HTML = frozenset({"title", "description"})

log = get_plugin_logger(__name__)


class KbPlugin(BasePlugin[KbConfig]):
    site: Site | None = None
    language = "en"
    several = False

    @event_priority(100)  # first: the search plugin takes its language from the theme's
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # overrides/main.html reads the endpoint where templates read site-wide settings.
        config.extra["feedback"] = {"endpoint": self.config.feedback_endpoint}
        # A publish build (`kb site`) uses the address it checked, whatever the config says.
        publish_url = os.environ.get(PUBLISH_URL_ENV)
        if publish_url:
            config.site_url = publish_url
        self.language = self.config.language or os.environ.get("KB_LANGUAGE") or "en"
        languages = self.config.languages or os.environ.get("KB_LANGUAGES") or ""
        # With several languages, this build's address is the site's plus `<language>/`.
        self.several = language_setup(config, self.language, languages)
        config.extra["words"] = dict(UI)  # English until a build gives the language's
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.site = None
        if not self.config.generate:
            return
        steps = Path(self.config.steps)
        project = Path(config.config_file_path).parent
        try:
            _, self.site = build(
                steps,
                results=results_path(project),
                site_url=config.site_url,
                language=self.language,
                language_root=self.several,
                on_warning=_note,
            )
        except KbError as err:
            count = len(err.problems)
            raise PluginError(f"{count} problem(s) in {steps.name}/:\n{err.report()}") from None

    def use_site(self, site: Site) -> None:
        """An already generated site, as `on_pre_build` would set it (used by `kb preview`)."""
        self.site = site

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.site is None:
            return files
        for path, page in self.site.pages.items():
            files.append(File.generated(config, path, content=page.body))
        for path, data in self.site.assets.items():
            if not is_twin(path):
                # Explicitly included: MkDocs would otherwise drop dot folders like .well-known/.
                inclusion = InclusionLevel.INCLUDED
                files.append(File.generated(config, path, content=data, inclusion=inclusion))
        config.nav = theme_html(self.site.nav)
        config.extra["words"] = dict(self.site.words)  # overrides/main.html prints them
        return files

    @event_priority(100)  # first: other plugins see the metadata as if MkDocs had read it
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        generated = self.site.pages.get(page.file.src_uri) if self.site is not None else None
        if generated is not None and page.file.generated_by is not None:
            page.meta = {
                k: Markup(v) if k in THEME_HTML and isinstance(v, str) else v
                for k, v in generated.meta.items()
            }
        return markdown

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """A one-platform page names its guide as canonical (`kb_canonical`): one tab of it."""
        # Material prints config.extra.alternate as the hreflang links and the language
        # switcher: pointed at this page in each language, the reader stays on the same FAQ.
        alternates(config, page.url)
        canonical = (page.meta or {}).get("kb_canonical")
        if canonical and config.site_url:
            page.canonical_url = urljoin(config.site_url, canonical)
        return context

    @event_priority(-100)  # last: the policy covers whatever other plugins and hooks added
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self._with_policy(output)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """HTML the theme renders without a page (404.html) gets the policy too; not sitemap.xml."""
        if not template_name.endswith(".html"):
            return output_content
        return self._with_policy(output_content)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        utf8_search_index(Path(config.site_dir))
        if self.site is not None:
            write_twins(self.site, Path(config.site_dir))

    def _with_policy(self, html: str) -> str:
        if not self.config.csp:
            return html
        return add_policy(html, connect_to=[self.config.feedback_endpoint])


def _note(problem: Problem) -> None:
    """A content warning (`kb.errors.Problem.warning`) is logged as information: MkDocs' --strict
    fails on a logged warning, and content getting old must not fail the site build."""
    log.info("%s", problem)


def theme_html(nav: list) -> list:
    """The generated navigation with its labels marked as HTML text (they are: `theme_text`):
    marked, a template's `| e` leaves them as they are instead of escaping them twice."""
    return [
        {Markup(label): theme_html(to) if isinstance(to, list) else to for label, to in e.items()}
        if isinstance(e, dict)
        else e
        for e in nav
    ]
