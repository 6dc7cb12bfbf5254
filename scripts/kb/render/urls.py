"""Editor URLs: which are accepted as links (`url_problem`), and how one is written as a Markdown
link target (`link_target`). `kb.render.text.url_link` is the one way a link is rendered."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# RFC 3986's characters: unreserved, reserved and "%" of a percent-encoding. Anything else
# (spaces, quotes, <, >, \, {, }, |, ^, `, control or non-ASCII characters) must be encoded.
_NOT_URL = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
URL_SCHEMES = ("https",)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a link (None if it can): an absolute https:// URL to a host, written
    with URL characters only, without credentials."""
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port
    except ValueError:  # e.g. an unclosed "[" or a port that is not a number
        parts = None
    if parts and "@" in parts.netloc:
        # The URL is not repeated: what precedes the "@" may be a password.
        return "expected an https:// URL without a user name or password"
    odd = sorted(set(_NOT_URL.findall(url)))
    if odd:
        shown = " ".join(repr(c) for c in odd)
        return f"expected a URL without {shown} (percent-encode them) but received {url!r}"
    if parts is None:
        return f"expected an https:// URL with a valid host and port but received {url!r}"
    if parts.scheme.lower() not in URL_SCHEMES:
        return f"expected an https:// URL but received {url!r}"
    if not host:
        return f"expected an https:// URL with a host name but received {url!r}"
    return None


def link_target(url: str) -> str:
    """A URL (`url_problem` accepted it) or a relative path as a Markdown link target: every
    character that could end the target or start markup is percent-encoded."""
    return quote(url, safe="-._~:/?#[]@!$&*+,;=%")
