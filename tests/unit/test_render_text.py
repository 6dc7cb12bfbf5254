"""Editor text reaches Markdown as text; formatting comes only from structured fields."""

from __future__ import annotations

import html as htmllib
import posixpath
from dataclasses import replace

import markdown
import pytest

from kb.model import Connection, Link, Profile, Text
from kb.render.text import Context, escape, relative, render

PROFILE = Profile(
    "imap",
    "IMAP (recommended)",
    Connection("imap", "mail.example.org", 993, "ssl", "email-address", "password-cleartext"),
    True,
    "why",
)
CTX = Context(
    {"imap": PROFILE},
    lambda key: f"faq/1/{key}.md",
    lambda key: "https://vendor.example/",
    "faq/2/here.md",
)
EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.details",
]
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    'Click { onclick="alert(1)" }',
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "</textarea><svg onload=alert(1)>",
    "**bold** _it_ `code` ~~s~~",
    "# not a heading",
    "1. not a list",
    "!!! warning not an admonition",
    "~~~ not a fence",
    "??? note not a details block",
    '=== "not a tab"',
    "| a | b |",
    "![img](x.png)",
    "&lt; stays literal &amp;",
    "back\\slash \\*",
]


def html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_renders_as_its_own_text_and_no_markup(payload: str) -> None:
    out = html(escape(payload))
    assert out.startswith("<p>") and out.endswith("</p>")
    inner = out[3:-4]
    assert "<" not in inner.replace("&lt;", "")
    assert htmllib.unescape(inner) == payload


def test_ui_labels_are_bold_and_references_resolve() -> None:
    text = Text("Open the Mail app and enter port {imap.port} with {imap.security}.", ui=("Mail",))
    out = html(render(text, CTX))
    assert "<strong>Mail</strong>" in out
    assert "<code>993</code>" in out and "<strong>SSL/TLS</strong>" in out


def test_links_point_to_pages_relative_to_the_current_page() -> None:
    text = Text("See the complete guide.", links=(Link("complete guide", page="other"),))
    assert '<a href="../1/other.md">complete guide</a>' in html(render(text, CTX))


def test_label_with_markup_characters_is_escaped_inside_bold() -> None:
    text = Text("Tap <Next> now.", ui=("<Next>",))
    assert "<strong>&lt;Next&gt;</strong>" in html(render(text, CTX))


def test_shared_memo_gives_each_page_its_own_relative_links() -> None:
    memo: dict[int, str] = {}
    here, there = replace(CTX, memo=memo), replace(CTX, here="faq/1/x/deep.md", memo=memo)
    linked = Text("See the complete guide.", links=(Link("complete guide", page="other"),))
    plain = Text("Open {imap.host} in Mail.", ui=("Mail",))
    for text in (linked, plain):
        assert render(text, here) == render(text, replace(CTX, memo=None))
    assert render(linked, there) == "See the [complete guide](../other.md)."
    # Only the text whose output cannot depend on the page was kept.
    assert list(memo) == [id(plain)]
    assert render(plain, there) == render(plain, CTX)


@pytest.mark.parametrize(
    ("path", "start"),
    [
        ("faq/1/a.md", "faq/1"),
        ("faq/1/a.md", "faq/2/b"),
        ("faq/1/a.md", ""),
        ("screenshots/x/y.png", "faq/1/a"),
        ("faq/1", "faq/1"),
        ("faq/1/a/index.md", "faq/1/a"),
        ("index.md", "categories/email-apps"),
    ],
)
def test_relative_link_is_what_posixpath_relpath_gives(path: str, start: str) -> None:
    assert relative(path, start) == posixpath.relpath(path, start or ".")
