"""The project's MkDocs configuration, plugins and theme, turning one page into HTML on request.

It replays `mkdocs build` (mkdocs/commands/build.py) one page at a time, with one difference: the
`kb` plugin's `on_pre_build`, which loads and generates the whole KB, is replaced by the preview's
`State`, whose site the plugin's `on_files` then adds as usual.

MkDocs has no public function that renders one page: `mkdocs build` does it in the private
`_populate_page` and `_build_page`. `populate` and `build_page` below do the same through public
API only: `Page.read_source`/`Page.render`, `mkdocs.commands.build.get_context`, the theme's
Jinja environment and every plugin event in the order `mkdocs build` runs them, so a page looks
as built (with, for example, its Content-Security-Policy).

Search: the search plugin indexes a page in `on_page_context` and writes the index in
`on_post_build`, for a whole build only. The preview indexes each page with the plugin's own
`SearchIndex` class (Material's) and re-indexes only pages whose Markdown changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.render.markdown import Markdown
from kb.render.site import Site

if TYPE_CHECKING:
    from kb.plugin import KbPlugin


def kb_plugin(config: Any) -> KbPlugin:
    """The `kb` plugin as MkDocs loaded it (`kb.plugin.KbPlugin`): the one place that knows how
    the generated pages reach MkDocs. The renderer uses four of its members: `on_pre_build` (not
    run: the preview generates the site itself), `use_site(site)` (the site its `on_files` adds,
    in place of what `on_pre_build` would have generated), `on_post_build(config=)` (writes the
    Markdown twins) and `config.steps` (the KB folder)."""
    plugin = config.plugins.get("kb")
    if plugin is None:
        raise SystemExit("kb preview: the configuration does not use the plugin `kb`")
    return plugin


class Renderer:
    """MkDocs' files, navigation and theme for the current site; pages rendered when asked."""

    def __init__(self, config_file: Path, site_dir: Path, url: str) -> None:
        from mkdocs.config import load_config

        config = load_config(str(config_file), site_dir=str(site_dir), site_url=url)
        self.config = config.plugins.on_config(config)
        self.kb = kb_plugin(self.config)
        for event in self.config.plugins.events["pre_build"]:
            if event != self.kb.on_pre_build:  # bound methods: equal, not the same object
                event(config=self.config)
        self.search = self.config.plugins.get("material/search")
        self.by_url: dict[str, Any] = {}
        self.html: dict[str, bytes] = {}  # src_uri -> the page as built
        self.markdown: dict[str, Markdown] = {}  # src_uri -> what its HTML was made from
        self.entries: dict[str, list[Any]] = {}  # src_uri -> its search index entries

    @property
    def steps(self) -> Path:
        return Path(self.kb.config.steps)

    def load(self, site: Site) -> None:
        """Files and navigation of a whole generated site; static files are copied again."""
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation

        config = self.config
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        self.kb.use_site(site)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        self.nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        self.env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files()
        self.kb.on_post_build(config=config)
        self.files, self.docs = files, files.documentation_pages()
        self.by_url = {("" if f.url == "./" else f.url): f for f in self.docs}
        self.html = {}
        # Search entries stay for pages whose Markdown is the same (docs/ pages do not change).
        same = {p for p, e in self.markdown.items() if site.pages.get(p) == e}
        self.entries = {
            p: e for p, e in self.entries.items() if p not in self.markdown or p in same
        }
        self.markdown = dict(site.pages)

    def update(self, pages: dict[str, Markdown]) -> None:
        """New Markdown for a few pages; navigation and other pages stay."""
        for path, page in pages.items():
            file = self.files.get_file_from_path(path)
            if file is not None:
                file.content_string = page.body  # its metadata: the plugin's on_page_markdown
            self.html.pop(path, None)
            self.entries.pop(path, None)
            self.markdown[path] = page

    def render(self, url: str) -> bytes | None:
        """The HTML of the page at `url` (None if there is none), built again if it changed."""
        file = self.by_url.get(url)
        if file is None:
            return None
        if file.src_uri not in self.html:
            page = self.populate(file)
            self.html[file.src_uri] = self.build_page(page).encode("utf-8", "xmlcharrefreplace")
        return self.html[file.src_uri]

    def populate(self, file: Any) -> Any:
        """The page of `file` with its Markdown read and rendered, as `_populate_page` does."""
        from mkdocs.structure.pages import Page

        config, plugins, files = self.config, self.config.plugins, self.files
        page = file.page or Page(None, file, config)
        page = plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )
        page.render(config, files)
        page.content = plugins.on_page_content(page.content, page=page, config=config, files=files)
        return page

    def build_page(self, page: Any) -> str:
        """The page through the theme's template, as `_build_page` does (without writing it)."""
        from mkdocs.commands.build import get_context

        config = self.config
        page.active = True  # the theme marks the current page in the navigation
        try:
            context = get_context(self.nav, self.docs, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(
                context, page=page, config=config, nav=self.nav
            )
            output = template.render(context)
        finally:
            page.active = False
        return config.plugins.on_post_page(output, page=page, config=config)

    def unindexed(self) -> list[str]:
        """Pages without search entries yet (all at first, then those that changed)."""
        return [f.src_uri for f in self.docs if f.src_uri not in self.entries]

    def index(self, src_uri: str) -> None:
        """Search entries of one page, made by the search plugin's own index class."""
        file = self.files.get_file_from_path(src_uri)
        if self.search is None or file is None or src_uri in self.entries:
            return
        one = type(self.search.search_index)(**self.search.config)
        one.add_entry_from_context(self.populate(file))
        self.entries[src_uri] = one.entries

    def search_index(self) -> bytes | None:
        """`search/search_index.json` of every page indexed so far, as the plugin writes it."""
        if self.search is None:
            return None
        index = type(self.search.search_index)(**self.search.config)
        index.entries = [e for f in self.docs for e in self.entries.get(f.src_uri, ())]
        return index.generate_search_index(None).encode("utf-8")
