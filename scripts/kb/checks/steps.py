"""In a procedure, step ids are unique (readers' feedback and links point at them), each
step's `settings` names known profiles and each screenshot exists under `steps/screenshots/`.

Good::

    steps:
      - id: open-settings
        text: Open **Settings**.
        screenshot: {src: apple-mail/settings.png, alt: The Settings window}
      - id: choose-account
        settings: [imap]

Bad::

    steps:
      - id: open-settings
      - id: open-settings        # duplicate step id 'open-settings' (also steps[0])
        settings: [imaps]        # unknown settings profile 'imaps'; expected one of: ...
        screenshot: {src: missing.png, alt: ...}   # no such file: screenshots/missing.png
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kb.checks.base import Known, at, unknown_profile
from kb.errors import Problem
from kb.model import KnowledgeBase


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    screenshots = Path(kb.root) / "screenshots"
    for proc in kb.procedures.values():
        seen: dict[str, int] = {}
        for i, step in enumerate(proc.steps):
            if step.id in seen:
                yield at(
                    step.pos,
                    f"steps[{i}].id",
                    f"duplicate step id '{step.id}' (also "
                    f"steps[{seen[step.id]}]); step ids must be unique and stable",
                )
            seen.setdefault(step.id, i)
            for key in step.settings:
                if key not in known.profiles:
                    yield unknown_profile(step.pos, f"steps[{i}].settings", key, known)
            if step.screenshot and not (screenshots / step.screenshot.src).is_file():
                yield at(
                    step.pos,
                    f"steps[{i}].screenshot.src",
                    f"no such file: screenshots/{step.screenshot.src}",
                )
