"""Plain Markdown for AI readers: `llms.txt` and a Markdown twin of each FAQ page.

The twins use no Material syntax (no tabs, no admonitions): one heading per platform, numbered
steps, each settings table once. They sit next to each page at `<page URL>index.md`, and carry what
the page says: every table, record and link (tests/build/test_twins.py compares the two).
"""

from __future__ import annotations

from kb.model import Category, KnowledgeBase, Page
from kb.render.markdown import numbered_steps, reference_body
from kb.render.related import Related, guide_end
from kb.render.text import (
    Context,
    escape,
    escape_inline,
    plain,
    render,
    ui_md,
    url_link,
)


def twin_path(page: Page) -> str:
    return f"faq/{page.faq_id}/{page.slug}/index.md"


def twin(
    kb: KnowledgeBase,
    page: Page,
    ctx: Context,
    related: Related,
    srv_zone: str | None = None,
    files: dict[str, str] | None = None,
) -> str:
    """One FAQ as plain Markdown, with the same words, tables, records and links as the page.

    `related` is the index of `kb`'s guides; `srv_zone` and `files` are what the settings
    reference shows beyond the settings (the DNS records, the machine-readable files), as
    `kb.render.pages.Facts` holds them."""
    w = ctx.words
    # The page's footer links to its short address, `faq/<id>/`: the folder above the twin's.
    short = f"{ui_md(w, 'link-to-faq')} {url_link(f'faq/{page.faq_id}/', '../')}\n"
    if page.kind == "settings-reference":
        # The reference page is plain Markdown already: tables, a code block, a list of links.
        return reference_body(kb, page, ctx, srv_zone, files or {}, twin=True) + "\n" + short
    out = [f"# {escape(page.title)}", "", render(page.purpose, ctx), ""]
    if page.updated:
        y, m, d = page.updated.split("-")
        out += [ui_md(w, "updated-on", year=y, month=m, day=d), ""]
    if page.preamble:
        out += [f"## {ui_md(w, 'preamble')}", "", *(f"- {render(t, ctx)}" for t in page.preamble)]
        out.append("")
    if page.prerequisites:
        out += [f"## {ui_md(w, 'prerequisites')}", ""]
        out += [*(f"- {render(t, ctx)}" for t in page.prerequisites), ""]
    for key in page.platforms:
        platform = kb.platforms[key]
        proc = kb.procedure(key, page.task or "")
        vendor = url_link(platform.vendor_help_title, platform.vendor_help_url)
        out += [f"## {escape(platform.name)}", ""]
        if proc.draft:
            out += [ui_md(w, "draft-text", vendor=vendor), ""]
        out += [render(proc.intro, ctx), ""]
        out += numbered_steps(proc, platform, ctx, kb, page.settings, twin=True)
        version = escape_inline(platform.written_for)
        out += [ui_md(w, "written-for", version=version, vendor=vendor), ""]
    out += guide_end(page, ctx, page.platforms, related)
    return "\n".join(out) + "\n" + short


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
