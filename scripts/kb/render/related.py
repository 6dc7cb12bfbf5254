"""Model -> the related guides listed at the end of a guide: the same task in other apps, and
other tasks in the same app."""

from __future__ import annotations

from collections.abc import Sequence

from kb.i18n.ui import UI, Words, fill
from kb.model import KnowledgeBase, Page
from kb.render.text import Context, escape_inline, ui_md, url_link

# Enough to offer a next step without turning the end of a page into an index: at KB scale a
# task is done in hundreds of apps.
LIMIT = 6


def _by_title(pages: list[Page]) -> list[Page]:
    return sorted(pages, key=lambda p: (p.title.casefold(), p.faq_id))[:LIMIT]


def same_task(kb: KnowledgeBase, page: Page) -> list[Page]:
    """Other guides for the page's task, in any other app."""
    return _by_title([p for p in kb.pages.values() if p.task == page.task and p.key != page.key])


def same_app(kb: KnowledgeBase, page: Page, platforms: Sequence[str]) -> list[Page]:
    """Guides for other tasks on any of `platforms` (those the page shows)."""
    return _by_title(
        [
            p
            for p in kb.pages.values()
            if p.task and p.task != page.task and set(p.platforms) & set(platforms)
        ]
    )


def apps(kb: KnowledgeBase, platforms: Sequence[str], words: Words = UI) -> str:
    """The clients of `platforms`, once each, in order: "Apple Mail and Mail"."""
    names = list(dict.fromkeys(kb.platforms[k].client for k in platforms))
    if len(names) == 1:
        return names[0]
    return fill(words, "list-and", first=", ".join(names[:-1]), last=names[-1])


def related_block(
    kb: KnowledgeBase, page: Page, ctx: Context, platforms: Sequence[str], attrs: str = ""
) -> list[str]:
    """The "Related guides" section of a guide showing `platforms`, as Markdown lines; `attrs`
    ends each of its headings (attr_list, such as the site's search exclusion)."""
    if not (page.task and platforms):
        return []
    w = ctx.words
    sections = [
        (ui_md(w, "same-task-other-apps"), same_task(kb, page)),
        (
            ui_md(w, "other-tasks-in", apps=escape_inline(apps(kb, platforms, w))),
            same_app(kb, page, platforms),
        ),
    ]
    out: list[str] = []
    for title, pages in sections:
        if pages:
            out += [f"### {title}{attrs}", ""]
            out += [f"- {url_link(p.title, ctx.link_to_page(p.key))}" for p in pages]
            out.append("")
    return [f"## {ui_md(w, 'related-guides')}{attrs}", "", *out] if out else []
