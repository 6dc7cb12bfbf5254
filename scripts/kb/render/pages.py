"""Model -> one page's Markdown and metadata, and the facts pages show beyond `steps/`."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from kb.model import KnowledgeBase, Page
from kb.render.addresses import canonical_url
from kb.render.markdown import Markdown, content_version, guide_body, heading, reference_body
from kb.render.text import Context, plain, theme_text


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


def context(kb: KnowledgeBase, here: str, memo: dict[int, str] | None = None) -> Context:
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
        "title": theme_text(heading(kb, page, platforms)),
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
    if platforms != page.platforms:
        # A one-platform page is not in the navigation: its breadcrumbs lead to its guide.
        cat = kb.categories[page.category]
        meta["kb_breadcrumbs"] = [
            [theme_text(cat.title), f"categories/{cat.key}/"],
            [theme_text(page.title), page_path(page).removesuffix(".md") + "/"],
        ]
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
    ctx = context(kb, here, memo)
    if page.kind == "settings-reference":
        body = reference_body(kb, page, ctx, facts.srv_zone, facts.files)
    else:
        body = guide_body(kb, page, ctx, platforms)
    meta = _meta(kb, page, here, body, platforms, facts)
    if here != page_path(page):  # a one-platform page: one tab of its guide, not an address
        meta["kb_canonical"] = canonical_url(page)
    return Markdown(meta, body + _verified(kb, page, facts.stamp))


FILE_TITLES = {
    "settings.json": "Every connection profile, typed (JSON)",
    "mail/config-v1.1.xml": "Thunderbird autoconfig (config-v1.1.xml)",
    "autodiscover/autodiscover.xml": "Autodiscover response (POX XML)",
    "downloads/infomaniak-mail.mobileconfig": "Apple configuration profile (no password inside)",
    "dns/srv.zone.txt": "DNS SRV records (RFC 6186 / RFC 8314)",
}


def page_facts(facts: Facts, formats: dict[str, bytes]) -> Facts:
    """The facts every page gets: `facts` plus the titles of the generated files that exist."""
    return replace(facts, files={p: title for p, title in FILE_TITLES.items() if p in formats})
