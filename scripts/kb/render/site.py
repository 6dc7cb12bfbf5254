"""Model -> the whole generated tree: pages, category indexes, home, redirects, navigation.

The result is plain data (paths and contents), so the MkDocs plugin, the `kb build` CLI and tests
all use the same output. Ordering is explicit everywhere so output is byte-identical between runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb.feedback.manifest import FILE_NAME as MANIFEST
from kb.feedback.manifest import manifest_of, to_json
from kb.i18n.ui import UI
from kb.model import KnowledgeBase, Page
from kb.render.addresses import redirect_pages
from kb.render.home import home, reader_pages
from kb.render.llms import llms_txt, twin, twin_path
from kb.render.markdown import Markdown
from kb.render.navigation import category_nav, category_page, groups_of
from kb.render.pages import Facts, context, page_facts, page_variants, render_page
from kb.render.related import Related
from kb.render.text import Context, theme_text


@dataclass
class Site:
    pages: dict[str, Markdown] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    # The words templates print around the pages, in the site's language (kb.i18n.ui).
    words: Mapping[str, str] = field(default_factory=lambda: UI)


def _screenshots(kb: KnowledgeBase) -> dict[str, bytes]:
    """The screenshots steps show, and only those: nothing else under `steps/screenshots/` is
    published (`kb check` has refused links and paths leading out of the folder)."""
    folder = Path(kb.root) / "screenshots"
    shown = {
        step.screenshot.src
        for proc in kb.procedures.values()
        for step in proc.steps
        if step.screenshot
    }
    return {f"screenshots/{src}": (folder / src).read_bytes() for src in sorted(shown)}


def _twin_context(kb: KnowledgeBase, here: str, memo: dict[object, str], facts: Facts) -> Context:
    ctx = context(kb, here, memo, facts.words)
    return replace(ctx, page_path=lambda key: twin_path(kb.pages[key]))


def guide_files(
    kb: KnowledgeBase, page: Page, facts: Facts, memo: dict[object, str], related: Related
) -> tuple[list[tuple[str, Markdown]], tuple[str, bytes]]:
    """One guide's pages (itself, one per platform if asked, its redirects) and its Markdown
    twin. `facts` as `page_facts` gives them; `memo` and `related` (`Related(kb)`) are shared
    by the guides of one run."""
    texts = [
        (path, render_page(kb, page, path, shown, facts, related, memo))
        for path, shown in page_variants(page)
    ]
    texts += redirect_pages(page, facts.words, facts.provider_prefix)
    here = twin_path(page)
    ctx = _twin_context(kb, here, memo, facts)
    text = twin(kb, page, ctx, related, facts.srv_zone, facts.files)
    return texts, (here, text.encode("utf-8"))


def published_as_is(path: str) -> bool:
    """Whether a generated file goes beside what a site engine builds rather than through it.

    Markdown twins: an engine renders every `.md` file as a page, and a twin
    (`faq/ID/slug/index.md`) would be rendered at its guide's URL. Dot folders such as
    `.well-known/`: engines skip them. The MkDocs plugin writes these files into the site folder
    itself; `kb build --out` puts them in a folder of their own, to copy over an engine's output."""
    return path.endswith(".md") or path.startswith(".")


def by_title(kb: KnowledgeBase) -> list[Page]:
    """Guides in the order they are listed (categories, llms.txt) and rendered by `generate`."""
    return sorted(kb.pages.values(), key=lambda p: (p.title, p.faq_id))


def generate(
    kb: KnowledgeBase, *, formats: dict[str, bytes] | None = None, facts: Facts | None = None
) -> Site:
    """Every generated file of the site, plus its navigation."""
    formats = formats or {}
    facts = page_facts(facts or Facts(), formats)
    pages = by_title(kb)
    memo: dict[object, str] = {}
    related = Related(kb)
    site = frame(kb, formats, facts, pages)
    site.words = facts.words
    for page in pages:
        texts, (here, data) = guide_files(kb, page, facts, memo, related)
        site.pages.update(texts)
        site.assets[here] = data
    site.pages = dict(sorted(site.pages.items()))
    site.assets = dict(sorted(site.assets.items()))
    return site


def frame(kb: KnowledgeBase, formats: dict[str, bytes], facts: Facts, pages: list[Page]) -> Site:
    """The site without the guides' own files: home, category pages, navigation, llms.txt, the
    machine-readable files and screenshots. `pages` in `by_title` order."""
    site = Site(assets={**formats, **_screenshots(kb)})
    cats = sorted(kb.categories.values(), key=lambda c: (c.order, c.title))
    by_category: dict[str, list[Page]] = {c.key: [] for c in cats}
    for page in pages:
        by_category[page.category].append(page)
    site.pages["index.md"] = home(kb, by_category, facts.words)
    site.nav = [{theme_text(facts.words["nav/home"]): "index.md"}]
    for cat in cats:
        index = f"categories/{cat.key}/index.md"
        groups = groups_of(kb, by_category[cat.key])
        site.pages[index] = category_page(kb, cat.key, groups, facts.words)
        site.nav.append({theme_text(cat.title): category_nav(index, groups)})
    readers, sections = reader_pages(kb, facts.words)
    site.pages.update(readers)
    site.nav += sections
    site.assets["llms.txt"] = llms_txt(kb, by_category, facts.files).encode("utf-8")
    site.assets[MANIFEST] = to_json(manifest_of(kb)).encode("utf-8")
    return site


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
