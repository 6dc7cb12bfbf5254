"""What each generated FAQ page must show, taken from the model (the YAML under steps/)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from kb.build import build
from kb.i18n.ui import UI
from kb.model import KnowledgeBase
from kb.render.markdown import heading
from kb.render.pages import page_path, platform_path

from sitebuild import STEPS


@dataclass(frozen=True)
class Tab:
    """One platform tab: its label, the heading inside it, and how many numbered steps it has."""

    label: str
    heading: str
    steps: int


@dataclass(frozen=True)
class Faq:
    faq_id: int
    title: str
    url: str  # relative to the site root, as MkDocs serves it (directory URLs)
    kind: str
    tabs: tuple[Tab, ...]
    shows_settings: bool
    content_version: str  # what the page's feedback must report

    @property
    def id(self) -> str:
        """A readable test id: the page's URL without the 'faq/' prefix."""
        return self.url.removeprefix("faq/").rstrip("/")


def _url(markdown_path: str) -> str:
    return markdown_path.removesuffix(".md") + "/"


def _tabs(kb: KnowledgeBase, task: str | None, platforms: tuple[str, ...]) -> tuple[Tab, ...]:
    return tuple(
        Tab(kb.platforms[key].tab, kb.platforms[key].name, len(kb.procedure(key, task or "").steps))
        for key in platforms
    )


@functools.cache
def faqs(steps: Path = STEPS, site_url: str | None = None) -> tuple[Faq, ...]:
    """Every FAQ page the build generates (per-platform variants included), by FAQ id.

    Pass the `site_url` the site is built for when comparing content versions with a served page.
    """
    kb, site = build(steps, site_url=site_url)
    found = []
    for page in sorted(kb.pages.values(), key=lambda p: p.faq_id):
        platforms = page.platforms if page.kind == "guide" else ()
        variants = [(page_path(page), platforms)]
        variants += [(platform_path(page, k), (k,)) for k in platforms if page.per_platform]
        for path, shown in variants:
            meta = site.pages[path].meta
            found.append(
                Faq(
                    page.faq_id,
                    heading(kb, page, shown, UI),
                    _url(path),
                    page.kind,
                    _tabs(kb, page.task, shown),
                    bool(page.settings),
                    meta["content_version"],
                )
            )
    return tuple(found)
