"""The root page of a site built in several languages: plain links to each (no script; a
server or an external script may pick the reader's language from the browser's)."""

from __future__ import annotations

from html import escape

# Each language's name in itself.
NAMES = {"en": "English", "fr": "Français", "de": "Deutsch", "it": "Italiano", "es": "Español"}
POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"


def root_page(languages: list[str]) -> str:
    links = "\n".join(
        f'    <li><a href="{escape(lang)}/" hreflang="{escape(lang)}" lang="{escape(lang)}">'
        f"{escape(NAMES.get(lang, lang))}</a></li>"
        for lang in languages
    )
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{escape(lang)}" href="{escape(lang)}/">'
        for lang in languages
    )
    return f"""<!doctype html>
<html lang="{escape(languages[0])}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="{POLICY}">
  <title>Help centre</title>
{alternates}
</head>
<body>
  <nav aria-label="Languages">
  <ul>
{links}
  </ul>
  </nav>
</body>
</html>
"""
