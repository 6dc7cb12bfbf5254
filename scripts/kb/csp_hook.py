"""MkDocs hook: every built HTML page gets a Content-Security-Policy (see `kb.csp`).

A site-wide concern, kept apart from the generator hook: it applies to the pages of `docs/` as
much as to the generated ones, and `kb bench` keeps it in the plain-Markdown build it compares
the generator against ("the same mkdocs + material config"). It logs the time it spent at the
end of each build.
"""

from __future__ import annotations

import logging
import time

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from kb.csp import add_policy

log = logging.getLogger("mkdocs.plugins.kb_csp")
_spent = {"seconds": 0.0, "pages": 0}


def on_pre_build(config: MkDocsConfig) -> None:
    _spent.update(seconds=0.0, pages=0)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Give every page the Content-Security-Policy that trusts only the site's script files."""
    return _with_policy(output, config)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same policy for HTML the theme renders without a page (404.html); not sitemap.xml."""
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(output_content, config)


def _with_policy(output: str, config: MkDocsConfig) -> str:
    start = time.perf_counter()
    feedback = config.extra.get("feedback") or {}
    output = add_policy(output, connect_to=[feedback.get("endpoint") or ""])
    _spent["seconds"] += time.perf_counter() - start
    _spent["pages"] += 1
    return output


def on_post_build(config: MkDocsConfig) -> None:
    log.info(
        "kb: Content-Security-Policy on %d HTML files, %.2f s", _spent["pages"], _spent["seconds"]
    )
