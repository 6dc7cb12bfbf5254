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
    # False builds only the site-wide parts (the CSP) over docs/: `kb bench`'s plain baseline.
    generate = c.Type(bool, default=True)
