"""Model -> the category pages and their navigation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kb.i18n.ui import UI, fill
from kb.model import KnowledgeBase, Page
from kb.render.markdown import Markdown
from kb.render.pages import context, page_path, platform_path
from kb.render.text import escape, theme_text, url_link

# A category with more guides than this lists them by app, in the navigation and on its page:
# a flat list of hundreds of guides is unusable, and every page of the category carries it.
GROUP_ABOVE = 30


def groups_of(kb: KnowledgeBase, pages: list[Page]) -> dict[str, list[Page]]:
    """Guides by the app of their first platform (A-Z); guides for no app first, under ""."""
    if len(pages) <= GROUP_ABOVE:
        return {"": pages}
    groups: dict[str, list[Page]] = {}
    for page in pages:
        app = kb.platforms[page.platforms[0]].client if page.platforms else ""
        groups.setdefault(app, []).append(page)
    return {app: groups[app] for app in sorted(groups, key=lambda a: (a != "", a.casefold()))}


def category_nav(index: str, groups: dict[str, list[Page]]) -> list[Any]:
    nav: list[Any] = [index]
    for app, members in groups.items():
        entries = [{theme_text(p.title): page_path(p)} for p in members]
        nav += entries if not app else [{theme_text(app): entries}]
    return nav


def category_page(
    kb: KnowledgeBase, key: str, groups: dict[str, list[Page]], words: Mapping[str, str] = UI
) -> Markdown:
    cat = kb.categories[key]
    here = f"categories/{key}/index.md"
    ctx = context(kb, here, words=words)
    lines = [f"# {escape(cat.title)}", "", escape(cat.summary), ""]
    for app, members in groups.items():
        lines += [f"## {escape(app)}", ""] if app else []
        for page in members:
            lines.append(f"- {url_link(page.title, ctx.link_to_page(page.key))}")
            for platform in page.platforms if page.per_platform else ():
                name = kb.platforms[platform].name
                link = ctx.link_to_asset(platform_path(page, platform))
                lines.append(f"    - {url_link(fill(words, 'platform-only', name=name), link)}")
        lines.append("")
    meta = {"title": theme_text(cat.title), "description": theme_text(cat.summary)}
    return Markdown(meta, "\n".join(lines).rstrip("\n") + "\n")
