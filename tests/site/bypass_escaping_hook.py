"""MkDocs hook for tests only: what escaping is there to stop, written straight into every page.

It runs before the `kb` plugin adds its policy (the plugin's last step) and stands for an
escaping bug anywhere: a script in `<head>` where a title would be, and in `<body>` a script, an
event handler, a `javascript:` link and an `onclick`.
Each sets `window.__pwned` and opens a dialog if it ever runs.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

HEAD = "<script>window.__pwned=1;alert(1)</script>"
BODY = (
    "<script>window.__pwned=2;alert(2)</script>"
    '<img alt="" src="data:,not-an-image" onerror="window.__pwned=3;alert(3)">'
    '<a id="pwned-onclick" href="#" onclick="window.__pwned=4;alert(4)">x</a>'
    '<a id="pwned-url" href="javascript:window.__pwned=5;alert(5)">y</a>'
)
_TITLE_END = re.compile(r"</title\s*>", re.I)
_BODY = re.compile(r"<body\b[^>]*>", re.I)


def inject(html: str) -> str:
    html = _TITLE_END.sub(lambda m: m.group() + HEAD, html, count=1)
    return _BODY.sub(lambda m: m.group() + BODY, html, count=1)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return inject(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return inject(output_content) if template_name.endswith(".html") else output_content
