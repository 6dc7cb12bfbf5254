"""Model -> the whole generated tree: pages, category indexes, home, short links, navigation.

The result is plain data (paths and contents), so the MkDocs hook, the `kb build` CLI and tests
all use the same output. Ordering is explicit everywhere so output is byte-identical between runs.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb.feedback.manifest import FILE_NAME as MANIFEST
from kb.feedback.manifest import manifest_of, to_json
from kb.model import KnowledgeBase, Page
from kb.render_llms import llms_txt, twin, twin_path
from kb.render_markdown import Markdown, content_version, guide_body, reference_body
from kb.render_text import Context, escape, plain, theme_text, url_link


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
    pages: dict[str, Markdown] = field(default_factory=dict)
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


def _search(kb: KnowledgeBase, page: Page, here: str) -> dict[str, Any]:
    """Search metadata: one hit per FAQ (a one-platform page repeats its guide, so search leaves
    it out) and the words readers search with, from the task's and platforms' `keywords`.

    The words go in Material's `tags`, a search field of their own weighted in mkdocs.yml; no
    page shows them (`hide: [tags]`, and search results hide tag chips in kb.css)."""
    if here != page_path(page):
        return {"search": {"exclude": True}}
    words = list(kb.tasks[page.task].keywords) if page.task in kb.tasks else []
    if page.kind == "settings-reference":
        # The answer to a server name, port or "settings" query, which every guide also mentions.
        words += ["server settings", "ports"]
        for p in kb.settings.profiles:
            words += [p.host, p.protocol, str(p.port), p.security]
    for key in page.platforms:
        words += kb.platforms[key].keywords
    tags = list(dict.fromkeys(w.casefold() for w in words))
    return {"tags": tags, "hide": ["tags"]} if tags else {}


def _meta(
    kb: KnowledgeBase,
    page: Page,
    here: str,
    body: str,
    platforms: tuple[str, ...],
    facts: Facts,
) -> dict[str, Any]:
    profiles = {p.key: p for p in kb.settings.profiles}
    meta: dict[str, Any] = {
        # The theme prints both as HTML (`theme_text`); the page's own text is Markdown.
        "title": theme_text(page.title),
        "description": theme_text(plain(page.purpose, profiles)),
        "faq_id": page.faq_id,
        "kb_kind": page.kind,
        "content_version": content_version(body),
        "short_link": f"faq/{page.faq_id}/",
    }
    if platforms:
        meta["platforms"] = [kb.platforms[k].tab for k in platforms]
        # The feedback widget's "which step?" question: each tab's platform and step ids, in order.
        meta["kb_tabs"] = [
            [k, [step.id for step in kb.procedure(k, page.task or "").steps]] for k in platforms
        ]
    meta |= _search(kb, page, here)
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
) -> Markdown:
    """One page's Markdown; `memo` shares rendered texts between the pages of one run."""
    ctx = _context(kb, here, memo)
    if page.kind == "settings-reference":
        body = reference_body(kb, page, ctx, facts.srv_zone, facts.files)
    else:
        body = guide_body(kb, page, ctx, platforms)
    meta = _meta(kb, page, here, body, platforms, facts)
    return Markdown(meta, body + _verified(kb, page, facts.stamp))


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
        entries = [{theme_text(p.title): page_path(p)} for p in members]
        nav += entries if not app else [{theme_text(app): entries}]
    return nav


def _category_page(kb: KnowledgeBase, key: str, groups: dict[str, list[Page]]) -> Markdown:
    cat = kb.categories[key]
    here = f"categories/{key}/index.md"
    ctx = _context(kb, here)
    lines = [f"# {escape(cat.title)}", "", escape(cat.summary), ""]
    for app, members in groups.items():
        lines += [f"## {escape(app)}", ""] if app else []
        for page in members:
            lines.append(f"- {url_link(page.title, ctx.link_to_page(page.key))}")
            for platform in page.platforms if page.per_platform else ():
                name = kb.platforms[platform].name
                link = ctx.link_to_asset(platform_path(page, platform))
                lines.append(f"    - {url_link(f'{name} only', link)}")
        lines.append("")
    meta = {"title": theme_text(cat.title), "description": theme_text(cat.summary)}
    return Markdown(meta, "\n".join(lines).rstrip("\n") + "\n")


def _home(kb: KnowledgeBase, by_category: dict[str, list[Page]]) -> Markdown:
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
            f"-   {url_link(cat.title, f'categories/{key}/index.md')}",
            "",
            f"    {escape(cat.summary)} ({count} {'guide' if count == 1 else 'guides'})",
            "",
        ]
    lines += ["</div>", ""]
    meta = {
        "title": "Knowledge base",
        "description": theme_text("Help centre for " + kb.settings.provider.name),
        "hide": ["navigation", "toc"],
    }
    return Markdown(meta, "\n".join(lines))


def _redirect(page: Page) -> Markdown:
    meta = {
        "title": theme_text(page.title),
        "template": "redirect.html",
        "redirect": f"{page.slug}/",
        "search": {"exclude": True},
    }
    return Markdown(meta, f"# {escape(page.title)}\n\n[Go to the guide]({page.slug}.md)\n")


FILE_TITLES = {
    "settings.json": "Every connection profile, typed (JSON)",
    "mail/config-v1.1.xml": "Thunderbird autoconfig (config-v1.1.xml)",
    "autodiscover/autodiscover.xml": "Autodiscover response (POX XML)",
    "downloads/infomaniak-mail.mobileconfig": "Apple configuration profile (no password inside)",
    "dns/srv.zone.txt": "DNS SRV records (RFC 6186 / RFC 8314)",
}


def _screenshots(root: Path) -> dict[str, bytes]:
    folder = root / "screenshots"
    shots = sorted(folder.rglob("*")) if folder.is_dir() else []
    return {
        f"screenshots/{s.relative_to(folder).as_posix()}": s.read_bytes()
        for s in shots
        if s.is_file()
    }


def _twin_context(kb: KnowledgeBase, here: str, memo: dict[int, str]) -> Context:
    ctx = _context(kb, here, memo)
    return replace(ctx, page_path=lambda key: twin_path(kb.pages[key]))


def page_facts(facts: Facts, formats: dict[str, bytes]) -> Facts:
    """The facts every page gets: `facts` plus the titles of the generated files that exist."""
    return replace(facts, files={p: title for p, title in FILE_TITLES.items() if p in formats})


def guide_files(
    kb: KnowledgeBase, page: Page, facts: Facts, memo: dict[int, str]
) -> tuple[list[tuple[str, Markdown]], tuple[str, bytes]]:
    """One guide's pages (itself, one per platform if asked, its short link) and its Markdown
    twin. `facts` as `page_facts` gives them; `memo` is shared by the guides of one run."""
    texts = [
        (path, render_page(kb, page, path, shown, facts, memo))
        for path, shown in page_variants(page)
    ]
    texts.append((short_link_path(page), _redirect(page)))
    here = twin_path(page)
    return texts, (here, twin(kb, page, _twin_context(kb, here, memo)).encode("utf-8"))


def published_as_is(path: str) -> bool:
    """Whether a generated file goes beside what a site engine builds rather than through it.

    Markdown twins: an engine renders every `.md` file as a page, and a twin
    (`faq/ID/slug/index.md`) would be rendered at its guide's URL. Dot folders such as
    `.well-known/`: engines skip them. The MkDocs plugin writes these files into the site folder
    itself; `kb build --out` puts them in a folder of their own, to copy over an engine's output."""
    return path.endswith(".md") or path.startswith(".")


def short_link_path(page: Page) -> str:
    return f"faq/{page.faq_id}/index.md"


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
    memo: dict[int, str] = {}
    site = frame(kb, formats, facts, pages)
    for page in pages:
        texts, (here, data) = guide_files(kb, page, facts, memo)
        site.pages.update(texts)
        site.assets[here] = data
    site.pages = dict(sorted(site.pages.items()))
    site.assets = dict(sorted(site.assets.items()))
    return site


def frame(kb: KnowledgeBase, formats: dict[str, bytes], facts: Facts, pages: list[Page]) -> Site:
    """The site without the guides' own files: home, category pages, navigation, llms.txt, the
    machine-readable files and screenshots. `pages` in `by_title` order."""
    site = Site(assets={**formats, **_screenshots(Path(kb.root))})
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
        site.nav.append({theme_text(cat.title): _category_nav(index, groups)})
    site.assets["llms.txt"] = llms_txt(kb, by_category, facts.files).encode("utf-8")
    site.assets[MANIFEST] = to_json(manifest_of(kb)).encode("utf-8")
    return site
