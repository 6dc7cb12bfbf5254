"""The translatable units of a knowledge base: one per text a reader sees, keyed by file and a
stable key (`procedures/ios-mail/update-password.yml#steps/open-settings-apps/text`), so
reordering steps or files never detaches a translation from its English.

`units` lists them for the catalogues; `kb.i18n.translate` walks the model with the same keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from kb.i18n.ui import APP_LABELS, UI
from kb.model import KnowledgeBase, Text

APP_LABEL_FLAG = "kb-app-label"
# A translator's mark on a unit they could not confirm (an app label missing from the vendor's
# documentation in that language): the unit's procedure is shown as draft in that language.
DRAFT_FLAG = "kb-draft"
# One line: it is on every UI label of every catalogue (the README says more).
APP_LABEL_NOTE = (
    "APP LABEL: the app's own word, as the vendor documents it; "
    "if unconfirmed, add the flag kb-draft"
)

_TAB_NOTE = (
    "Tab label: the OS or app name as readers know it; keep iOS, Android, macOS, Windows as they "
    "are (docs/assets/device-tab.js opens the reader's device tab by that name)"
)
_PHRASE_NOTE = "Link phrase: must appear in the text"
KEYWORDS_NOTE = (
    "Search words readers of this language type, comma-separated, never shown: as many as "
    "useful, not a word-for-word translation"
)


class Unit(NamedTuple):
    """One unit (a tuple: a language's build lists tens of thousands beside its catalogue)."""

    context: str
    english: str
    comment: str = ""
    app_label: bool = False
    # A Text's sentence: its UI labels and link phrases, which it must contain (by context).
    parts: tuple[Unit, ...] = ()


def file_key(path: str) -> str:
    """A source path without its KB folder (`steps/pages/x.yml` -> `pages/x.yml`)."""
    return path.split("/", 1)[1] if "/" in path else path


def text_units(prefix: str, text: Text) -> Iterator[Unit]:
    """A Text's sentence, its UI labels (app words) and its link phrases."""
    parts = [
        Unit(f"{prefix}/ui/{n}", label, APP_LABEL_NOTE, True) for n, label in enumerate(text.ui)
    ]
    parts += [
        Unit(f"{prefix}/links/{n}/phrase", link.phrase, _PHRASE_NOTE)
        for n, link in enumerate(text.links)
    ]
    yield Unit(f"{prefix}/text", text.text, _text_note(text), parts=tuple(sorted(parts)))
    yield from parts


def _text_note(text: Text) -> str:
    if not (text.ui or text.links):
        return ""
    return "Contains, word for word, the translations of its UI labels and link phrases"


def units(kb: KnowledgeBase) -> list[Unit]:
    """Every translatable unit of `kb` and of the UI, sorted by context."""
    found = list(_kb_units(kb))
    found += [Unit(f"ui#{key}", text, _ui_note(key), key in APP_LABELS) for key, text in UI.items()]
    return sorted(found, key=lambda u: u.context)


def _ui_note(key: str) -> str:
    if key in APP_LABELS:
        return APP_LABEL_NOTE
    return KEYWORDS_NOTE if key.startswith("search/") else ""


def _kb_units(kb: KnowledgeBase) -> Iterator[Unit]:
    settings = file_key(kb.settings.path)
    yield Unit(f"{settings}#provider/password_help", kb.settings.provider.password_help)
    for p in kb.settings.profiles:
        yield Unit(f"{settings}#profiles/{p.key}/label", p.label)
        yield Unit(f"{settings}#profiles/{p.key}/why", p.why)
    for pl in kb.platforms.values():
        f = file_key(pl.path)
        yield Unit(f"{f}#name", pl.name)
        yield Unit(f"{f}#tab", pl.tab, _TAB_NOTE, True)
        yield Unit(f"{f}#client", pl.client, "The app's name in this language", True)
        yield Unit(f"{f}#vendor_help/title", pl.vendor_help_title, "The vendor page's title")
        yield Unit(f"{f}#written_for", pl.written_for)
        if pl.keywords:
            yield Unit(f"{f}#keywords", ", ".join(pl.keywords), KEYWORDS_NOTE)
        for field, values in sorted(pl.vocabulary.items()):
            for value, word in sorted(values.items()):
                yield Unit(f"{f}#vocabulary/{field}/{value}", word, APP_LABEL_NOTE, True)
    for task in kb.tasks.values():
        yield Unit(f"{file_key(task.path)}#title", task.title)
        yield Unit(f"{file_key(task.path)}#summary", task.summary)
        if task.keywords:
            yield Unit(f"{file_key(task.path)}#keywords", ", ".join(task.keywords), KEYWORDS_NOTE)
    for cat in kb.categories.values():
        yield Unit(f"{file_key(cat.path)}#title", cat.title)
        yield Unit(f"{file_key(cat.path)}#summary", cat.summary)
    for proc in kb.procedures.values():
        f = file_key(proc.path)
        yield from text_units(f"{f}#intro", proc.intro)
        for step in proc.steps:
            yield from text_units(f"{f}#steps/{step.id}", step.text)
            if step.note:
                yield from text_units(f"{f}#steps/{step.id}/note", step.note)
            if step.screenshot:
                yield Unit(f"{f}#steps/{step.id}/screenshot/alt", step.screenshot.alt)
    for page in kb.pages.values():
        f = file_key(page.path)
        yield Unit(f"{f}#title", page.title)
        yield from text_units(f"{f}#purpose", page.purpose)
        for name in ("preamble", "prerequisites"):
            for n, text in enumerate(getattr(page, name)):
                yield from text_units(f"{f}#{name}/{n}", text)
