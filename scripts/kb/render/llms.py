"""Plain Markdown for AI readers: `llms.txt` and a Markdown twin of each FAQ page.

The twins use no Material syntax (no tabs, no admonitions): one heading per platform, numbered
steps, the settings table. They sit next to each page at `<page URL>index.md`.
"""

from __future__ import annotations

from kb.model import Category, KnowledgeBase, Page
from kb.render.markdown import step_text
from kb.render.settings import settings_table
from kb.render.text import Context, escape, plain, render, url_link


def twin_path(page: Page) -> str:
    return f"faq/{page.faq_id}/{page.slug}/index.md"


def twin(kb: KnowledgeBase, page: Page, ctx: Context) -> str:
    """One FAQ as plain Markdown, with the same words and settings as the page."""
    out = [f"# {escape(page.title)}", "", render(page.purpose, ctx), ""]
    if page.preamble:
        out += ["## Preamble", "", *(f"- {render(t, ctx)}" for t in page.preamble), ""]
    if page.prerequisites:
        out += ["## Prerequisites", "", *(f"- {render(t, ctx)}" for t in page.prerequisites), ""]
    for key in page.platforms:
        platform = kb.platforms[key]
        proc = kb.procedure(key, page.task or "")
        out += [f"## {escape(platform.name)}", "", render(proc.intro, ctx), ""]
        out += [f"{n}. {step_text(step, ctx, False)}" for n, step in enumerate(proc.steps, 1)]
        out.append("")
    shown = [p for p in kb.settings.profiles if p.key in page.settings]
    if page.kind == "settings-reference":
        shown = [p for p in shown if p.recommended]
    if shown:
        out += [
            "## Recommended settings",
            "",
            settings_table(shown, kb.settings.provider.password_help),
            "",
        ]
    return "\n".join(out)


def llms_txt(
    kb: KnowledgeBase, pages_by_category: dict[str, list[Page]], files: dict[str, str]
) -> str:
    """The llms.txt index: what the site is, then every FAQ twin and data file with one line."""
    provider = kb.settings.provider
    profiles = {p.key: p for p in kb.settings.profiles}
    out = [
        f"# {escape(provider.name)} help centre",
        "",
        f"> Guides to set up, update and repair {escape(provider.name)} email addresses in "
        "mail apps. Every documented server setting is proven by logging in to a test "
        "mailbox on every change.",
        "",
    ]
    for key, pages in pages_by_category.items():
        category: Category = kb.categories[key]
        out += [f"## {escape(category.title)}", ""]
        out += [
            f"- {url_link(p.title, twin_path(p))}: {escape(plain(p.purpose, profiles))}"
            for p in pages
        ]
        out.append("")
    out += ["## Machine-readable settings", ""]
    out += [f"- {url_link(title, path)}" for path, title in files.items()]
    return "\n".join(out) + "\n"
