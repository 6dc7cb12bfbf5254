"""No two pages share a `faq_id` or a `slug` (both make the page's address).

Good::

    # pages/a.yml                # pages/b.yml
    faq_id: 2001                 faq_id: 2002
    slug: update-password        slug: mail-ports

Bad::

    faq_id: 2001                 faq_id: 2001   # duplicate faq_id 2001; also used by ...
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.checks.base import Known, at
from kb.errors import Problem
from kb.model import KnowledgeBase


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    for attr in ("faq_id", "slug"):
        first: dict[object, str] = {}
        for page in sorted(kb.pages.values(), key=lambda p: p.path):
            value = getattr(page, attr)
            if value in first:
                yield at(
                    page.pos[attr], attr, f"duplicate {attr} {value!r}; also used by {first[value]}"
                )
            first.setdefault(value, page.path)
