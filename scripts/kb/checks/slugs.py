"""A former slug keeps answering for its FAQ, so it must name no other address.

Every FAQ answers at `faq/<id>/`, `faq/<id>/<slug>/` and, for each former slug,
`faq/<id>/<former>/` (a redirect). A former slug may not be any page's current slug, another
page's former slug, or a FAQ id: a reader's old link would be ambiguous.

Good (steps/pages/update-the-email-password-on-apple-mail-macos-ios.yml)::

    faq_id: 2556
    slug: update-the-email-password-on-apple-mail-macos-ios
    former_slugs: [change-the-password-in-apple-mail]

Bad: `former_slugs: [add-an-email-address-to-thunderbird]`, the slug of FAQ 2605.
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.checks.base import Known, at
from kb.errors import Problem
from kb.model import KnowledgeBase


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    """Every former slug that another address of the KB already uses."""
    pages = sorted(kb.pages.values(), key=lambda p: p.path)
    owners: dict[str, str] = {}
    for page in pages:
        owners.setdefault(page.slug, f"the slug of {page.path}")
        owners.setdefault(str(page.faq_id), f"the id of {page.path} (faq/{page.faq_id}/)")
    for page in pages:
        for i, former in enumerate(page.former_slugs):
            here = page.pos.get(f"former_slugs[{i}]") or page.pos.get("former_slugs")
            if former == page.slug:
                yield at(here, f"former_slugs[{i}]", f"'{former}' is this FAQ's current slug")
            elif former in owners:
                yield at(here, f"former_slugs[{i}]", f"'{former}' is already {owners[former]}")
            else:
                owners[former] = f"a former slug of {page.path}"
