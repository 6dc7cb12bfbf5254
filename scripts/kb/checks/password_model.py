"""password-model: what pages say about passwords follows the provider's password model.

The model is data in settings.yml (`provider.passwords`): since April 2026 the provider issues
one password per device or app (`model: per-device`), which readers create on the provider's
page `create`. Its English phrases say what the rule looks for, matched as whole words in any
letter case. Three problems:

- a text asks for "the password" (an `asking` verb, "the", up to two words, "password": "Enter
  the new password") and neither it nor its step's note says which (`device_words`: "created for
  this device"). "The same password" passes once an earlier step of the procedure said it;
- a text keeps a phrase of the previous model, one account password (`outdated`: "after
  changing it from"), and nothing beside it (its step, or for a page's purpose, preamble and
  prerequisites the page's own texts) names the device password and links to `create`. A page
  that must keep the provider's words (the seed page) adds that note beside them;
- a guide whose task asks for a password (`asked_by`), or whose texts name the device password,
  links nowhere (its own texts or its procedures') to `create`.

Good::

    prerequisites:
      - text: >-
          You need a password created for this device or app: create one as described in
          Add a device (create an email password).
        links:
          - phrase: Add a device (create an email password)
            url: https://www.infomaniak.com/en/support/faq/1321/add-a-device-create-an-email-password
    ...
      - id: imap-password
        text: Enter the IMAP password.
        note:
          text: Enter the password created for this device, not the password of your account.

Bad (line 2, column 11: which password?)::

      - id: enter-password
        text: Enter the new password for the incoming server.

Bad (the old model, with no device-password note and link beside it)::

    purpose:
      text: >-
        This guide explains how to update the password of an email address on your device
        after changing it from an Infomaniak Mail Service.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from kb.checks.base import Known, at
from kb.errors import Problem
from kb.model import KnowledgeBase, Page, Passwords, Procedure, Text


@cache
def _any(phrases: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I)


@cache
def _asks(verbs: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(v) for v in verbs)
    return re.compile(rf"(?<!\w)(?:{words})\s+the\s+((?:[\w-]+\s+){{0,2}}?)password(?!\w)", re.I)


def _names_device(model: Passwords, texts: Iterable[Text | None]) -> bool:
    return any(t is not None and _any(model.device_words).search(t.text) for t in texts)


def _links_create(model: Passwords, texts: Iterable[Text | None]) -> bool:
    return any(t is not None and any(ln.url == model.create for ln in t.links) for t in texts)


def _explained(model: Passwords, texts: list[Text | None]) -> bool:
    """Whether `texts` name the device password and link to where readers create one."""
    return _names_device(model, texts) and _links_create(model, texts)


def _outdated(model: Passwords, text: Text, field: str) -> Problem:
    found = _any(model.outdated).search(text.text)
    assert found is not None
    return at(
        text.pos,
        field,
        f"'{found.group()}' describes the password model before {model.since}; the provider "
        f"now issues one password per device or app: rewrite it, or keep it with a note beside "
        f"it that names the password {model.device_words[0]} and links to {model.create}",
    )


def _procedure(model: Passwords, proc: Procedure) -> Iterator[Problem]:
    """Each text asking for "the password" where neither it nor its step says which, and each
    phrase of the old model with no device-password note beside it; the intro first."""
    named = False  # whether an earlier text said which password: "the same" then refers to it
    blocks = [[(proc.intro, "intro.text")]]
    for i, step in enumerate(proc.steps):
        field = f"steps[{i}]"
        blocks.append([(step.text, f"{field}.text"), (step.note, f"{field}.note.text")])
    for block in blocks:
        texts = [text for text, _ in block]
        asks = [
            (text, field, m)
            for text, field in block
            if text is not None
            for m in _asks(model.asking).finditer(text.text)
        ]
        same = any("same" in m.group(1).lower().split() for _, _, m in asks)
        device = _names_device(model, texts)
        for text, field in block:
            if text and _any(model.outdated).search(text.text) and not _explained(model, texts):
                yield _outdated(model, text, field)
        if not device and not (same and named):
            for text, field, m in asks:
                yield at(
                    text.pos,
                    field,
                    f"'{m.group()}' does not say which password: the provider issues one "
                    f"per device or app; say it is the password {model.device_words[0]} "
                    f"(in the text or the step's note)",
                )
        named = named or device


def _page_texts(page: Page) -> list[Text | None]:
    return [page.purpose, *page.preamble, *page.prerequisites]


def _page(model: Passwords, kb: KnowledgeBase, page: Page) -> Iterator[Problem]:
    own = _page_texts(page)
    fields = [
        "purpose.text",
        *(f"preamble[{i}].text" for i in range(len(page.preamble))),
        *(f"prerequisites[{i}].text" for i in range(len(page.prerequisites))),
    ]
    for text, field in zip(own, fields, strict=True):
        if text and _any(model.outdated).search(text.text) and not _explained(model, own):
            yield _outdated(model, text, field)
    if page.kind != "guide" or not page.task:
        return
    procs = [kb.procedures.get(f"{p}/{page.task}") for p in page.platforms]
    texts = own + [t for proc in procs if proc for t in _procedure_texts(proc)]
    if page.task in model.asked_by or _names_device(model, texts):
        if not _links_create(model, texts):
            yield at(
                page.pos.get("task"),
                "task",
                f"guide '{page.key}' asks for a password ({page.task}) but links nowhere to "
                f"where readers create one: add a note with a url: link to {model.create}",
            )


def _procedure_texts(proc: Procedure) -> Iterator[Text | None]:
    yield proc.intro
    for step in proc.steps:
        yield step.text
        yield step.note


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    model = kb.settings.provider.passwords
    if model is None or model.model != "per-device":
        return
    for proc in kb.procedures.values():
        yield from _procedure(model, proc)
    for page in kb.pages.values():
        yield from _page(model, kb, page)
