"""Model -> Markdown pages for Material for MkDocs (tabs, admonitions, tables)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from kb.i18n.ui import UI, fill
from kb.i18n.ui import Words as UiWords
from kb.model import KnowledgeBase, Page, Platform, Procedure, Profile, Step
from kb.render.related import Related, guide_end
from kb.render.settings import Words, settings_cards, settings_table, steps_table
from kb.render.text import Context, escape, escape_inline, link_target, render, ui_md, url_link

TAB = "    "
# attr_list: the heading or paragraph it ends is left out of the search index.
SEARCH_EXCLUDE = "{ data-search-exclude }"


def indent(block: str, level: int = 1) -> str:
    pad = TAB * level
    return "\n".join(pad + line if line else "" for line in block.split("\n"))


@dataclass(frozen=True)
class Markdown:
    """A generated page: its metadata (what MkDocs calls `page.meta`) and its Markdown body."""

    meta: dict[str, object]
    body: str

    @property
    def text(self) -> str:
        """The page as one Markdown file, its metadata as front matter (`kb build --out`)."""
        return front_matter(self.meta) + self.body


def front_matter(meta: dict[str, object]) -> str:
    # JSON is valid YAML and escapes every editor character safely.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def content_version(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]


def step_text(step: Step, ctx: Context, followed: bool) -> str:
    """A step's words. The provider's steps end with a colon where an illustration follows on
    its own page; here the colon is kept only when something follows (a screenshot or a table)."""
    text = render(step.text, ctx)
    # rstrip: French puts a space before the colon ("Touchez Mail :").
    return text if followed or not text.endswith(":") else text[:-1].rstrip() + "."


def shown_under(seen: Sequence[int], words: UiWords = UI) -> str:
    """Where a step's settings already appeared: "The settings are shown under step 2."."""
    where = ", ".join(str(n) for n in seen)
    return ui_md(words, "shown-under-many" if len(seen) > 1 else "shown-under-one", steps=where)


def step_block(
    step: Step,
    ctx: Context,
    kb: KnowledgeBase,
    new: Sequence[str] = (),
    seen: Sequence[int] = (),
    words: Words | None = None,
    twin: bool = False,
) -> str:
    """One step: its words, the settings it shows for the first time in its procedure (`new`,
    in the platform's own `words`), a pointer to the steps that showed the others (`seen`), its
    screenshot and its note. A `twin` step (the Markdown twin) has no Material syntax: a
    settings table, a plain image, the note as a sentence."""
    parts = [step_text(step, ctx, bool(new or step.screenshot))]
    if new:
        parts.append(_settings(kb, [ctx.profiles[k] for k in new], ctx, words, twin))
    if seen:
        parts.append(shown_under(seen, ctx.words))
    if step.screenshot:
        src = ctx.link_to_asset(f"screenshots/{step.screenshot.src}")
        image = f"![{escape(step.screenshot.alt)}]({link_target(src)})"
        parts.append(image if twin else image + "{ loading=lazy }")
    if step.note:
        note = render(step.note, ctx)
        admonition = '!!! note ""\n\n' + indent(note)
        parts.append(ui_md(ctx.words, "note", note=note) if twin else admonition)
    # numbered_steps indents continuation lines under the list marker.
    return "\n\n".join(parts)


def _settings(
    kb: KnowledgeBase, shown: list[Profile], ctx: Context, words: Words | None, twin: bool
) -> str:
    password = kb.settings.provider.password_help
    return steps_table(shown, password, words, ctx.words, twin, ctx.memo)


def first_shown(proc: Procedure) -> list[tuple[list[str], list[int]]]:
    """For each step of `proc`: the profiles it shows first, and the earlier steps (numbered
    from 1) that showed the others. Each profile's table appears once per procedure."""
    shown: dict[str, int] = {}
    out = []
    for n, step in enumerate(proc.steps, start=1):
        new = [k for k in step.settings if k not in shown]
        out.append((new, sorted({shown[k] for k in step.settings if k in shown})))
        shown.update((k, n) for k in new)
    return out


def numbered_steps(
    proc: Procedure,
    platform: Platform,
    ctx: Context,
    kb: KnowledgeBase,
    settings: Sequence[str] = (),
    twin: bool = False,
) -> list[str]:
    """One platform's steps as a numbered list (page or `twin`, as `step_block`). Each
    profile's table appears once: under the first step that shows it, or after the steps when
    the page's `settings` name a profile no step shows."""
    lines = []
    firsts = first_shown(proc)
    for n, (step, (new, seen)) in enumerate(zip(proc.steps, firsts, strict=True), start=1):
        block = step_block(step, ctx, kb, new, seen, platform.vocabulary, twin)
        lines += [f"{n}. " + block.replace("\n", "\n" + " " * 4), ""]
    shown = {k for new, _ in firsts for k in new}
    if rest := [ctx.profiles[k] for k in settings if k not in shown]:
        table = _settings(kb, rest, ctx, platform.vocabulary, twin)
        lines += [ui_md(ctx.words, "settings-not-in-steps"), "", table, ""]
    return lines


def procedure_block(
    proc: Procedure,
    platform: Platform,
    ctx: Context,
    kb: KnowledgeBase,
    settings: Sequence[str] = (),
) -> str:
    """One platform's tab: its draft warning, its introduction, its steps (`numbered_steps`)."""
    lines = [f"### {escape(platform.name)}", ""]
    if proc.draft:
        # Honest about content not yet checked against the vendor's own documentation.
        vendor = url_link(platform.vendor_help_title, platform.vendor_help_url)
        title = escape(ctx.words["draft-title"]).replace('"', "&quot;")
        lines += [
            f'!!! warning "{title}"',
            "",
            indent(ui_md(ctx.words, "draft-text", vendor=vendor)),
            "",
        ]
    lines += [render(proc.intro, ctx), ""]
    lines += numbered_steps(proc, platform, ctx, kb, settings)
    vendor = url_link(platform.vendor_help_title, platform.vendor_help_url)
    version = escape_inline(platform.written_for)
    written = ui_md(ctx.words, "written-for", version=version, vendor=vendor)
    lines.append(f'<small class="kb-written-for">{written}</small>')
    return "\n".join(lines)


def tabs(kb: KnowledgeBase, page: Page, ctx: Context, platforms: Sequence[str]) -> str:
    blocks = []
    for key in platforms:
        platform = kb.platforms[key]
        proc = kb.procedure(key, page.task or "")
        body = procedure_block(proc, platform, ctx, kb, page.settings)
        label = escape(platform.tab).replace('"', "&quot;")
        blocks.append(f'=== "{label}"\n\n' + indent(body))
    return "\n\n".join(blocks)


def heading(kb: KnowledgeBase, page: Page, platforms: Sequence[str], words: UiWords = UI) -> str:
    """A guide's title; a one-platform page of a guide for several names its task and platform
    only (the guide's title names platforms that page does not show)."""
    if len(platforms) == 1 and tuple(platforms) != page.platforms and page.task:
        task, platform = kb.tasks[page.task].title, kb.platforms[platforms[0]].name
        return fill(words, "one-platform-title", task=task, platform=platform)
    return page.title


def guide_body(
    kb: KnowledgeBase, page: Page, ctx: Context, platforms: Sequence[str], related: Related
) -> str:
    """A guide's page showing `platforms`; `related` is the index of `kb`'s guides."""
    w = ctx.words
    title = escape(heading(kb, page, platforms, w))
    out = [f"# {title}", "", render(page.purpose, ctx), ""]
    if page.updated:
        y, m, d = page.updated.split("-")
        updated = ui_md(w, "updated-on", year=y, month=m, day=d)
        out += [f'<p class="kb-updated">{updated}</p>', ""]
    if page.preamble:
        items = "\n".join(f"- {render(t, ctx)}" for t in page.preamble)
        summary = escape(w["preamble"]).replace('"', "&quot;")
        # Collapsed: on a phone the steps start on the first screen; one tap opens it.
        out += [f'??? info "{summary}"', "", indent(items), ""]
    if page.prerequisites:
        items = "\n".join(f"- {render(t, ctx)}" for t in page.prerequisites)
        out += [f"## {ui_md(w, 'prerequisites')}", "", items, ""]
    out += [f"## {ui_md(w, 'instructions')}", "", tabs(kb, page, ctx, platforms), ""]
    # Navigation is left out of the search index (Material's search plugin): indexed, the same
    # link texts on every guide would make each guide match every app's name.
    out += guide_end(page, ctx, platforms, related, SEARCH_EXCLUDE)
    return "\n".join(out)


def reference_body(
    kb: KnowledgeBase,
    page: Page,
    ctx: Context,
    srv_zone: str | None,
    files: dict[str, str],
    twin: bool = False,
) -> str:
    """The settings reference: one card per profile on the page; in its Markdown `twin`, one
    table with a column per profile (the same cells, no HTML)."""
    profiles = [ctx.profiles[k] for k in page.settings]
    recommended = [p for p in profiles if p.recommended]
    w = ctx.words
    out = [f"# {escape(page.title)}", "", render(page.purpose, ctx), ""]
    password = escape(kb.settings.provider.password_help)

    def table(shown: list[Profile]) -> str:
        if twin:
            return settings_table(shown, why=True, ui=w, refs=ctx.profiles)
        return settings_cards(shown, why=True, ui=w, refs=ctx.profiles)

    out += [f"## {ui_md(w, 'recommended-settings')}", "", table(recommended), ""]
    out += [ui_md(w, "password-line", password=password), ""]
    if others := [p for p in profiles if not p.recommended]:
        out += [f"## {ui_md(w, 'other-settings')}", "", table(others), ""]
    if srv_zone:
        out += [
            f"## {ui_md(w, 'srv-title')}",
            "",
            ui_md(w, "srv-text"),
            "",
            "```text",
            srv_zone.rstrip("\n"),
            "```",
            "",
        ]
    if files:
        out += [f"## {ui_md(w, 'autoconfig-title')}", "", ui_md(w, "autoconfig-text"), ""]
        out += [f"- {url_link(title, ctx.link_to_asset(path))}" for path, title in files.items()]
        out.append("")
    return "\n".join(out)
