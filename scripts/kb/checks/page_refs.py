"""A page names a known category, a known task and known settings profiles.

Good (`steps/pages/update-password-apple-mail.yml`)::

    category: passwords          # steps/categories/passwords.yml exists
    task: update-password        # steps/tasks/update-password.yml exists
    settings: [imap, smtp]       # profiles of steps/settings.yml

Bad::

    category: pasword            # unknown category 'pasword'; expected one of: ...
    settings: [imaps]            # unknown settings profile 'imaps'; expected one of: ...
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.checks.base import Known, unknown, unknown_profile
from kb.errors import Problem
from kb.model import KnowledgeBase


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    for page in kb.pages.values():
        pos = page.pos
        if page.category not in known.categories:
            yield unknown(pos["category"], "category", "category", page.category, known.categories)
        for key in page.settings:
            if key not in known.profiles:
                yield unknown_profile(pos["settings"], "settings", key, known)
        if page.kind == "guide" and page.task not in known.tasks:
            yield unknown(pos["task"], "task", "task", page.task, known.tasks)
