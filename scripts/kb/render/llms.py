"""Plain Markdown for AI readers: `llms.txt` and a Markdown twin of each FAQ page.

The twins use no Material syntax (no tabs, no admonitions): one heading per platform, numbered
steps, each settings table once. They sit next to each page at `<page URL>index.md`, and carry what
the page says: every table, record and link (tests/build/test_twins.py compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.model import Category, KnowledgeBase, Page, Step
from kb.render.markdown import first_shown, reference_body, shown_under, step_text
from kb.render.related import Related, related_block
from kb.render.settings import Words, settings_table
from kb.render.text import (
    Context,
    escape,
    escape_inline,
    link_target,
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
        firsts = first_shown(proc)
        for n, (step, (new, seen)) in enumerate(zip(proc.steps, firsts, strict=True), 1):
            block = _step(step, ctx, kb, new, seen, platform.vocabulary)
            out += [f"{n}. " + block.replace("\n", "\n    "), ""]
        shown = {k for new, _ in firsts for k in new}
        if rest := [ctx.profiles[k] for k in page.settings if k not in shown]:
            password = kb.settings.provider.password_help
            out += [
                ui_md(w, "settings-not-in-steps"),
                "",
                settings_table(rest, password, platform.vocabulary, ui=w),
                "",
            ]
        version = escape_inline(platform.written_for)
        out += [ui_md(w, "written-for", version=version, vendor=vendor), ""]
    ref = next((p for p in kb.pages.values() if p.kind == "settings-reference"), None)
    if page.settings and ref:
        link = url_link(ref.title, ctx.link_to_page(ref.key))
        out += [ui_md(w, "all-ports-and-options", link=link), ""]
    out += related_block(kb, page, ctx, page.platforms, related)
    return "\n".join(out) + "\n" + short


def _step(
    step: Step,
    ctx: Context,
    kb: KnowledgeBase,
    new: Sequence[str],
    seen: Sequence[int],
    words: Words,
) -> str:
    """A step as the page shows it, without Material syntax: the settings it shows first (in the
    platform's `words`), where the others were shown, its screenshot and its note."""
    parts = [step_text(step, ctx, bool(new or step.screenshot))]
    if new:
        password = kb.settings.provider.password_help
        shown = [ctx.profiles[k] for k in new]
        parts.append(settings_table(shown, password, words, ui=ctx.words))
    if seen:
        parts.append(shown_under(seen, ctx.words))
    if step.screenshot:
        src = ctx.link_to_asset(f"screenshots/{step.screenshot.src}")
        parts.append(f"![{escape(step.screenshot.alt)}]({link_target(src)})")
    if step.note:
        parts.append(ui_md(ctx.words, "note", note=render(step.note, ctx)))
    return "\n\n".join(parts)


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
