"""A guide's platforms are known, each has a procedure for the guide's task, and no two share a
tab label (the reader picks a platform by its tab).

Good (a guide with `task: update-password`)::

    platforms: [apple-mail-macos, ios-mail]
    # steps/procedures/apple-mail-macos/update-password.yml and
    # steps/procedures/ios-mail/update-password.yml exist; tabs "macOS" and "iPhone"

Bad::

    platforms: [outlook-web]     # no procedure for platform 'outlook-web' and task ...
    platforms: [ios-mail, ipad-mail]   # both with `tab: iPhone`: share the tab label 'iPhone'
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.checks.base import Known, at, unknown
from kb.errors import Problem
from kb.model import KnowledgeBase


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    for page in kb.pages.values():
        if page.kind != "guide":
            continue
        where = page.pos["platforms"]
        tabs: dict[str, str] = {}
        for key in page.platforms:
            if key not in known.platforms:
                yield unknown(where, "platforms", "platform", key, known.platforms)
            elif f"{key}/{page.task}" not in known.procedures and page.task in known.tasks:
                yield at(
                    where,
                    "platforms",
                    f"no procedure for platform '{key}' and "
                    f"task '{page.task}'; expected file procedures/{key}/{page.task}.yml",
                )
            elif key in kb.platforms:
                tab = kb.platforms[key].tab
                if tab in tabs:
                    yield at(
                        where,
                        "platforms",
                        f"platforms '{tabs[tab]}' and '{key}'"
                        f" share the tab label '{tab}'; a page needs one tab per label",
                    )
                tabs[tab] = key
