"""A procedure file lives at `procedures/PLATFORM/TASK.yml` with a known platform and task, and
some page shows it (a procedure no guide lists would never be read).

Good::

    steps/procedures/apple-mail-macos/update-password.yml
    # steps/platforms/apple-mail-macos.yml and steps/tasks/update-password.yml exist, and a
    # guide has `task: update-password` and `platforms: [apple-mail-macos, ...]`

Bad::

    steps/procedures/android-mail/update-password.yml
    # folder 'android-mail' is not a known platform; expected one of: ...
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.checks.base import Known, at
from kb.errors import Problem
from kb.model import KnowledgeBase, Pos


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    shown = {f"{p}/{page.task}" for page in kb.pages.values() for p in page.platforms}
    for proc in kb.procedures.values():
        top = Pos(proc.path, 1, 1)
        if proc.platform not in known.platforms:
            yield at(
                top,
                "(file)",
                f"folder '{proc.platform}' is not a known platform; expected "
                f"one of: {', '.join(sorted(known.platforms))}",
            )
        if proc.task not in known.tasks:
            yield at(
                top,
                "(file)",
                f"file name '{proc.task}' is not a known task; expected one "
                f"of: {', '.join(sorted(known.tasks))}",
            )
        if proc.key not in shown and not known.pages_broken:
            yield at(
                top,
                "(file)",
                "this procedure is not shown on any page; add its platform "
                "to a page with the same task",
            )
