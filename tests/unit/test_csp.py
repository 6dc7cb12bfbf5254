"""The Content-Security-Policy: the same on every page, it lets no inline script run, and the
theme writes none, so the site works under it."""

from __future__ import annotations

import base64
import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from kb.render.csp import add_policy, origin, policy

ROOT = Path(__file__).resolve().parents[2]
INJECTED = "window.__pwned=1;alert(1)"
PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><title>t</title>"
    '<script id="__config" type="application/json">{"x": 1}</script>'
    '<script src="assets/app.js"></script>'
    "</head><body><p>text</p></body></html>"
)
INJECTED_PAGE = PAGE.replace(
    "<p>text</p>",
    f'<p>text</p><script>{INJECTED}</script><a href="#" onclick="{INJECTED}">x</a>',
)
# Script types a browser runs (HTML's JavaScript MIME types, plus module).
EXECUTABLE = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}


class _Read(HTMLParser):
    """The policies a page declares and the text of each script it would run inline."""

    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.inline: list[str] = []
        self.sources: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "meta" and found.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(found.get("content", ""))
        if tag == "script" and "src" in found:
            self.sources.append(found["src"])
        elif tag == "script" and found.get("type", "").strip().lower() in EXECUTABLE:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline.append("".join(self._script))
            self._script = None


def read(html: str) -> _Read:
    reader = _Read()
    reader.feed(html)
    reader.close()
    return reader


def directives(text: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in text.split(";"))}


def sha256_source(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


def test_a_page_with_an_injected_inline_script_gets_a_policy_that_refuses_it() -> None:
    (declared,) = read(add_policy(INJECTED_PAGE)).policies
    assert sha256_source(INJECTED) not in declared
    # Only files from the site: no hash, nonce, 'unsafe-inline' or 'unsafe-hashes' lets the
    # injected element or the onclick run.
    assert directives(declared)["script-src"] == ["'self'"]


def test_the_policy_is_the_same_whatever_the_page_holds() -> None:
    assert read(add_policy(INJECTED_PAGE)).policies == read(add_policy(PAGE)).policies


def test_the_feedback_endpoint_origin_may_be_fetched() -> None:
    text = policy(connect_to=["https://feedback.example/api/x", "/relative", ""])
    assert directives(text)["connect-src"] == ["'self'", "https://feedback.example"]
    assert directives(text)["object-src"] == ["'none'"]


def test_policy_goes_right_after_meta_charset() -> None:
    out = add_policy(PAGE)
    charset_end = out.index("<meta charset=utf-8>") + len("<meta charset=utf-8>")
    assert out[charset_end:].startswith('<meta http-equiv="Content-Security-Policy" content="')
    assert out.replace(out[charset_end : out.index(">", charset_end) + 1], "", 1) == PAGE


def test_a_document_without_head_is_refused() -> None:
    with pytest.raises(ValueError, match="<head>"):
        add_policy("<p>no head</p>")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example:8443/x?y", "https://a.example:8443"),
        ("/api/feedback", None),
        ("javascript:alert(1)", None),
    ],
)
def test_origin(url: str, expected: str | None) -> None:
    assert origin(url) == expected


# Every option that makes Material write one of its inline scripts.
THEME_CONFIG = {
    "site_name": "t",
    "docs_dir": str(ROOT / "docs"),
    "theme": {
        "name": "material",
        "custom_dir": str(ROOT / "overrides"),
        "features": ["content.tabs.link", "announce.dismiss"],
        "palette": [
            {"scheme": "default", "toggle": {"icon": "material/brightness-7", "name": "Dark"}},
            {"scheme": "slate", "toggle": {"icon": "material/brightness-4", "name": "Light"}},
        ],
    },
    "extra": {"version": {"provider": "mike"}, "consent": {"title": "c", "description": "d"}},
}
WITH_BANNERS = (
    '{% extends "main.html" %}'
    "{% block announce %}News{% endblock %}{% block outdated %}Old{% endblock %}"
)


@pytest.mark.parametrize("base_url", [".", "../..", "/"])
def test_the_theme_writes_no_inline_script_and_its_scripts_are_shipped(
    tmp_path: Path, base_url: str
) -> None:
    """Material's templates as the project overrides them, every script-writing option on:
    scripts come only as files, and each file exists in docs/ or in Material's assets."""
    (tmp_path / "mkdocs.yml").write_text(json.dumps(THEME_CONFIG), "utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    context = get_context(Navigation([], []), Files([]), config, base_url=base_url)
    html = config.theme.get_env().from_string(WITH_BANNERS).render(context)
    # The options took effect: each part that carries a theme script is on the page.
    for part in ("News", "Old", 'data-md-component="consent"', "data-md-color-media"):
        assert part in html
    found = read(html)
    assert found.inline == []
    page = "https://kb.example/a/b/"
    site = urljoin(page, base_url if base_url.endswith("/") else base_url + "/")
    shipped = [urljoin(page, src).removeprefix(site) for src in found.sources]
    folders = [ROOT / "docs", *map(Path, config.theme.dirs)]
    missing = [s for s in shipped if not any((f / s).is_file() for f in folders)]
    assert found.sources and not missing, shipped
