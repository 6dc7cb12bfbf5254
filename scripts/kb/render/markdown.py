"""Model -> Markdown pages for Material for MkDocs (tabs, admonitions, tables)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from kb.model import KnowledgeBase, Page, Platform, Procedure, Profile, Step
from kb.render.related import related_block
from kb.render.settings import Words, settings_cards, settings_table
from kb.render.text import Context, escape, link_target, render, url_link

TAB = "    "


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
    return text if followed or not text.endswith(":") else text[:-1] + "."


def shown_under(seen: Sequence[int]) -> str:
    """Where a step's settings already appeared: "The settings are shown under step 2."."""
    where = ", ".join(str(n) for n in seen)
    return f"The settings are shown under step{'s' if len(seen) > 1 else ''} {where}."


def step_block(
    step: Step,
    ctx: Context,
    kb: KnowledgeBase,
    new: Sequence[str] = (),
    seen: Sequence[int] = (),
    words: Words | None = None,
) -> str:
    """One step: its words, the settings it shows for the first time in its procedure (`new`,
    in the platform's own `words`), a pointer to the steps that showed the others (`seen`), its
    screenshot and its note."""
    parts = [step_text(step, ctx, bool(new or step.screenshot))]
    if new:
        password = kb.settings.provider.password_help
        parts.append(settings_cards([ctx.profiles[k] for k in new], password, words))
    if seen:
        parts.append(shown_under(seen))
    if step.screenshot:
        src = ctx.link_to_asset(f"screenshots/{step.screenshot.src}")
        parts.append(f"![{escape(step.screenshot.alt)}]({link_target(src)}){{ loading=lazy }}")
    if step.note:
        parts.append('!!! note ""\n\n' + indent(render(step.note, ctx)))
    # procedure_block indents continuation lines under the list marker.
    return "\n\n".join(parts)


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


def procedure_block(
    proc: Procedure,
    platform: Platform,
    ctx: Context,
    kb: KnowledgeBase,
    settings: Sequence[str] = (),
) -> str:
    """One platform's steps. Each profile's table appears once: under the first step that shows
    it, or after the steps when the page's `settings` name a profile no step shows."""
    lines = [f"### {escape(platform.name)}", ""]
    if proc.draft:
        # Honest about content not yet checked against the vendor's own documentation.
        vendor = url_link(platform.vendor_help_title, platform.vendor_help_url)
        lines += [
            '!!! warning "General steps"',
            "",
            indent(
                f"These steps describe what to do without naming every button: the "
                f"app's menus may differ. If a step does not match, see {vendor}."
            ),
            "",
        ]
    lines += [render(proc.intro, ctx), ""]
    firsts = first_shown(proc)
    for n, (step, (new, seen)) in enumerate(zip(proc.steps, firsts, strict=True), start=1):
        block = step_block(step, ctx, kb, new, seen, platform.vocabulary)
        lines.append(f"{n}. " + block.replace("\n", "\n" + " " * 4))
        lines.append("")
    shown = {k for new, _ in firsts for k in new}
    rest = [ctx.profiles[k] for k in settings if k not in shown]
    if rest:
        lines += [
            "Recommended settings not shown in the steps:",
            "",
            settings_cards(rest, kb.settings.provider.password_help, platform.vocabulary),
            "",
        ]
    vendor = url_link(platform.vendor_help_title, platform.vendor_help_url)
    lines.append(
        f'<small class="kb-written-for">Written for {escape(platform.written_for)}. '
        f"Vendor help: {vendor}.</small>"
    )
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


def heading(kb: KnowledgeBase, page: Page, platforms: Sequence[str]) -> str:
    """A guide's title; a one-platform page of a guide for several names its task and platform
    only (the guide's title names platforms that page does not show)."""
    if len(platforms) == 1 and tuple(platforms) != page.platforms and page.task:
        return f"{kb.tasks[page.task].title} in {kb.platforms[platforms[0]].name}"
    return page.title


def guide_body(kb: KnowledgeBase, page: Page, ctx: Context, platforms: Sequence[str]) -> str:
    out = [f"# {escape(heading(kb, page, platforms))}", "", render(page.purpose, ctx), ""]
    if page.updated:
        y, m, d = page.updated.split("-")
        out += [f'<p class="kb-updated">Update {m}/{d}/{y}</p>', ""]
    if page.preamble:
        items = "\n".join(f"- {render(t, ctx)}" for t in page.preamble)
        # Collapsed: on a phone the steps start on the first screen; one tap opens it.
        out += ['??? info "Preamble"', "", indent(items), ""]
    if page.prerequisites:
        items = "\n".join(f"- {render(t, ctx)}" for t in page.prerequisites)
        out += ["## Prerequisites", "", items, ""]
    out += ["## Instructions", "", tabs(kb, page, ctx, platforms), ""]
    ref = next((p for p in kb.pages.values() if p.kind == "settings-reference"), None)
    if page.settings and ref:
        out += [f"All ports and options: {url_link(ref.title, ctx.link_to_page(ref.key))}.", ""]
    out += related_block(kb, page, ctx, platforms)
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
    out = [f"# {escape(page.title)}", "", render(page.purpose, ctx), ""]
    password = escape(kb.settings.provider.password_help)

    def table(shown: list[Profile]) -> str:
        return settings_table(shown, why=True) if twin else settings_cards(shown, why=True)

    out += ["## Recommended settings", "", table(recommended), ""]
    out += [f"Password: {password}", ""]
    if others := [p for p in profiles if not p.recommended]:
        out += ["## Other settings", "", table(others), ""]
    if srv_zone:
        out += [
            "## DNS SRV records",
            "",
            "Mail apps that look up RFC 6186 / RFC 8314 service "
            "records find these settings for the provider's own domains:",
            "",
            "```text",
            srv_zone.rstrip("\n"),
            "```",
            "",
        ]
    if files:
        out += [
            "## Automatic configuration",
            "",
            "Mail apps that configure themselves read "
            "these files, generated from the same settings as this page:",
            "",
        ]
        out += [f"- {url_link(title, ctx.link_to_asset(path))}" for path, title in files.items()]
        out.append("")
    return "\n".join(out)
