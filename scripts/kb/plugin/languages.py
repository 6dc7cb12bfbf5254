"""One MkDocs build per language: its theme and search language, its URL prefix, the links
from each page to itself in the other languages (hreflang, the language switcher), and a search
index written as UTF-8."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from kb.i18n.root import NAMES


def site_languages(languages: str, language: str) -> list[str]:
    found = [lang.strip() for lang in languages.split(",") if lang.strip()]
    return found if language in found else [language, *found]


def language_setup(config: MkDocsConfig, language: str, languages: str) -> bool:
    """Theme language (Material's words, and the search stemmer it picks); with several
    languages, this build's URL prefix `/<language>/`. Whether there are several."""
    found = site_languages(languages, language)
    unknown = [lang for lang in found if lang not in NAMES]
    if unknown:
        known = ", ".join(NAMES)
        raise PluginError(f"kb: languages: unknown {', '.join(unknown)} (known: {known})")
    config.theme["language"] = language
    if len(found) < 2:
        return False
    root = config.site_url or "/"
    root = root if root.endswith("/") else root + "/"
    config.site_url = f"{root}{language}/"
    # Links from the site's root path, so they work on any host serving the site.
    base = urlsplit(root).path or "/"
    config.extra["kb_languages"] = [{"lang": lang, "base": f"{base}{lang}/"} for lang in found]
    config.extra["alternate"] = [
        {"name": NAMES[lang], "lang": lang, "link": f"{base}{lang}/"} for lang in found
    ]
    return True


def alternates(config: MkDocsConfig, url: str) -> None:
    """Point the language links at the page `url` (relative to a language's root)."""
    for alt, lang in zip(
        config.extra.get("alternate") or [], config.extra.get("kb_languages") or [], strict=False
    ):
        alt["link"] = lang["base"] + url


def utf8_search_index(site_dir: Path) -> None:
    """Material's search index again, its letters as UTF-8 instead of `\\u00e9` escapes: the
    same JSON for the browser, a third of the bytes for each accented letter (French, German...)."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_bytes())
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    path.write_bytes(text.encode("utf-8"))
