"""Editor text -> every output slot, as text: the one place that decides how.

Editor text is text: every character an editor types is escaped, so `<script>`, `{ onclick=... }` or
`[x](javascript:...)` in YAML reach the page as visible characters, never as markup. Formatting
comes only from structured fields (UI labels, links, settings references) rendered here.

Each slot an editor's text reaches, and what makes it text there:

- Markdown (pages, Markdown twins, llms.txt): `escape`, `render` (then the search index, built
  from the HTML, holds the same escaped text).
- What the theme prints without escaping (MkDocs renders templates with autoescape off): page
  titles and navigation labels (`<title>`, header, nav, footer, breadcrumbs) and the meta
  description: `theme_text`, HTML text that shows exactly the typed characters.
- URLs: `url_problem` is the rule `kb check` applies to every field the schemas mark
  `"format": "uri"`; `link_target` puts an accepted URL into a Markdown link.
- DNS zone file: `zone_text`, one ASCII comment line.
- XML, plist and JSON files: their standard serializers (ElementTree, plistlib, json) write text.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property

from kb.i18n.ui import UI
from kb.model import DOWNLOADS, Profile, Text
from kb.model.refs import REF, show
from kb.render.urls import link_target

# HTML's three plus the characters that start inline markup or close a heading ("#"), all in
# Python-Markdown's backslash-escapable set ("|" is added by the tables extension). "(" and "!"
# need no escape: links and images need "[" first. One str.translate pass: rendering is the
# generator's hot path.
_INLINE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_{}[]|#"}}
)
# What would turn a line into a block (heading, list, admonition, tab, fence, definition).
_BLOCK_START = frozenset("#+=?:!~-0123456789")


# The characters `_INLINE` changes: most texts hold none, and a few substring tests are much
# faster than `str.translate` with a dict, which looks every character up.
_SPECIAL = "".join(chr(c) for c in _INLINE)


_LINE_BREAKS = re.compile(r"[\r\n]+")


def _translate(text: str) -> str:
    if "\n" in text or "\r" in text:
        # A line break would end the heading, list item, table row or tab label the text is
        # on, and the next line could start a block; a reader's browser shows it as a space.
        text = _LINE_BREAKS.sub(" ", text)
    for char in _SPECIAL:
        if char in text:
            return text.translate(_INLINE)
    return text


def escape_inline(text: str) -> str:
    """Plain text -> Markdown inline text with no markup (safe in the middle of a line)."""
    return _translate(text)


def escape(text: str) -> str:
    """Plain text -> Markdown that renders exactly as the text, with no markup."""
    escaped = _translate(text)
    if escaped[:1] in _BLOCK_START and escaped:
        # A numeric entity renders as the character but cannot start a block.
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def escape_cell(text: str) -> str:
    return escape(text).replace("|", "\\|")


def theme_text(text: str) -> str:
    """Plain text -> HTML text for a value the theme prints as it is (page title, navigation
    label, meta description): safe in element text and in quoted attributes, shown as typed."""
    return html.escape(text, quote=True)


def plain(text: Text, profiles: dict[str, Profile], words: Mapping[str, str] = UI) -> str:
    """A Text as the plain words a reader sees: references resolved, no formatting."""
    if "{" not in text.text:
        return text.text
    return REF.sub(lambda m: show(profiles[m[1]], m[2], words), text.text)


_SLOT = re.compile(r"(\{[a-z_]+\})")


def ui_md(words: Mapping[str, str], key: str, **markdown: str) -> str:
    """A UI string as Markdown: its words escaped as text, each `{name}` replaced by the given
    Markdown (a link, a value), whatever order the language puts them in."""
    parts = _SLOT.split(words.get(key) or UI[key])
    out = [escape(parts[0])]  # the start of a line: it must not start a block
    for n, part in enumerate(parts[1:], start=1):
        out.append(markdown.get(part[1:-1], escape_inline(part)) if n % 2 else escape_inline(part))
    return "".join(out)


def zone_text(text: str) -> str:
    """Plain text -> one ASCII line for a DNS zone-file comment: no line break can end the
    comment and start a record; other characters are written as Python escapes."""
    return " ".join(text.split()).encode("unicode_escape").decode("ascii")


def url_link(label: str, url: str) -> str:
    """A Markdown link from plain text to a URL: the one way every editor URL is rendered."""
    return f"[{escape(label)}]({link_target(url)})"


@dataclass(frozen=True)
class Context:
    """What inline rendering needs to resolve references and links from one page.

    `memo` may be shared by the contexts of one generation run (same profiles and vendor URLs):
    a text that links to no page or file renders the same on every page, and at KB scale each
    text appears on its guide, its one-platform page and its Markdown twin."""

    profiles: dict[str, Profile]
    page_path: Callable[[str], str]
    vendor_url: Callable[[str], str]
    here: str
    memo: dict[object, str] | None = field(default=None, compare=False, repr=False)
    # The page language's UI words (kb.i18n.ui).
    words: Mapping[str, str] = field(default_factory=lambda: UI, compare=False, repr=False)

    def link_to_page(self, key: str) -> str:
        return self.link_to_asset(self.page_path(key))

    def link_to_asset(self, path: str) -> str:
        """A link relative to the current page's source, as MkDocs resolves and checks it."""
        return relative(path, self.folder)

    @cached_property
    def folder(self) -> str:
        """The folder of the current page's source (links are relative to it)."""
        return posixpath.dirname(self.here)


@cache
def relative(path: str, start: str) -> str:
    """`posixpath.relpath` for two clean paths inside the docs tree, without touching the disk."""
    target, base = path.split("/"), start.split("/") if start else []
    common = 0
    for a, b in zip(target, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:]) or "."


def reference(profile: Profile, field: str, words: Mapping[str, str] = UI) -> str:
    if field in ("host", "port"):
        return f"<code>{html.escape(show(profile, field))}</code>"
    value = escape(show(profile, field, words))
    return f"**{value}**" if field in ("security", "authentication") else value


def render(text: Text, ctx: Context) -> str:
    """One Text as inline Markdown: escaped text, bold UI labels, links, resolved references.
    A text in another language than the page's (an English fallback) is marked as such and
    followed by the page language's notice."""
    if text.lang:
        notice = escape_inline(ctx.words.get("untranslated") or UI["untranslated"])
        body = _render(text, ctx)
        return (
            f'<span lang="{html.escape(text.lang)}">{body}</span> '
            f'<small class="kb-untranslated">({notice})</small>'
        )
    if not (text.ui or text.links or "{" in text.text):
        return escape(text.text)
    if ctx.memo is None or any(link.page or link.download for link in text.links):
        return _render(text, ctx)
    # Keyed by identity: the texts belong to the model, which outlives the run sharing `memo`.
    found = ctx.memo.get(id(text))
    if found is None:
        found = ctx.memo[id(text)] = _render(text, ctx)
    return found


def _render(text: Text, ctx: Context) -> str:
    body = text.text
    spans: list[tuple[int, int, str]] = []
    if "{" in body:
        for match in REF.finditer(body):
            key, field = match.groups()
            spans.append((*match.span(), reference(ctx.profiles[key], field, ctx.words)))
    for link in text.links:
        for match in _phrase(link.phrase).finditer(body):
            start, end = match.span()
            if _free(spans, start, end):
                spans.append((start, end, _link(link, ctx)))
                break
    for label in sorted(text.ui, key=len, reverse=True) if len(text.ui) > 1 else text.ui:
        bold = ""
        for match in _phrase(label).finditer(body):
            start, end = match.span()
            if _free(spans, start, end):
                bold = bold or f"**{escape(label)}**"
                spans.append((start, end, bold))
    spans.sort()
    out, at = [], 0
    for start, end, markup in spans:
        out += [_escape_inline(body[at:start], at == 0), markup]
        at = end
    out.append(_escape_inline(body[at:], at == 0))
    return "".join(out)


def _free(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps none of `spans`."""
    for taken_start, taken_end, _ in spans:
        if end > taken_start and start < taken_end:
            return False
    return True


def _escape_inline(part: str, at_start: bool) -> str:
    return escape(part) if at_start else _translate(part)


@cache
def _phrase(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def _link(link, ctx: Context) -> str:
    if link.page:
        return url_link(link.phrase, ctx.link_to_page(link.page))
    if link.download:
        path = DOWNLOADS[link.download]
        name = path.rsplit("/", 1)[-1]
        return url_link(link.phrase, ctx.link_to_asset(path)) + f'{{ download="{name}" }}'
    return url_link(link.phrase, ctx.vendor_url(link.vendor) if link.vendor else link.url or "")
