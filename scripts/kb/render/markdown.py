"""Model -> Markdown pages for Material for MkDocs (tabs, admonitions, tables)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from kb.model import KnowledgeBase, Page, Platform, Procedure, Profile, Step
from kb.model.refs import PROTOCOL, show
from kb.render.text import (
    Context,
    escape,
    escape_cell,
    link_target,
    reference,
    render,
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


Words = dict[str, dict[str, str]]


def common_words(platforms: Sequence[Platform]) -> Words:
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


def _cell(profile: Profile, field: str, words: Words | None) -> str:
    word = (words or {}).get(field, {}).get(getattr(profile, field))
    return f"**{escape(word)}**" if word else reference(profile, field)


def settings_table(
    profiles: Sequence[Profile], password_help: str | None = None, words: Words | None = None
) -> str:
    """A table with one column per profile: what a reader types into the mail app, in the
    app's own `words` (from its platform file) where it has them."""
    head = "| Setting | " + " | ".join(escape_cell(p.label) for p in profiles) + " |"
    rows = [head, "|---" * (len(profiles) + 1) + "|"]
    for title, field in (
        ("Protocol", "protocol"),
        ("Server", "host"),
        ("Port", "port"),
        ("Security", "security"),
        ("Username", "username"),
        ("Authentication", "authentication"),
    ):
        cells = " | ".join(_cell(p, field, words).replace("|", "\\|") for p in profiles)
        rows.append(f"| {title} | {cells} |")
    if password_help:
        rows.append(
            "| Password | " + " | ".join(escape_cell(password_help) for _ in profiles) + " |"
        )
    return "\n".join(rows)


def step_block(step: Step, ctx: Context, kb: KnowledgeBase, words: Words | None = None) -> str:
    parts = [render(step.text, ctx)]
    if step.settings:
        parts.append(settings_table([ctx.profiles[k] for k in step.settings], words=words))
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
    for n, step in enumerate(proc.steps, start=1):
        block = step_block(step, ctx, kb, platform.vocabulary)
        lines.append(f"{n}. " + block.replace("\n", "\n" + " " * 4))
        lines.append("")
    vendor = url_link(platform.vendor_help_title, platform.vendor_help_url)
    lines.append(
        f"<small>Written for {escape(platform.written_for)}. Vendor help: {vendor}.</small>"
    )
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
    out = [f"# {escape(page.title)}", "", render(page.purpose, ctx), ""]
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
    if page.settings:
        profiles = [ctx.profiles[k] for k in page.settings]
        out += [
            "## Recommended settings",
            "",
            settings_table(
                profiles,
                kb.settings.provider.password_help,
                common_words([kb.platforms[k] for k in platforms if k in kb.platforms]),
            ),
            "",
        ]
        ref = next((p for p in kb.pages.values() if p.kind == "settings-reference"), None)
        if ref:
            out += [
                f"All ports and options: {url_link(ref.title, ctx.link_to_page(ref.key))}.",
                "",
            ]
    return "\n".join(out)


def reference_body(
    kb: KnowledgeBase, page: Page, ctx: Context, srv_zone: str | None, files: dict[str, str]
) -> str:
    profiles = [ctx.profiles[k] for k in page.settings]
    recommended = [p for p in profiles if p.recommended]
    out = [f"# {escape(page.title)}", "", render(page.purpose, ctx), ""]
    out += [
        "## Recommended settings",
        "",
        settings_table(recommended, kb.settings.provider.password_help),
        "",
    ]
    out += [
        "## All settings",
        "",
        "| Use | Server | Port | Security | Recommended | Why |",
        "|---|---|---|---|---|---|",
    ]
    for p in profiles:
        cells = [
            escape_cell(p.label),
            reference(p, "host"),
            reference(p, "port"),
            reference(p, "security"),
            "yes" if p.recommended else "no",
            escape_cell(p.why),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out += [
        "",
        "The username is always "
        f"{escape(show(profiles[0], 'username'))}, and outgoing mail ({PROTOCOL['smtp']}) "
        "always needs authentication with the same username and password.",
        "",
    ]
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
