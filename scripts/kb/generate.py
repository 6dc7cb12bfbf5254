"""Model -> the whole generated tree: pages, category indexes, home, short links, navigation.

The result is plain data (paths and contents), so the MkDocs hook, the `kb build` CLI and tests
all use the same output. Ordering is explicit everywhere so output is byte-identical between runs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb.model import KnowledgeBase, Page
from kb.parallel import split_map
from kb.render_llms import llms_txt, twin, twin_path
from kb.render_markdown import (
    content_version,
    front_matter,
    guide_body,
    reference_body,
)
from kb.render_text import Context, escape


@dataclass(frozen=True)
class Stamp:
    """A passing verification run, shown on pages whose settings it proved."""

    date: str
    profiles: frozenset[tuple[str, str, int, str]]


@dataclass(frozen=True)
class Facts:
    """What pages show that does not come from steps/: the SRV zone rendered from the settings,
    the last passing verification, and when each source file last changed (from git)."""

    srv_zone: str | None = None
    stamp: Stamp | None = None
    history: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class Site:
    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)


def page_path(page: Page) -> str:
    return f"faq/{page.faq_id}/{page.slug}.md"


def platform_path(page: Page, platform: str) -> str:
    return f"faq/{page.faq_id}/{page.slug}/{platform}.md"


def page_variants(page: Page) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Where a page is rendered and with which platforms: itself with all of them, then one
    page per platform when it asks for them."""
    yield page_path(page), page.platforms
    for platform in page.platforms if page.per_platform else ():
        yield platform_path(page, platform), (platform,)


def _context(kb: KnowledgeBase, here: str, memo: dict[int, str] | None = None) -> Context:
    return Context(
        profiles={p.key: p for p in kb.settings.profiles},
        page_path=lambda key: page_path(kb.pages[key]),
        vendor_url=lambda key: kb.platforms[key].vendor_help_url,
        here=here,
        memo=memo,
    )


def _last_changed(kb: KnowledgeBase, page: Page, history: dict[str, str]) -> str | None:
    """The newest commit date among the files the page is made of."""
    sources = [page.path, kb.settings.path]
    for key in page.platforms:
        sources += [kb.platforms[key].path, kb.procedure(key, page.task or "").path]
    dates = [history[path] for path in sources if path in history]
    return max(dates) if dates else None


def _meta(
    kb: KnowledgeBase, page: Page, body: str, platforms: tuple[str, ...], facts: Facts
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": page.title,
        "description": page.purpose.text,
        "faq_id": page.faq_id,
        "kb_kind": page.kind,
        "content_version": content_version(body),
        "short_link": f"faq/{page.faq_id}/",
    }
    if platforms:
        meta["platforms"] = [kb.platforms[k].tab for k in platforms]
    if page.updated:
        meta["updated"] = page.updated
    last = _last_changed(kb, page, facts.history)
    if last:
        meta["last_updated"] = last
    return meta


def _verified(kb: KnowledgeBase, page: Page, stamp: Stamp | None) -> str:
    """'Settings verified on DATE' only when every profile the page shows was proven."""
    if stamp is None or not page.settings:
        return ""
    shown = {
        (p.protocol, p.host, p.port, p.security)
        for p in kb.settings.profiles
        if p.key in page.settings
    }
    if not shown <= stamp.profiles:
        return ""
    return (
        f'\n<p class="kb-verified">Settings verified on {html.escape(stamp.date)} by logging in '
        "to a test mailbox.</p>\n"
    )


def render_page(
    kb: KnowledgeBase,
    page: Page,
    here: str,
    platforms: tuple[str, ...],
    facts: Facts,
    memo: dict[int, str] | None = None,
) -> str:
    """One page's Markdown; `memo` shares rendered texts between the pages of one run."""
    ctx = _context(kb, here, memo)
    if page.kind == "settings-reference":
        body = reference_body(kb, page, ctx, facts.srv_zone, facts.files)
    else:
        body = guide_body(kb, page, ctx, platforms)
    meta = _meta(kb, page, body, platforms, facts)
    return front_matter(meta) + body + _verified(kb, page, facts.stamp)


# A category with more guides than this lists them by app, in the navigation and on its page:
# a flat list of hundreds of guides is unusable, and every page of the category carries it.
GROUP_ABOVE = 30


def _groups(kb: KnowledgeBase, pages: list[Page]) -> dict[str, list[Page]]:
    """Guides by the app of their first platform (A-Z); guides for no app first, under ""."""
    if len(pages) <= GROUP_ABOVE:
        return {"": pages}
    groups: dict[str, list[Page]] = {}
    for page in pages:
        app = kb.platforms[page.platforms[0]].client if page.platforms else ""
        groups.setdefault(app, []).append(page)
    return {app: groups[app] for app in sorted(groups, key=lambda a: (a != "", a.casefold()))}


def _category_nav(index: str, groups: dict[str, list[Page]]) -> list[Any]:
    nav: list[Any] = [index]
    for app, members in groups.items():
        entries = [{p.title: page_path(p)} for p in members]
        nav += entries if not app else [{app: entries}]
    return nav


def _category_page(kb: KnowledgeBase, key: str, groups: dict[str, list[Page]]) -> str:
    cat = kb.categories[key]
    here = f"categories/{key}/index.md"
    ctx = _context(kb, here)
    lines = [f"# {escape(cat.title)}", "", escape(cat.summary), ""]
    for app, members in groups.items():
        lines += [f"## {escape(app)}", ""] if app else []
        for page in members:
            lines.append(f"- [{escape(page.title)}]({ctx.link_to_page(page.key)})")
            for platform in page.platforms if page.per_platform else ():
                name = escape(kb.platforms[platform].name)
                link = ctx.link_to_asset(platform_path(page, platform))
                lines.append(f"    - [{name} only]({link})")
        lines.append("")
    meta = {"title": cat.title, "description": cat.summary}
    return front_matter(meta) + "\n".join(lines).rstrip("\n") + "\n"


def _home(kb: KnowledgeBase, by_category: dict[str, list[Page]]) -> str:
    lines = [
        "# Knowledge base",
        "",
        "1000 FAQs, 500 tutorials and instructional videos. Here, there are only solutions!",
        "",
        '<div class="grid cards" markdown>',
        "",
    ]
    for key in by_category:
        cat = kb.categories[key]
        count = len(by_category[key])
        lines += [
            f"-   [{escape(cat.title)}](categories/{key}/index.md)",
            "",
            f"    {escape(cat.summary)} ({count} {'guide' if count == 1 else 'guides'})",
            "",
        ]
    lines += ["</div>", ""]
    meta = {
        "title": "Knowledge base",
        "description": "Help centre for " + kb.settings.provider.name,
        "hide": ["navigation", "toc"],
    }
    return front_matter(meta) + "\n".join(lines)


def _redirect(page: Page) -> str:
    meta = {
        "title": page.title,
        "template": "redirect.html",
        "redirect": f"{page.slug}/",
        "search": {"exclude": True},
    }
    return front_matter(meta) + f"# {escape(page.title)}\n\n[Go to the guide]({page.slug}.md)\n"


FILE_TITLES = {
    "settings.json": "Every connection profile, typed (JSON)",
    "mail/config-v1.1.xml": "Thunderbird autoconfig (config-v1.1.xml)",
    "autodiscover/autodiscover.xml": "Autodiscover response (POX XML)",
    "downloads/infomaniak-mail.mobileconfig": "Apple configuration profile (no password inside)",
    "dns/srv.zone.txt": "DNS SRV records (RFC 6186 / RFC 8314)",
}


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


def _twin_context(kb: KnowledgeBase, here: str, memo: dict[int, str]) -> Context:
    ctx = _context(kb, here, memo)
    return replace(ctx, page_path=lambda key: twin_path(kb.pages[key]))


def page_facts(facts: Facts, formats: dict[str, bytes]) -> Facts:
    """The facts every page gets: `facts` plus the titles of the generated files that exist."""
    return replace(facts, files={p: title for p, title in FILE_TITLES.items() if p in formats})


def guide_files(
    kb: KnowledgeBase, page: Page, facts: Facts, memo: dict[int, str]
) -> tuple[list[tuple[str, str]], tuple[str, bytes]]:
    """One guide's pages (itself, one per platform if asked, its short link) and its Markdown
    twin. `facts` as `page_facts` gives them; `memo` is shared by the guides of one run."""
    texts = [
        (path, render_page(kb, page, path, shown, facts, memo))
        for path, shown in page_variants(page)
    ]
    texts.append((short_link_path(page), _redirect(page)))
    here = twin_path(page)
    return texts, (here, twin(kb, page, _twin_context(kb, here, memo)).encode("utf-8"))


def guide_paths(page: Page) -> list[str]:
    """The paths of the pages `guide_files` renders for `page`, in the same order."""
    return [*(path for path, _ in page_variants(page)), short_link_path(page)]


def short_link_path(page: Page) -> str:
    return f"faq/{page.faq_id}/index.md"


def by_title(kb: KnowledgeBase) -> list[Page]:
    """Guides in the order they are listed (categories, llms.txt) and rendered by `generate`."""
    return sorted(kb.pages.values(), key=lambda p: (p.title, p.faq_id))


def generate(
    kb: KnowledgeBase,
    *,
    formats: dict[str, bytes] | None = None,
    facts: Facts | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Site:
    """Every generated file of the site, plus its navigation.

    Guides are rendered on two cores when there are many (`kb.parallel`); the output is the same
    either way. `meanwhile` runs first, here, while the other core starts on the guides (if it
    raises, nothing is generated)."""
    formats = formats or {}
    facts = page_facts(facts or Facts(), formats)
    pages = by_title(kb)
    memo: dict[int, str] = {}
    guides = split_map(lambda page: guide_files(kb, page, facts, memo), pages, meanwhile=meanwhile)
    site = frame(kb, formats, facts, pages)
    for texts, (here, data) in guides:
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
    site.pages["index.md"] = _home(kb, by_category)
    site.nav = [{"Home": "index.md"}]
    for cat in cats:
        index = f"categories/{cat.key}/index.md"
        groups = _groups(kb, by_category[cat.key])
        site.pages[index] = _category_page(kb, cat.key, groups)
        site.nav.append({cat.title: _category_nav(index, groups)})
    site.assets["llms.txt"] = llms_txt(kb, by_category, facts.files).encode("utf-8")
    return site
