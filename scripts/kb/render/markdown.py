"""Model -> Markdown pages for Material for MkDocs (tabs, admonitions, tables)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.i18n.ui import UI
from kb.model import KnowledgeBase, Page, Platform, Procedure, Profile, Step
from kb.model.refs import PROTOCOL, show
from kb.render.text import (
    Context,
    escape,
    escape_cell,
    escape_inline,
    link_target,
    reference,
    render,
    ui_md,
    url_link,
)

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


# The app's own words for settings values, by field then value (a platform's `vocabulary`).
Vocabulary = dict[str, dict[str, str]]


def common_words(platforms: Sequence[Platform]) -> Vocabulary:
    """The words every one of `platforms` uses alike (a table shared by their tabs)."""
    if not platforms:
        return {}
    first, *rest = platforms
    return {
        kind: {
            v: w
            for v, w in values.items()
            if all(p.vocabulary.get(kind, {}).get(v) == w for p in rest)
        }
        for kind, values in first.vocabulary.items()
    }


def _cell(profile: Profile, field: str, words: Mapping[str, str], vocab: Vocabulary | None) -> str:
    word = (vocab or {}).get(field, {}).get(getattr(profile, field))
    return f"**{escape(word)}**" if word else reference(profile, field, words)


def settings_table(
    profiles: Sequence[Profile],
    password_help: str | None = None,
    words: Mapping[str, str] = UI,
    vocabulary: Vocabulary | None = None,
) -> str:
    """A table with one column per profile: what a reader types into the mail app, in the
    app's own `vocabulary` (from its platform file) where it has them."""
    head = f"| {cell(words, 'table/setting')} | " + " | ".join(
        escape_cell(p.label) for p in profiles
    )
    rows = [head + " |", "|---" * (len(profiles) + 1) + "|"]
    for field in ("protocol", "host", "port", "security", "username", "authentication"):
        title = cell(words, "table/server" if field == "host" else f"table/{field}")
        cells = " | ".join(_cell(p, field, words, vocabulary).replace("|", "\\|") for p in profiles)
        rows.append(f"| {title} | {cells} |")
    if password_help:
        help_cells = " | ".join(escape_cell(password_help) for _ in profiles)
        rows.append(f"| {cell(words, 'table/password')} | {help_cells} |")
    return "\n".join(rows)


def cell(words: Mapping[str, str], key: str) -> str:
    """A UI word as a table cell."""
    return ui_md(words, key).replace("|", "\\|")


def step_block(
    step: Step, ctx: Context, kb: KnowledgeBase, vocabulary: Vocabulary | None = None
) -> str:
    parts = [render(step.text, ctx)]
    if step.settings:
        shown = [ctx.profiles[k] for k in step.settings]
        parts.append(settings_table(shown, None, ctx.words, vocabulary))
    if step.screenshot:
        src = ctx.link_to_asset(f"screenshots/{step.screenshot.src}")
        parts.append(f"![{escape(step.screenshot.alt)}]({link_target(src)}){{ loading=lazy }}")
    if step.note:
        parts.append('!!! note ""\n\n' + indent(render(step.note, ctx)))
    # procedure_block indents continuation lines under the list marker.
    return "\n\n".join(parts)


def procedure_block(proc: Procedure, platform: Platform, ctx: Context, kb: KnowledgeBase) -> str:
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
    for n, step in enumerate(proc.steps, start=1):
        block = step_block(step, ctx, kb, platform.vocabulary)
        lines.append(f"{n}. " + block.replace("\n", "\n" + " " * 4))
        lines.append("")
    vendor = url_link(platform.vendor_help_title, platform.vendor_help_url)
    written = ui_md(
        ctx.words, "written-for", version=escape_inline(platform.written_for), vendor=vendor
    )
    lines.append(f"<small>{written}</small>")
    return "\n".join(lines)


def tabs(kb: KnowledgeBase, page: Page, ctx: Context, platforms: Sequence[str]) -> str:
    blocks = []
    for key in platforms:
        platform = kb.platforms[key]
        body = procedure_block(kb.procedure(key, page.task or ""), platform, ctx, kb)
        label = escape(platform.tab).replace('"', "&quot;")
        blocks.append(f'=== "{label}"\n\n' + indent(body))
    return "\n\n".join(blocks)


def guide_body(kb: KnowledgeBase, page: Page, ctx: Context, platforms: Sequence[str]) -> str:
    w = ctx.words
    out = [f"# {escape(page.title)}", "", render(page.purpose, ctx), ""]
    if page.updated:
        y, m, d = page.updated.split("-")
        updated = ui_md(w, "updated-on", year=y, month=m, day=d)
        out += [f'<p class="kb-updated">{updated}</p>', ""]
    if page.preamble:
        items = "\n".join(f"- {render(t, ctx)}" for t in page.preamble)
        title = escape(w["preamble"]).replace('"', "&quot;")
        # Collapsed: on a phone the steps start on the first screen; one tap opens it.
        out += [f'??? info "{title}"', "", indent(items), ""]
    if page.prerequisites:
        items = "\n".join(f"- {render(t, ctx)}" for t in page.prerequisites)
        out += [f"## {ui_md(w, 'prerequisites')}", "", items, ""]
    out += [f"## {ui_md(w, 'instructions')}", "", tabs(kb, page, ctx, platforms), ""]
    if page.settings:
        profiles = [ctx.profiles[k] for k in page.settings]
        out += [
            f"## {ui_md(w, 'recommended-settings')}",
            "",
            settings_table(
                profiles,
                kb.settings.provider.password_help,
                w,
                common_words([kb.platforms[k] for k in platforms if k in kb.platforms]),
            ),
            "",
        ]
        ref = next((p for p in kb.pages.values() if p.kind == "settings-reference"), None)
        if ref:
            link = url_link(ref.title, ctx.link_to_page(ref.key))
            out += [ui_md(w, "all-ports-and-options", link=link), ""]
    return "\n".join(out)


def reference_body(
    kb: KnowledgeBase, page: Page, ctx: Context, srv_zone: str | None, files: dict[str, str]
) -> str:
    w = ctx.words
    profiles = [ctx.profiles[k] for k in page.settings]
    recommended = [p for p in profiles if p.recommended]
    out = [f"# {escape(page.title)}", "", render(page.purpose, ctx), ""]
    out += [
        f"## {ui_md(w, 'recommended-settings')}",
        "",
        settings_table(recommended, kb.settings.provider.password_help, w),
        "",
    ]
    head = ("table/use", "table/server", "table/port", "table/security", "table/recommended")
    out += [
        f"## {ui_md(w, 'all-settings')}",
        "",
        "| " + " | ".join(cell(w, key) for key in (*head, "table/why")) + " |",
        "|---|---|---|---|---|---|",
    ]
    for p in profiles:
        cells = [
            escape_cell(p.label),
            reference(p, "host"),
            reference(p, "port"),
            reference(p, "security"),
            cell(w, "yes" if p.recommended else "no"),
            escape_cell(p.why),
        ]
        out.append("| " + " | ".join(cells) + " |")
    username = escape_inline(show(profiles[0], "username", w))
    out += ["", ui_md(w, "username-always", username=username, smtp=PROTOCOL["smtp"]), ""]
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
