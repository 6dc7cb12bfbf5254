"""Every address a FAQ answers at, as redirect pages to its canonical address.

A FAQ's canonical address is `faq/<id>/<slug>/`. Links readers already have keep working:
the short link `faq/<id>/`, each former slug `faq/<id>/<former>/`, and the provider's own
form `<lang>/support/faq/<id>/<slug>/` (current and former slugs) all redirect there. A site
built in several languages has one build per language at `/<lang>/`: each build's own
`support/faq/<id>/<slug>/` is then that language's provider form.

A redirect is a page of its own (`overrides/redirect.html`): a `<meta http-equiv="refresh">`
with a relative URL, which every static host serves as it is and which works under any base
path; it carries the site's Content-Security-Policy like every page and runs no script.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from kb.i18n.ui import UI, Words, fill
from kb.model import Page
from kb.render.markdown import Markdown
from kb.render.text import escape, relative, theme_text

# The language of the provider's addresses (`/en/support/faq/...`): the KB is written in English,
# as mkdocs.yml's theme.language says.
PROVIDER_LANG = "en"
# A link to one of the provider's own FAQs, in that form: `https://<host>/en/support/faq/<id>/`.
_PROVIDER_FAQ = re.compile(rf"^(https://[^/?#]+/){PROVIDER_LANG}(/support/faq/\d+/)")


def provider_url(url: str, lang: str) -> str:
    """`url` in `lang` when it is one of the provider's FAQs in English: the provider publishes
    each FAQ in every language at `/<lang>/support/faq/<id>/<slug>` and answers by its id (its
    English slug is kept); any other URL as it is."""
    return _PROVIDER_FAQ.sub(rf"\g<1>{lang}\g<2>", url)


def canonical_url(page: Page) -> str:
    """The FAQ's own address, relative to the site root."""
    return f"faq/{page.faq_id}/{page.slug}/"


def redirect_sources(page: Page, provider: str = f"{PROVIDER_LANG}/") -> list[str]:
    """The source path of every redirect page of `page`: short link, former slugs, provider form
    (under `provider`: `en/`, or nothing in one language's build of a several-language site)."""
    slugs = (page.slug, *page.former_slugs)
    return [
        f"faq/{page.faq_id}/index.md",
        *(f"faq/{page.faq_id}/{former}.md" for former in page.former_slugs),
        *(f"{provider}support/faq/{page.faq_id}/{slug}.md" for slug in slugs),
    ]


def _url_of(source: str) -> str:
    """Where MkDocs publishes a page's source path (directory URLs)."""
    stem = source.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def redirect_pages(
    page: Page, words: Words = UI, provider: str = f"{PROVIDER_LANG}/"
) -> list[tuple[str, Markdown]]:
    """One redirect page per address of `page` other than its canonical one, in the language of
    `words`."""
    target = canonical_url(page)
    go = escape(fill(words, "go-to-guide"))
    pages = []
    for source in redirect_sources(page, provider):
        here = _url_of(source).rstrip("/")
        meta: dict[str, Any] = {
            "title": theme_text(page.title),
            "template": "redirect.html",
            # Relative: the same file works at any host and base path.
            "redirect": relative(target.rstrip("/"), here) + "/",
            "kb_target": target,
            "search": {"exclude": True},
        }
        link = relative(f"faq/{page.faq_id}/{page.slug}.md", posixpath.dirname(source))
        body = f"# {escape(page.title)}\n\n[{go}]({link})\n"
        pages.append((source, Markdown(meta, body)))
    return pages
