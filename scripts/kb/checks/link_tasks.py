"""link-tasks: a link to a guide names the task it promises, and the guide covers that task.

A phrase such as "check both servers in the guide to check the SMTP server" promises more
than the target covers. So a `page:` link to a guide says, in `task:`, which task the reader
will find there, and that must be the guide's own task; the settings reference page covers no
task, so a link to it has none.

Good::

    intro:
      text: To add your address (refer to the complete guide if necessary):
      links:
        - phrase: complete guide
          page: add-an-email-address-to-apple-mail-macos-ios
          task: add-account

Bad (line 2, column 9: the link does not say what it promises)::

    intro:
      text: Then check both servers as described in the guide to check the SMTP server.
      links:
        - phrase: guide to check the SMTP server
          page: check-the-smtp-server-on-apple-mail-macos-ios

Bad (the guide covers check-smtp, the link promises add-account)::

      links:
        - phrase: guide to check the SMTP server
          page: check-the-smtp-server-on-apple-mail-macos-ios
          task: add-account
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.checks.base import Known, at, texts
from kb.errors import Problem
from kb.model import KnowledgeBase


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    for text, field in texts(kb):
        for link in text.links:
            target = kb.pages.get(link.page) if link.page else None
            if link.task and not link.page:
                yield at(text.pos, field, f"link '{link.phrase}': task: needs a page: link")
            elif target is None:
                continue  # an unknown page is reported by the cross-reference check
            elif target.kind != "guide" and link.task:
                yield at(
                    text.pos,
                    field,
                    f"link '{link.phrase}' promises task '{link.task}' but page "
                    f"'{target.key}' covers no task; remove task:",
                )
            elif target.kind == "guide" and link.task is None:
                yield at(
                    text.pos,
                    field,
                    f"link '{link.phrase}' to guide '{target.key}' does not name the task it "
                    f"promises; add task: {target.task} if the text promises only that",
                )
            elif target.kind == "guide" and link.task != target.task:
                yield at(
                    text.pos,
                    field,
                    f"link '{link.phrase}' promises task '{link.task}' but guide "
                    f"'{target.key}' covers '{target.task}' only",
                )
