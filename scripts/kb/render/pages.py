"""Model -> one page's Markdown and metadata, and the facts pages show beyond `steps/`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kb.i18n.ui import UI, fill, split_keywords
from kb.model import KnowledgeBase, Page
from kb.render.addresses import PROVIDER_LANG, canonical_url
from kb.render.markdown import Markdown, content_version, guide_body, heading, reference_body
from kb.render.related import Related
from kb.render.text import Context, escape_inline, plain, theme_text, ui_md


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
    # The words the generator prints around editor text, in the pages' language (kb.i18n).
    words: Mapping[str, str] = field(default_factory=lambda: UI)
    # Where the provider's form of an address (`<lang>/support/faq/<id>/<slug>/`) starts in this
    # build: `en/` for a site in English only; nothing when the build is one language's, at
    # `/<lang>/` already (kb.render.addresses).
    provider_prefix: str = f"{PROVIDER_LANG}/"


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


def context(
    kb: KnowledgeBase,
    here: str,
    memo: dict[object, str] | None = None,
    words: Mapping[str, str] = UI,
) -> Context:
    return Context(
        profiles={p.key: p for p in kb.settings.profiles},
        page_path=lambda key: page_path(kb.pages[key]),
        vendor_url=lambda key: kb.platforms[key].vendor_help_url,
        here=here,
        memo=memo,
        words=words,
    )


def _last_changed(kb: KnowledgeBase, page: Page, history: dict[str, str]) -> str | None:
    """The newest commit date among the files the page is made of."""
    sources = [page.path, kb.settings.path]
    for key in page.platforms:
        sources += [kb.platforms[key].path, kb.procedure(key, page.task or "").path]
    dates = [history[path] for path in sources if path in history]
    return max(dates) if dates else None


def _search(kb: KnowledgeBase, page: Page, here: str, words: Mapping[str, str]) -> dict[str, Any]:
    """Search metadata: one hit per FAQ (a one-platform page repeats its guide, so search leaves
    it out) and the words readers search with, from the task's and platforms' `keywords`.

    The words go in Material's `tags`, a search field of their own weighted in mkdocs.yml; no
    page shows them (`hide: [tags]`, and search results hide tag chips in kb.css)."""
    if here != page_path(page):
        return {"search": {"exclude": True}}
    found = list(kb.tasks[page.task].keywords) if page.task in kb.tasks else []
    if page.kind == "settings-reference":
        # The answer to a server name, port or "settings" query, which every guide also mentions.
        found += split_keywords(fill(words, "search/settings-reference"))
        for p in kb.settings.profiles:
            found += [p.host, p.protocol, str(p.port), p.security]
    for key in page.platforms:
        found += kb.platforms[key].keywords
    tags = list(dict.fromkeys(w.casefold() for w in found))
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
        "title": theme_text(heading(kb, page, platforms, facts.words)),
        "description": theme_text(plain(page.purpose, profiles, facts.words)),
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
    meta |= _search(kb, page, here, facts.words)
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


def _verified(kb: KnowledgeBase, page: Page, stamp: Stamp | None, words: Mapping[str, str]) -> str:
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
    verified = ui_md(words, "verified-on", date=escape_inline(stamp.date))
    return f'\n<p class="kb-verified">{verified}</p>\n'


def render_page(
    kb: KnowledgeBase,
    page: Page,
    here: str,
    platforms: tuple[str, ...],
    facts: Facts,
    related: Related,
    memo: dict[object, str] | None = None,
) -> Markdown:
    """One page's Markdown; `related` indexes `kb`'s guides, `memo` shares rendered texts
    between the pages of one run."""
    ctx = context(kb, here, memo, facts.words)
    if page.kind == "settings-reference":
        body = reference_body(kb, page, ctx, facts.srv_zone, facts.files)
    else:
        body = guide_body(kb, page, ctx, platforms, related)
    meta = _meta(kb, page, here, body, platforms, facts)
    if here != page_path(page):  # a one-platform page: one tab of its guide, not an address
        meta["kb_canonical"] = canonical_url(page)
    return Markdown(meta, body + _verified(kb, page, facts.stamp, facts.words))


# The generated files the settings page lists, in order; their titles are UI words `file/<path>`.
FILES = (
    "settings.json",
    "mail/config-v1.1.xml",
    "autodiscover/autodiscover.xml",
    "downloads/infomaniak-mail.mobileconfig",
    "dns/srv.zone.txt",
)


def page_facts(facts: Facts, formats: dict[str, bytes]) -> Facts:
    """The facts every page gets: `facts` plus the titles of the generated files that exist."""
    return replace(facts, files={p: facts.words[f"file/{p}"] for p in FILES if p in formats})
