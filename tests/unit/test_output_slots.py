"""Every URL an editor writes is parsed and allow-listed by `kb check`, and reaches the page
through the one link renderer: no URL can add markup, an event handler or a `javascript:` link."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from kb.build import load_knowledge_base
from kb.errors import KbError
from kb.formats import srv
from kb.render.markdown import procedure_block
from kb.render.site import generate
from kb.render.text import Context
from kb.render.urls import url_problem
from kbfixtures import BASE, copy_kb

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.superfences"]
# URLs the schema's old pattern (https://, no space, quote, < or >) let through into Markdown.
CRAFTED = [
    "https://vendor.example/help){onclick=alert(1)}",
    "https://vendor.example/help){: onclick=alert(1) }",
    "https://vendor.example/help)[x](javascript:alert(1)",
    "https://vendor.example/help\\",
    "https://vendor.example/help*bold*_it_`code`",
]
ACCEPTED = [
    "https://support.apple.com/guide/mail/welcome/mac",
    "HTTPS://vendor.example/a_(b)?q=1&r=2#part",
    "https://vendor.example:8443/%7Euser/",
    "https://[2001:db8::1]/help",
]
REFUSED = [
    "javascript:alert(1)",
    "http://vendor.example/help",
    "//vendor.example/help",
    "/faq/2000/",
    "https:///help",
    "https://vendor.example/help){onclick=alert(1)}",
    "https://vendor.example/help\\",
    "https://vendor.example/a b",
    "https://vendor.example/\u00e9",
    "https://vendor.example/\u202ehelp",
    "https://vendor.example:99999/",
    "https://[2001:db8::1/help",
    "https://reader:hunter2@vendor.example/",
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str | None]] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "a":
            self.links.append(dict(attrs))


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(BASE)


@pytest.mark.parametrize("draft", [False, True], ids=["checked", "draft"])
@pytest.mark.parametrize("url", CRAFTED)
def test_a_vendor_help_url_becomes_one_plain_link(kb, url: str, draft: bool) -> None:
    """Rendered as the model holds it (`kb check` would refuse most of these): defence in depth."""
    platform = replace(kb.platforms["apple-mail-macos"], vendor_help_url=url)
    proc = replace(kb.procedure("apple-mail-macos", "update-password"), draft=draft)
    profiles = {p.key: p for p in kb.settings.profiles}
    ctx = Context(profiles, lambda key: f"faq/{key}.md", lambda key: url, "faq/1/here.md")
    html = markdown.markdown(procedure_block(proc, platform, ctx, kb), extensions=EXTENSIONS)
    found = _Links()
    found.feed(html)
    assert not found.handlers, html
    hrefs = [link.get("href") or "" for link in found.links]
    assert not [h for h in hrefs if not h.startswith(("https://", "../"))], html
    vendor = [h for h in hrefs if h.startswith("https://vendor.example/help")]
    assert len(vendor) == (2 if draft else 1), html
    assert "Mail User Guide for Mac</a>." in html  # the link ends where the title ends


@pytest.mark.parametrize("url", ACCEPTED)
def test_absolute_https_urls_are_accepted(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize("url", REFUSED)
def test_other_urls_are_refused(url: str) -> None:
    assert url_problem(url)


def test_a_refused_url_with_a_password_is_not_repeated() -> None:
    assert "hunter2" not in (url_problem("https://reader:hunter2@vendor.example/") or "hunter2")


PLACES = {
    # field: (file, text it replaces, line, column of the value)
    "vendor_help.url": (
        "platforms/apple-mail-macos.yml",
        "https://support.apple.com/guide/mail/welcome/mac",
        8,
        8,
    ),
    "sources[0]": (
        "procedures/apple-mail-macos/update-password.yml",
        "https://support.apple.com/guide/mail/change-account-settings-mlhlp1018/mac",
        8,
        5,
    ),
    "intro.links[0].url": (
        "procedures/apple-mail-macos/update-password.yml",
        "page: mail-ports-and-settings",
        6,
        12,
    ),
}


@pytest.mark.parametrize("field", PLACES)
# Not the bidi control: the loader has its own rule for invisible characters.
@pytest.mark.parametrize("url", [u for u in REFUSED if u.isprintable() and "hunter2" not in u])
def test_kb_check_refuses_a_url_at_its_position(tmp_path: Path, field: str, url: str) -> None:
    steps = copy_kb(tmp_path, BASE)
    rel, old, line, col = PLACES[field]
    path = steps / rel
    new = json.dumps(url)  # a JSON string is a YAML double-quoted scalar
    new = f"url: {new}" if old.startswith("page:") else new
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    with pytest.raises(KbError) as caught:
        load_knowledge_base(steps)
    where = {(p.path, p.line, p.col, p.field) for p in caught.value.problems}
    assert where == {(f"steps/{rel}", line, col, field)}, caught.value.report()


ZONE_NAMES = [
    "Evil\n_imaps._tcp.evil.example. 3600 IN SRV 0 1 993 evil.example.",
    "Evil\n```\n<script>alert(1)</script>",  # the reference page shows the zone in a fence
    "Infomaniak M\u00e9il",
]


@pytest.mark.parametrize("name", ZONE_NAMES, ids=["record", "fence", "accent"])
def test_the_provider_name_stays_inside_the_zone_files_comment(kb, name: str) -> None:
    settings = replace(kb.settings, provider=replace(kb.settings.provider, name=name))
    zone = srv.render(settings)
    assert srv.validate(zone) == []
    lines = zone.decode("ascii").splitlines()
    assert [line for line in lines if not line.startswith(";")] == [
        line
        for line in srv.render(kb.settings).decode("ascii").splitlines()
        if not line.startswith(";")
    ]
    assert lines[0].startswith(f"; {name.split()[0]}")


BLOCKS = '# Headed\n!!! danger "Boxed"\n- item\n=== "Tabbed"\n| a | b |\n<script>x</script>'


def test_a_line_break_in_any_text_cannot_start_a_block(kb) -> None:
    """Category, platform and link texts are not folded by the loader: a typed line break must
    not let the next line become a heading, an admonition, a list, a tab or a table."""
    cat = replace(kb.categories["settings"], title="Ports #", summary=f"Summary\n{BLOCKS}")
    platform = replace(kb.platforms["ios-mail"], name=f"iOS\n{BLOCKS}", tab=f"iOS\n{BLOCKS}")
    kb2 = replace(
        kb,
        categories={**kb.categories, "settings": cat},
        platforms={**kb.platforms, "ios-mail": platform},
    )
    site = generate(kb2)
    extensions = [*EXTENSIONS, "pymdownx.tabbed"]
    for path in ("index.md", "categories/settings/index.md", *site.pages):
        body = site.pages[path].body
        page = markdown.markdown(body, extensions=extensions)
        assert page.count("<h1") == 1 and "Headed</h" not in page, path
        assert "admonition danger" not in page and ">Tabbed</label>" not in page, path
        assert "<li>item" not in page and "<td>a</td>" not in page, path
        assert "<script" not in page, path
    home = markdown.markdown(site.pages["index.md"].body, extensions=extensions)
    assert " ".join(f"Summary {BLOCKS}".split()).replace("<", "&lt;").replace(">", "&gt;") in home
    category = site.pages["categories/settings/index.md"]
    assert "<h1>Ports #</h1>" in markdown.markdown(category.body)
