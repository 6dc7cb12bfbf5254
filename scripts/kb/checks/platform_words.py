"""platform-words: a platform's settings tables use that app's own words.

The generic words ("Normal password" is Thunderbird's) read wrong in an app that says
"Password". So every platform whose tab shows a settings table declares, in `vocabulary:`, its
word for each authentication value shown there, and the table uses it. A step may not label a
control with a generic word that is not the platform's own. A procedure marked `review:
draft` is exempt: its words could not be checked, and its page says the steps are general.

Good (platforms/ios-mail.yml, and a step of procedures/ios-mail/*.yml)::

    vocabulary:
      authentication:
        password-cleartext: Password

    - id: smtp-password
      text: Check that Authentication is set to Password.
      ui: [Authentication, Password]
      settings: [smtp]

Bad (line 3, column 5 of the procedure: the platform has no word for the table to use)::

    - id: smtp-password
      text: Check that Authentication is set to Password.
      settings: [smtp]

Bad (a step of Apple Mail labelling Thunderbird's word)::

    - id: authentication
      text: Set Authentication to Normal password.
      ui: [Normal password]
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.checks.base import Known, at
from kb.errors import Problem
from kb.model import KnowledgeBase, Platform, Pos
from kb.model.refs import AUTHENTICATION

GENERIC = {"authentication": AUTHENTICATION}


def _missing(
    kb: KnowledgeBase, platform: Platform, keys: tuple[str, ...], pos: Pos | None, field: str
) -> Iterator[Problem]:
    profiles = {p.key: p for p in kb.settings.profiles}
    own = platform.vocabulary.get("authentication", {})
    for value in dict.fromkeys(profiles[k].authentication for k in keys if k in profiles):
        if value not in own:
            yield at(
                pos,
                field,
                f"the table on the '{platform.tab}' tab would show '{AUTHENTICATION[value]}', "
                f"not {platform.client}'s own word: add vocabulary: authentication: "
                f"{value}: <the word {platform.client} shows> to {platform.path}",
            )


def _labels(platform: Platform, ui: tuple[str, ...], pos: Pos | None, field: str):
    for label in ui:
        for kind, words in GENERIC.items():
            for value, word in words.items():
                own = platform.vocabulary.get(kind, {}).get(value)
                if label == word and own and own != word:
                    yield at(
                        pos,
                        field,
                        f"UI label '{label}' is not {platform.client}'s word; its table "
                        f"says '{own}'",
                    )


def check(kb: KnowledgeBase, known: Known) -> Iterator[Problem]:
    for proc in kb.procedures.values():
        platform = kb.platforms.get(proc.platform)
        if platform is None or proc.draft:
            continue
        for i, step in enumerate(proc.steps):
            yield from _missing(kb, platform, step.settings, step.pos, f"steps[{i}].settings")
            for text, name in ((step.text, "text"), (step.note, "note.text")):
                if text is not None:
                    yield from _labels(platform, text.ui, text.pos, f"steps[{i}].{name}")
    for page in kb.pages.values():
        if page.kind != "guide" or not page.settings:
            continue
        for key in page.platforms:
            proc = kb.procedures.get(f"{key}/{page.task}")
            if key in kb.platforms and proc is not None and not proc.draft:
                platform = kb.platforms[key]
                yield from _missing(
                    kb, platform, page.settings, page.pos.get("settings"), "settings"
                )
