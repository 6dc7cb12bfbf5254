"""What a reader downloads: one page with its CSS and JavaScript, and the search index.

Sizes are gzip level 6 (what most servers send). Images and fonts are left out (the theme loads no
fonts: `font: false`); the search worker script is counted because Material starts it on the first
page view, and the index is reported apart because it is fetched once per visit, not per page.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

LEVEL = 6


def gz(data: bytes) -> int:
    return len(gzip.compress(data, LEVEL, mtime=0))


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []
        self._config = False
        self.config = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.css.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"] or "")
        self._config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._config:
            self.config += data


def page_weight(site: Path, page: str) -> dict[str, int]:
    """HTML, CSS and JS of the page at URL path `page` (e.g. `faq/1/x/`), raw and gzip."""
    html = (site / page / "index.html").read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    js = list(parser.js)
    if parser.config:
        worker = json.loads(parser.config).get("search")
        js += [worker] if worker else []
    out = {"html_bytes": len(html), "html_gzip_bytes": gz(html)}
    for kind, refs in (("css", parser.css), ("js", js)):
        files = [_local(site, page, ref) for ref in refs]
        data = [f.read_bytes() for f in files if f is not None and f.is_file()]
        out[f"{kind}_files"] = len(data)
        out[f"{kind}_bytes"] = sum(len(d) for d in data)
        out[f"{kind}_gzip_bytes"] = sum(gz(d) for d in data)
    out["page_total_gzip_bytes"] = sum(out[f"{k}_gzip_bytes"] for k in ("html", "css", "js"))
    return out


def _local(site: Path, page: str, ref: str) -> Path | None:
    if re.match(r"^[a-z]+:", ref) or ref.startswith("//"):
        return None  # another origin: the site has none, and it would not be ours to count
    ref = ref.split("?")[0].split("#")[0]
    path = posixpath.normpath(posixpath.join(page, ref)) if not ref.startswith("/") else ref[1:]
    return site / path


def search_weight(site: Path) -> dict[str, object]:
    """Size of the search index and which kinds of page it is made of."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return {}
    raw = path.read_bytes()
    docs = json.loads(raw)["docs"]
    kinds: dict[str, list[dict]] = {}
    for doc in docs:
        kinds.setdefault(_kind(doc["location"]), []).append(doc)
    share = {
        kind: {
            "entries": len(items),
            "gzip_bytes": gz(json.dumps(items, ensure_ascii=False).encode("utf-8")),
        }
        for kind, items in sorted(kinds.items())
    }
    return {
        "search_index_bytes": len(raw),
        "search_index_gzip_bytes": gz(raw),
        "search_entries": len(docs),
        "search_by_kind": share,
    }


def _kind(location: str) -> str:
    parts = location.split("#")[0].strip("/").split("/")
    if location.startswith("faq/"):
        return {2: "short link (faq/ID/)", 3: "guide", 4: "one-platform page"}.get(
            len(parts), "other"
        )
    return parts[0] if parts and parts[0] else "home"
