"""`kb bench --search`: reader queries typed into the built site's search box, in Chromium.

The query set (`tests/search/queries.yml`) pairs what a reader types with the FAQ that answers
it. The site is built from `steps/` as published, served on loopback, and each query is typed
key by key into Material's search box, as a reader does; the FAQ ids of the first three results
are read off the result list. The figure is the share of queries whose FAQ is among them.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from kb.bench.measure import PROJECT, BenchError, hook_config, mkdocs_build

if TYPE_CHECKING:
    from playwright.sync_api import Page

QUERIES = PROJECT / "tests" / "search" / "queries.yml"
CHROMIUM = Path("/usr/bin/chromium")
# No background traffic: the machine reaches no network, and a test must not try.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TOP = 3
_FAQ = re.compile(r"/faq/(\d+)/")
# Results are read once the list has stayed the same for this many polls in a row: Material
# answers each keystroke, and the list of a shorter prefix may still be on screen.
_STEADY_POLLS, _POLL_MS = 5, 100


@dataclass(frozen=True)
class Query:
    text: str
    faq: int


@dataclass(frozen=True)
class Outcome:
    query: Query
    top: tuple[int | None, ...]  # FAQ id of each result shown first (None: not an FAQ page)

    @property
    def hit(self) -> bool:
        return self.query.faq in self.top[:TOP]


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The query set: a YAML list of `{query: words, faq: id}`."""
    data = yaml.safe_load(path.read_text("utf-8"))
    try:
        return [Query(str(item["query"]), int(item["faq"])) for item in data]
    except (TypeError, KeyError, ValueError) as err:
        raise BenchError(f"{path}: each item needs `query` and `faq` ({err})") from None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served_site(work: Path) -> Iterator[str]:
    """The project's site built from `steps/` into `work`, served on loopback; yields its URL.

    The project's config has no site URL (`kb site` takes the public one), so the site is built
    for the loopback address it is served at, as `mkdocs serve` and `kb preview` do: absolute
    links, canonical links and the sitemap all name the served site."""
    site = work / "site"
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        mkdocs_build(hook_config(work, PROJECT / "steps", url), site, work / "search-build.log")
        yield url
    finally:
        server.shutdown()
        server.server_close()


def result_ids(page: Page) -> tuple[int | None, ...]:
    """The FAQ id of each result in the list, in order (one entry per result group)."""
    links = page.locator(".md-search-result__item > a:first-child")
    hrefs = [link.get_attribute("href") or "" for link in links.all()]
    return tuple(int(m[1]) if (m := _FAQ.search(h)) else None for h in hrefs)


def search(page: Page, query: str) -> tuple[int | None, ...]:
    """Type `query` into the search box key by key (after clearing it) and read the results."""
    box = page.get_by_role("textbox", name="Search")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    box.press_sequentially(query)
    meta = page.locator(".md-search-result__meta")
    last: Any = None
    steady = 0
    while steady < _STEADY_POLLS:
        page.wait_for_timeout(_POLL_MS)
        now = (meta.inner_text(), result_ids(page))
        steady = steady + 1 if now == last else 0
        last = now
    return last[1]


def open_search(page: Page, url: str) -> None:
    """Open the home page and wait until the search index is loaded."""
    page.goto(url)
    page.get_by_role("textbox", name="Search").click()
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_not_text="Initializing").wait_for(timeout=30_000)


def run_queries(url: str, queries: list[Query]) -> list[Outcome]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BenchError("playwright is not installed: pip install -e '.[test]'") from None
    if not CHROMIUM.is_file():
        raise BenchError(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            open_search(page, url)
            return [Outcome(q, search(page, q.text)) for q in queries]
        finally:
            browser.close()


def bench_search(work: Path, queries_path: Path = QUERIES) -> dict[str, Any]:
    """Score (share of queries with their FAQ in the top 3) and every miss."""
    queries = load_queries(queries_path)
    with served_site(work) as url:
        outcomes = run_queries(url, queries)
    hits = sum(o.hit for o in outcomes)
    return {
        "queries": len(outcomes),
        "top3_hits": hits,
        "top3_share": hits / len(outcomes) if outcomes else 0.0,
        "misses": [
            {"query": o.query.text, "faq": o.query.faq, "top": list(o.top[:TOP])}
            for o in outcomes
            if not o.hit
        ],
    }


def search_table(report: dict[str, Any]) -> str:
    lines = [
        f"search: {report['top3_hits']}/{report['queries']} queries find their FAQ in the top "
        f"{TOP} ({report['top3_share']:.0%}; target 90%)",
    ]
    for miss in report["misses"]:
        shown = ", ".join(str(i) if i is not None else "-" for i in miss["top"]) or "nothing"
        lines.append(f"  miss: {miss['query']!r} -> expected {miss['faq']}, top {TOP}: {shown}")
    return "\n".join(lines)
