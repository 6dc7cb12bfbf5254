"""The per-page Content-Security-Policy: which scripts it trusts and where it goes in the page."""

from __future__ import annotations

import base64
import hashlib

import pytest

from kb.csp import add_policy, inline_scripts, origin, policy, script_hash

PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><title>t</title>"
    "<script>var a = 1;</script>"
    '<script id="__config" type="application/json">{"x": 1}</script>'
    '<script src="assets/app.js"></script>'
    '<script type="module">import "./m.js";</script>'
    "</head><body><script>var b = '</p>';</script></body></html>"
)


def test_only_scripts_that_run_inline_are_collected_in_page_order() -> None:
    assert inline_scripts(PAGE) == ["var a = 1;", 'import "./m.js";', "var b = '</p>';"]


def test_a_repeated_element_is_found_on_every_page_that_has_it() -> None:
    # The element cache must not make a second page lose its scripts.
    assert inline_scripts(PAGE) == inline_scripts(PAGE)
    other = PAGE.replace("var a = 1;", "var a = 2;")
    assert inline_scripts(other)[0] == "var a = 2;"


def test_hash_is_the_sha256_of_the_exact_script_text() -> None:
    digest = base64.b64encode(hashlib.sha256(b"var a = 1;").digest()).decode()
    assert script_hash("var a = 1;") == f"'sha256-{digest}'"


def test_policy_lists_each_inline_script_hash_and_the_extra_origin() -> None:
    text = policy(PAGE, connect_to=["https://feedback.example/api/x", "/relative", ""])
    directives = dict(part.split(" ", 1) for part in text.split("; "))
    scripts = directives["script-src"].split()
    assert scripts[0] == "'self'"
    assert sorted(scripts[1:]) == sorted(script_hash(s) for s in inline_scripts(PAGE))
    assert directives["connect-src"] == "'self' https://feedback.example"
    assert directives["object-src"] == "'none'"


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
