"""written-for: the version a platform's steps were written for is its current major version.

Each platform records the major version its steps follow (`written_for_major`, also named in
`written_for`) and the platform's current major version, with the page it was read on and
when. A platform written for an older major is a warning listing every page concerned
during GRACE_DAYS after that major's release, an error after it, unless every procedure of
the platform is marked `review: draft` (its pages already say the steps may differ). A
`written_for` that names a version number needs the record.

Good::

    written_for: iOS 26
    written_for_major: 26
    current_version:
      major: 26
      released: "2025-09-15"
      source: https://support.apple.com/en-us/100100
      checked: "2026-11-30"

Bad (line 1, column 14: a version without the record to compare it with)::

    written_for: iOS 18

Bad (line 2, column 20: written for 18 while 26 was released more than GRACE_DAYS ago)::

    written_for: iOS 18
    written_for_major: 18
    current_version: {major: 26, released: "2025-09-15", source: ..., checked: "2026-11-30"}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from kb.checks.base import Known, at, pages_showing
from kb.errors import Problem
from kb.model import KnowledgeBase, Platform

GRACE_DAYS = 90
# A version number is a word of its own: "iOS 18", "Thunderbird 128 ESR", not "K-9" or "(1)".
VERSION = re.compile(r"(?:^|(?<=\s))\d+(?:\.\d+)*(?=$|[\s,;)])")


def _problems(
    platform: Platform, faqs: list[int], today: date, all_draft: bool
) -> Iterator[Problem]:
    pos = platform.pos
    named = VERSION.findall(platform.written_for)
    if platform.written_for_major is None or platform.current is None:
        if named:
            yield at(
                pos.get("written_for"),
                "written_for",
                f"names version {named[0]}: record written_for_major and current_version "
                "(major, released, source, checked) so `kb check` can tell when it is old",
            )
        return
    major, current = platform.written_for_major, platform.current
    if str(major) not in named:
        yield at(
            pos.get("written_for_major"),
            "written_for_major",
            f"{major} is not the version that written_for names ('{platform.written_for}')",
        )
    if major >= current.major:
        return
    deadline = date.fromisoformat(current.released) + timedelta(days=GRACE_DAYS)
    pages = ", ".join(f"FAQ {n}" for n in faqs) or "no page"
    late = today > deadline
    if late:
        after = " (its procedures are drafts)" if all_draft else ""
    else:
        after = f" (an error from {deadline.isoformat()})"
    yield at(
        pos.get("written_for_major"),
        "written_for_major",
        f"written for version {major} ('{platform.written_for}'), but the current major "
        f"version is {current.major} "
        f"(released {current.released}, per {current.source} on {current.checked}); "
        f"check the steps on {pages} against version {current.major}{after}",
        warning=not late or all_draft,
    )


def check(kb: KnowledgeBase, known: Known, today: date | None = None) -> Iterator[Problem]:
    today = today or date.today()
    for key, platform in sorted(kb.platforms.items()):
        procs = [p for p in kb.procedures.values() if p.platform == key]
        all_draft = bool(procs) and all(p.draft for p in procs)
        yield from _problems(platform, pages_showing(kb, key), today, all_draft)
