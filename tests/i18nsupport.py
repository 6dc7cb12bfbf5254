"""What the i18n tests share besides fixtures: the project root, a unit to edit, the languages,
and a translator's edits of a catalogue (a module of its own: `from conftest import` would pick
whichever conftest.py was imported first in a whole-suite run)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.i18n.catalog import by_context, read, write

ROOT = Path(__file__).resolve().parents[1]
STEP = "procedures/ios-mail/update-password.yml#steps/open-settings-apps"
LANGS = ("fr", "de", "it", "es")


Fill = Callable[[Path, str, dict[str, str]], None]


def fill(project: Path, lang: str, strings: dict[str, str]) -> None:
    """Translate some units, as a translator would in a PO editor."""
    po = project / "steps" / "locales" / f"{lang}.po"
    catalog = read(po, lang)
    messages = by_context(catalog)
    for context, text in strings.items():
        messages[context].string = text
    write(po, catalog)


def po_line(project: Path, lang: str, context: str) -> int:
    """The line of a unit's msgid in a catalogue, as a PO editor shows it."""
    lines = (project / "steps" / "locales" / f"{lang}.po").read_text("utf-8").splitlines()
    at = lines.index(f'msgctxt "{context}"')
    return at + 2
