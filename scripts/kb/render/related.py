"""Model -> the related guides listed at the end of a guide: the same task in other apps, and
other tasks in the same app."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence

from kb.i18n.ui import UI, Words, fill
from kb.model import KnowledgeBase, Page
from kb.render.text import Context, escape_inline, ui_md, url_link

# Enough to offer a next step without turning the end of a page into an index: at KB scale a
# task is done in hundreds of apps.
LIMIT = 6


class Related:
    """The guides of one model grouped by task and by platform, each group in listing order
    (title, then FAQ id): built once for the pages of one generation run, so each guide's
    lists come from its groups instead of from every page of the KB."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.by_task: dict[str, list[Page]] = {}
        self.by_platform: dict[str, list[Page]] = {}
        # The position in the model breaks ties as a stable sort of `kb.pages` would.
        keyed = sorted(
            ((p.title.casefold(), p.faq_id, n), p) for n, p in enumerate(kb.pages.values())
        )
        self._order = {p.key: key for key, p in keyed}
        # A guide's list item, by guide and link target: the same from every page at one depth.
        self._items: dict[tuple[str, str], str] = {}
        # The page every guide showing settings links to for all ports and options.
        refs = (p for p in kb.pages.values() if p.kind == "settings-reference")
        self.reference = next(refs, None)
        for _, page in keyed:
            if page.task:
                self.by_task.setdefault(page.task, []).append(page)
                for platform in page.platforms:
                    self.by_platform.setdefault(platform, []).append(page)

    def same_task(self, page: Page) -> list[Page]:
        """Other guides for the page's task, in any other app."""
        others = (p for p in self.by_task.get(page.task or "", ()) if p.key != page.key)
        return _first(others)

    def same_app(self, page: Page, platforms: Sequence[str]) -> list[Page]:
        """Guides for other tasks on any of `platforms` (those the page shows)."""
        groups = [self.by_platform.get(k, []) for k in dict.fromkeys(platforms)]
        merged = heapq.merge(*groups, key=lambda p: self._order[p.key])
        return _first(p for p in _unique(merged) if p.task != page.task)

    def item(self, page: Page, ctx: Context) -> str:
        """The list item linking to `page` from `ctx`'s page."""
        link = ctx.link_to_page(page.key)
        found = self._items.get((page.key, link))
        if found is None:
            found = self._items[page.key, link] = f"- {url_link(page.title, link)}"
        return found


def _unique(pages: Iterator[Page]) -> Iterator[Page]:
    seen: set[str] = set()
    for page in pages:
        if page.key not in seen:
            seen.add(page.key)
            yield page


def _first(pages: Iterator[Page]) -> list[Page]:
    return list(itertools.islice(pages, LIMIT))


def apps(kb: KnowledgeBase, platforms: Sequence[str], words: Words = UI) -> str:
    """The clients of `platforms`, once each, in order: "Apple Mail and Mail"."""
    names = list(dict.fromkeys(kb.platforms[k].client for k in platforms))
    if len(names) == 1:
        return names[0]
    return fill(words, "list-and", first=", ".join(names[:-1]), last=names[-1])


def guide_end(
    page: Page, ctx: Context, platforms: Sequence[str], related: Related, attrs: str = ""
) -> list[str]:
    """What ends a guide, its page and its twin alike: a link to all ports and options when it
    shows settings, then its related guides. `attrs` (an attr_list, such as
    the site's search exclusion) is given to each of these blocks."""
    out = []
    if page.settings and related.reference:
        ref = related.reference
        link = url_link(ref.title, ctx.link_to_page(ref.key))
        out += [
            ui_md(ctx.words, "all-ports-and-options", link=link),
            *([attrs] if attrs else []),
            "",
        ]
    return out + _related_guides(page, ctx, platforms, related, f" {attrs}" if attrs else "")


def _related_guides(
    page: Page, ctx: Context, platforms: Sequence[str], related: Related, attrs: str
) -> list[str]:
    """The "Related guides" section of a guide showing `platforms`, as Markdown lines; `attrs`
    ends each of its headings."""
    if not (page.task and platforms):
        return []
    w = ctx.words
    sections = [
        (ui_md(w, "same-task-other-apps"), related.same_task(page)),
        (
            ui_md(w, "other-tasks-in", apps=escape_inline(apps(related.kb, platforms, w))),
            related.same_app(page, platforms),
        ),
    ]
    out: list[str] = []
    for title, pages in sections:
        if pages:
            out += [f"### {title}{attrs}", ""]
            out += [related.item(p, ctx) for p in pages]
            out.append("")
    return [f"## {ui_md(w, 'related-guides')}{attrs}", "", *out] if out else []
