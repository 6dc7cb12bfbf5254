"""The published site the feedback tests vote on: two FAQs, their tabs and step ids."""

from __future__ import annotations

from kb.feedback.manifest import Manifest

MANIFEST = Manifest(
    faqs={2556: {"apple-mail-macos": ("open-mail", "mail-menu", "save")}, 2600: {"ios-mail": ()}},
    languages=("en", "fr"),
)
