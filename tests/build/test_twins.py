"""Each FAQ's Markdown twin (what llms.txt points AI readers to) says everything its page says.

The built page and its twin are compared as a reader would: the twin is rendered as Markdown and
both give their table cells, code-block lines (the DNS records), link targets and images. Every
one of the page's must be in the twin.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import markdown
import pytest
from bs4 import BeautifulSoup

# Where the pages are read as if served: mkdocs.yml has no site URL (`kb site` asks for one), so
# every link of a page and of its twin is relative and resolves under this one.
SITE = "https://help.example.com/"


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def _target(base: str, href: str) -> str:
    """`href` as an absolute URL; a twin's link to another twin counts as one to its page."""
    url = urljoin(base, href)
    return url.removesuffix("index.md")


def said(root, base: str) -> dict[str, set[str]]:
    """What a reader gets from `root`: table cells, code lines, link targets, image sources."""
    return {
        "table cell": {_text(c) for c in root.select("td, th")},
        "code line": {
            line.strip()
            for code in root.select("pre code")
            for line in code.get_text().splitlines()
            if line.strip()
        },
        "link": {
            _target(base, a["href"])
            for a in root.select("a[href]")
            # Heading permalinks are the page's own navigation, not something it says.
            if not a["href"].startswith("#")
        },
        "image": {_target(base, img["src"]) for img in root.select("img[src]")},
    }


def page_said(html: Path, url: str) -> dict[str, set[str]]:
    article = BeautifulSoup(html.read_text("utf-8"), "html.parser").select_one("article")
    assert article is not None, f"{html}: no <article>"
    return said(article, url)


def twin_said(twin: Path, url: str) -> dict[str, set[str]]:
    body = markdown.markdown(twin.read_text("utf-8"), extensions=["tables", "fenced_code"])
    return said(BeautifulSoup(body, "html.parser"), url + "index.md")


def twins(site: Path) -> list[Path]:
    found = sorted(site.glob("faq/*/*/index.md"))
    assert found, f"no Markdown twins in {site}"
    return found


def test_every_twin_carries_the_tables_records_and_links_of_its_page(built_site: Path):
    missing = []
    for twin in twins(built_site):
        folder = twin.parent.relative_to(built_site).as_posix()
        url = f"{SITE}{folder}/"
        page, copy = page_said(twin.with_name("index.html"), url), twin_said(twin, url)
        for kind, items in page.items():
            missing += [f"{folder}: {kind} {item!r}" for item in sorted(items - copy[kind])]
    assert missing == []


def test_the_ports_twin_has_the_full_table_the_srv_records_and_the_autoconfig_links(
    built_site: Path,
):
    """The gap this test was written for: the twin had only the recommended table."""
    twin = next(t for t in twins(built_site) if "ports" in t.parent.name)
    url = f"{SITE}{twin.parent.relative_to(built_site).as_posix()}/"
    copy = twin_said(twin, url)
    assert {"143", "110", "465", "995"} <= copy["table cell"]
    assert (
        "_submission._tcp.ikmail.com. 3600 IN SRV 0 1 587 mail.infomaniak.com." in copy["code line"]
    )
    assert urljoin(SITE, "mail/config-v1.1.xml") in copy["link"]
    assert urljoin(SITE, "downloads/infomaniak-mail.mobileconfig") in copy["link"]


@pytest.mark.parametrize(
    ("page", "twin", "gap"),
    [
        ("<table><tr><td>993</td></tr></table>", "No table.", "table cell '993'"),
        ("<pre><code>_imaps._tcp.ik.me. 1 IN SRV</code></pre>", "", "code line"),
        ('<a href="../2000/ports/">ports</a>', "[ports](../2000/ports/index.md)", None),
        ('<a href="../../x.xml">file</a>', "[file](../x.xml)", "link"),
    ],
)
def test_the_comparison_sees_a_missing_cell_record_or_link(tmp_path: Path, page, twin, gap):
    html = tmp_path / "index.html"
    html.write_text(f"<html><body><article>{page}</article></body></html>", "utf-8")
    md = tmp_path / "index.md"
    md.write_text(twin, "utf-8")
    url = f"{SITE}faq/1/x/"
    seen, copy = page_said(html, url), twin_said(md, url)
    gaps = [f"{k} {i!r}" for k, items in seen.items() for i in sorted(items - copy[k])]
    if gap is None:
        assert gaps == []
    else:
        assert len(gaps) == 1 and gaps[0].startswith(gap), gaps
