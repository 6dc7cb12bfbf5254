"""Every UI label and link phrase a text declares appears in that text, and a link points at a
known page or a known platform's help.

Good::

    text: Open **Settings**, then read the Apple guide.
    ui: [Settings]
    links:
      - {phrase: the Apple guide, vendor: apple-mail-macos}

Bad::

    text: Open the settings.
    ui: [Preferences]            # UI label 'Preferences' does not appear in the text
    links:
      - {phrase: our guide, page: no-such-page}
      # link phrase 'our guide' does not appear in the text; link to unknown page 'no-such-page'
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.checks.base import Known, at, contains, texts
from kb.errors import Problem
from kb.model import KnowledgeBase


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    for text, field in texts(kb):
        for label in text.ui:
            if not contains(text.text, label):
                yield at(text.pos, field, f"UI label '{label}' does not appear in the text")
        for link in text.links:
            if not contains(text.text, link.phrase):
                yield at(
                    text.pos, field, f"link phrase '{link.phrase}' does not appear in the text"
                )
            if link.page and link.page not in known.pages:
                yield at(text.pos, field, f"link to unknown page '{link.page}'")
            if link.vendor and link.vendor not in known.platforms:
                yield at(text.pos, field, f"link to the help of unknown platform '{link.vendor}'")
