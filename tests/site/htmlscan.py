"""Static checks of built HTML: what could run script, and the Content-Security-Policy it sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Attributes whose value is a URL a browser may follow or load.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
# Script types a browser runs (HTML's JavaScript MIME types, plus module); JSON data never runs.
EXECUTABLE = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}


@dataclass
class Scan:
    handlers: list[str] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)
    script_urls: list[str] = field(default_factory=list)
    foreign_scripts: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"inline event handler {h}" for h in self.handlers]
            + [f"inline script {s}" for s in self.inline_scripts]
            + [f"javascript: URL {u}" for u in self.script_urls]
            + [f"script from outside the site: {s}" for s in self.foreign_scripts]
        )


class _Scanner(HTMLParser):
    def __init__(self, page_url: str, site_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url, self.site = page_url, urlsplit(site_url)
        self.scan = Scan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.scan.handlers.append(f"<{tag} {name}={value[:60]!r}>")
            # Browsers strip whitespace and control characters before reading the scheme.
            squeezed = "".join(ch for ch in value if ch > " ").lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:")):
                self.scan.script_urls.append(f"<{tag} {name}={value[:60]!r}>")
        attributes = dict(attrs)
        kind = (attributes.get("type") or "").strip().lower()
        if tag == "script" and "src" not in attributes and kind in EXECUTABLE:
            line, column = self.getpos()
            self.scan.inline_scripts.append(f"at {line}:{column + 1}")
        if tag == "script" and attributes.get("src"):
            where = urlsplit(urljoin(self.page_url, attributes["src"] or ""))
            if (where.scheme, where.netloc) != (self.site.scheme, self.site.netloc):
                self.scan.foreign_scripts.append(attributes["src"] or "")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == (
            "content-security-policy"
        ):
            self.scan.policies.append(attributes.get("content") or "")


def scan(html: str, page_url: str, site_url: str) -> Scan:
    scanner = _Scanner(page_url, site_url)
    scanner.feed(html)
    scanner.close()
    return scanner.scan


def directives(policy: str) -> dict[str, list[str]]:
    """A policy string as {directive: [sources]}."""
    found = {}
    for part in filter(str.strip, policy.split(";")):
        name, *sources = part.split()
        found[name.lower()] = sources
    return found
