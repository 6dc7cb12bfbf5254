"""Live markup in a built site: what a poisoned build has that the clean build of the KB has not.

Each output file is reduced to the structure its readers act on: for HTML (pages, and the HTML
inside the search index) the elements, their attribute names and the comments; for the Markdown
twins and llms.txt the same after rendering them as a Markdown viewer would; for XML the elements,
attribute names, comments and processing instructions; for JSON its key paths; for other text its
lines. Text never changes structure, so every token the poisoned build has more often than the
clean one is injected markup. Some things are live wherever they appear: an event handler
attribute, a `javascript:` URL, a Jinja expression that was evaluated, a control character.
"""

from __future__ import annotations

import gzip
import html
import json
import plistlib
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown

from htmlscan import URL_ATTRIBUTES

MARKER = re.compile(r"XQ[A-Z]{3}QX")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u202a-\u202e\u2066-\u2069]")
# A Jinja payload that ran leaves its result right after the marker: `{{7*7}}` -> 49.
EVALUATED = re.compile(r"(XQ[A-Z]{3}QX)\s*(49(?!\d)|JINJA-RAN)")
Shape = Counter[str]
IMAGES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".svg"}


@dataclass(frozen=True)
class Finding:
    file: str
    what: str
    context: str

    @property
    def markers(self) -> list[str]:
        return sorted(set(MARKER.findall(self.context)))

    def __str__(self) -> str:
        return f"{self.file}: {self.what}: {self.context[:160]!r}"


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: Shape = Counter()
        self.contexts: dict[str, list[str]] = {}
        self.live: list[tuple[str, str]] = []
        self._script = False

    def _token(self, token: str, context: str) -> None:
        self.shape[token] += 1
        self.contexts.setdefault(token, []).append(context)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        context = f"<{tag} " + " ".join(f"{n}={v!r}" for n, v in attrs) + ">"
        self._token(f"<{tag}>", context)
        self._script = tag == "script"
        for name, value in attrs:
            self._token(f"<{tag} {name}=>", context)
            squeezed = "".join(ch for ch in value or "" if ch > " ").lower()
            if name.startswith("on"):
                self.live.append((f"event handler {name}", context))
            elif name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:")):
                self.live.append((f"script URL in {name}", context))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script and MARKER.search(data):
            self.live.append(("editor text inside a script", data))

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_comment(self, data: str) -> None:
        self._token("<!-- -->", data)

    def handle_pi(self, data: str) -> None:
        self._token("<?pi>", data)

    def unknown_decl(self, data: str) -> None:
        self._token("<!decl>", data)


def _html(texts: list[str]) -> _Html:
    parser = _Html()
    for text in texts:
        parser.feed(text)
        parser.close()
        parser.reset()
    return parser


def _xml(data: bytes) -> _Html:
    """XML elements, attribute names, comments and instructions, as tokens like HTML's."""
    found = _Html()
    builder = ET.TreeBuilder(insert_comments=True, insert_pis=True)
    root = ET.fromstring(data, ET.XMLParser(target=builder))
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else "<!-- -->"
        context = ET.tostring(element, encoding="unicode")[:300]
        found._token(f"<{tag}>", context)
        for name in element.attrib:
            found._token(f"<{tag} {name}=>", context)
    return found


def _json_paths(value: object, path: str = "") -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _json_paths(v, f"{path}/{k}")] + [path]
    if isinstance(value, list):
        return [p for v in value for p in _json_paths(v, f"{path}/*")] + [path]
    return [path]


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def read(path: Path) -> _Html:
    """The structure of one output file (and what is live wherever it appears)."""
    name = path.name
    data = path.read_bytes()
    if name.endswith(".gz"):
        data, name = gzip.decompress(data), name.removesuffix(".gz")
    if name.endswith(".html"):
        return _html([data.decode("utf-8")])
    if name == "search_index.json":
        docs = json.loads(data)["docs"]
        return _html([d.get(k, "") for d in docs for k in ("title", "text")])
    if name.endswith((".md", "llms.txt")):
        rendered = markdown.markdown(data.decode("utf-8"), extensions=["attr_list", "tables"])
        return _html([rendered])
    if name.endswith(".mobileconfig"):
        plistlib.loads(data)  # a plist a device can still read
        return _xml(data)
    if name.endswith(".xml"):
        return _xml(data)
    found = _Html()
    if name.endswith(".json"):
        for token in _json_paths(json.loads(data)):
            found._token(token, token)
    else:
        for line in data.decode("utf-8", "replace").splitlines():
            # Only the shape of a line: a comment stays a comment, a record a record.
            found._token(line[:1] if line.startswith(";") else " ".join(line.split()[2:4]), line)
    return found


def outputs(site: Path) -> dict[str, Path]:
    """The site's text files an editor's text can reach (not the theme's assets, not images)."""
    return {
        p.relative_to(site).as_posix(): p
        for p in sorted(site.rglob("*"))
        if p.is_file()
        and not p.relative_to(site).as_posix().startswith("assets/")
        and p.suffix not in IMAGES
    }


def shapes(site: Path) -> dict[str, Shape]:
    return {rel: read(path).shape for rel, path in outputs(site).items()}


def scan(site: Path, clean: dict[str, Shape]) -> list[Finding]:
    """Every live result in a poisoned build, compared with the clean build's shapes."""
    findings: list[Finding] = []
    for rel, path in outputs(site).items():
        raw = path.read_bytes()
        raw = gzip.decompress(raw) if rel.endswith(".gz") else raw
        text = html.unescape(raw.decode("utf-8", "replace"))
        if rel.endswith(".json"):  # its strings as a reader of JSON gets them
            text = "\n".join(p for p in _strings(json.loads(raw)))
        findings += [Finding(rel, "Jinja evaluated", m.group()) for m in EVALUATED.finditer(text)]
        for match in CONTROL.finditer(text):
            around = text[max(0, match.start() - 40) : match.end() + 40]
            findings.append(Finding(rel, f"control character {match.group()!r}", around))
        if rel not in clean:
            if MARKER.search(rel):
                findings.append(Finding(rel, "editor text in a file name", rel))
            continue
        try:
            found = read(path)
        except (ValueError, ET.ParseError) as err:  # json, plist and XML parse errors
            findings.append(Finding(rel, "no longer parses", str(err)))
            continue
        findings += [Finding(rel, what, context) for what, context in found.live]
        for token, count in found.shape.items():
            if count > clean[rel][token]:
                added = [c for c in found.contexts[token] if MARKER.search(c)] or [token]
                findings += [Finding(rel, f"injected {token}", c) for c in added[:3]]
        # Fewer elements than the clean page: markup (an opened comment, an unclosed tag) swallowed
        # what followed the editor's text.
        lost = [t for t, n in clean[rel].items() if t.startswith("<") and found.shape[t] < n]
        findings += [Finding(rel, f"markup swallowed: fewer {t}", t) for t in lost[:3]]
    return findings
