"""A built page's HTML -> the same HTML with a Content-Security-Policy that trusts only the site.

The policy is the same for every page and never depends on the page it protects: scripts run only
when they are files served by the site (`script-src 'self'`). No inline script, inline event
handler or `javascript:` URL runs, so markup that reaches a page by mistake stays inert even if
escaping failed. Material's own inline scripts are shipped as files for that reason (the
`overrides/partials/javascripts/` templates load `docs/assets/theme/`); its `__config` block is
JSON, which a browser never runs.

The policy travels in a `<meta http-equiv>` so it holds on any static host, which also means
`frame-ancestors` and reporting are out of reach (a `<meta>` policy ignores them).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)


def origin(url: str) -> str | None:
    """`scheme://host[:port]` of an absolute http(s) URL; None for a relative one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def policy(*, connect_to: Iterable[str] = ()) -> str:
    """The site's policy: everything from the site only, plus fetches to `connect_to`."""
    return _policy(frozenset(connect_to))


@lru_cache(maxsize=16)
def _policy(connect_to: frozenset[str]) -> str:
    connect = sorted({o for o in map(origin, connect_to) if o})
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'"]),
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


@lru_cache(maxsize=16)
def _meta(content: str) -> str:
    # The policy's single quotes stay readable; a double quote could not close the attribute.
    value = html_lib.escape(content, quote=False).replace('"', "&quot;")
    return f'<meta http-equiv="Content-Security-Policy" content="{value}">'


def add_policy(html: str, *, connect_to: Iterable[str] = ()) -> str:
    """`html` with the policy in a `<meta>` placed before anything the policy must cover.

    Raises ValueError for a document without `<head>`: shipping it without a policy would be silent.
    """
    meta = _meta(policy(connect_to=connect_to))
    head = _HEAD.search(html)
    if head is None:
        raise ValueError("expected an HTML document with a <head> but received none")
    end = _HEAD_END.search(html, head.end())
    # Right after <meta charset> (which must stay within the first 1024 bytes), else after <head>.
    charset = _CHARSET.search(html, head.end(), end.start() if end else len(html))
    at = (charset or head).end()
    return f"{html[:at]}{meta}{html[at:]}"
