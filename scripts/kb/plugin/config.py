"""The plugin's options, as `mkdocs.yml` gives them under `plugins: [kb: {...}]`."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class KbConfig(base.Config):
    """Typed options: MkDocs refuses a wrong value naming the option."""

    # The KB folder (holding settings.yml), relative to mkdocs.yml.
    steps = c.Dir(default="steps")
    # Where the "Has this FAQ been helpful?" form posts; the CSP allows fetches to it.
    feedback_endpoint = c.Type(str, default="/api/feedback")
    # A Content-Security-Policy in every HTML page, generated or from docs/.
    csp = c.Type(bool, default=True)
    # The language of this build (a catalogue under steps/locales/, or "en"); unset, the
    # environment's KB_LANGUAGE, else "en" (`kb site --languages` runs one build per language).
    language = c.Optional(c.Choice(("en", "fr", "de", "it", "es")))
    # Every language the site is built in, comma-separated ("en,fr"); unset, KB_LANGUAGES. With
    # more than one, this build lives under /<language>/ and each page links to itself in the
    # others (hreflang and the language switcher).
    languages = c.Optional(c.Type(str))
    # False builds only the site-wide parts (the CSP) over docs/: `kb bench`'s plain baseline.
    generate = c.Type(bool, default=True)
