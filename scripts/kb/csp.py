"""A built page's HTML -> the same HTML with a Content-Security-Policy that trusts only the site.

Material writes a few inline scripts into every page (one of them holds the page's depth, so their
content differs between pages). The policy allows exactly those scripts by their SHA-256 hash, plus
scripts served by the site itself; anything injected later, an inline event handler or a
`javascript:` URL, is refused by the browser. The policy travels in a `<meta http-equiv>` so it
holds on any static host, which also means `frame-ancestors` and reporting are out of reach (a
`<meta>` policy ignores them).
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from collections.abc import Iterable
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Script types a browser executes (HTML "JavaScript MIME type essence match", plus module).
_EXECUTABLE = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
    "text/jscript",
    "text/livescript",
    "text/x-javascript",
}
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
# Only script elements are parsed, each alone: parsing whole 100 KB pages cost about 20 ms each
# (a minute at 1500 guides). A script element ends at the first `</script`.
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.I | re.S)


class _InlineScripts(HTMLParser):
    """Collects the text of every executable inline `<script>`, byte for byte."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        attributes = dict(attrs)
        kind = (attributes.get("type") or "").strip().lower()
        # A script with src runs the file, not its text; a JSON/data block never runs.
        self._open = [] if "src" not in attributes and kind in _EXECUTABLE else None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
            self._open = None


def inline_scripts(html: str) -> list[str]:
    """The text of each inline script in `html` that a browser would execute, in page order."""
    found = (_script_text(element.group()) for element in _SCRIPT.finditer(html))
    return [script for script in found if script is not None]


@lru_cache(maxsize=4096)
def _script_text(element: str) -> str | None:
    """One `<script>` element -> its text if it runs inline. Cached: across a site the same few
    elements recur on every page (they differ only by the page's depth)."""
    parser = _InlineScripts()
    parser.feed(element)
    parser.close()
    return parser.scripts[0] if parser.scripts else None


@lru_cache(maxsize=4096)
def script_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def origin(url: str) -> str | None:
    """`scheme://host[:port]` of an absolute http(s) URL; None for a relative one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def policy(html: str, *, connect_to: Iterable[str] = ()) -> str:
    """The policy for one page: its own inline scripts; fetches to the site plus `connect_to`."""
    return _policy(frozenset(inline_scripts(html)), frozenset(connect_to))


@lru_cache(maxsize=256)
def _policy(scripts: frozenset[str], connect_to: frozenset[str]) -> str:
    """Cached: pages of the same depth share their scripts, so a site has a few policies."""
    hashes = sorted({script_hash(s) for s in scripts})
    connect = sorted({o for o in map(origin, connect_to) if o})
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *hashes]),
        # Material sets styles only through the CSSOM, which style-src does not govern.
        ("style-src", ["'self'"]),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'", *connect]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def _attribute(value: str) -> str:
    """`value` safe inside a double-quoted attribute; the policy's single quotes stay readable."""
    return html_lib.escape(value, quote=False).replace('"', "&quot;")


@lru_cache(maxsize=256)
def _meta(content: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{_attribute(content)}">'


def add_policy(html: str, *, connect_to: Iterable[str] = ()) -> str:
    """`html` with its policy in a `<meta>` placed before anything the policy must cover.

    Raises ValueError for a document without `<head>`: shipping it without a policy would be silent.
    """
    meta = _meta(policy(html, connect_to=connect_to))
    head = _HEAD.search(html)
    if head is None:
        raise ValueError("expected an HTML document with a <head> but received none")
    end = _HEAD_END.search(html, head.end())
    # Right after <meta charset> (which must stay within the first 1024 bytes), else after <head>.
    charset = _CHARSET.search(html, head.end(), end.start() if end else len(html))
    at = (charset or head).end()
    return f"{html[:at]}{meta}{html[at:]}"
