"""Connection profiles -> settings tables: what a reader types into the mail app.

Pages show one two-column table per profile ("cards", side by side where the screen is wide
enough, one under the other on a phone), so every value stays readable on a 390 px screen without
sideways scrolling. The Markdown twins keep one table with a column per profile
(`settings_table`), which reads best as text. Both use the app's own `words` (from its platform
file's `vocabulary:`) where it has them: "Password", not Thunderbird's "Normal password".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kb.i18n.ui import UI
from kb.model import Profile
from kb.model.refs import REF
from kb.render.text import escape, escape_cell, reference, ui_md

# Each row's title is the UI word `table/<key>` (kb.i18n.ui), in the page's language.
ROWS = (
    ("protocol", "protocol"),
    ("server", "host"),
    ("port", "port"),
    ("security", "security"),
    ("username", "username"),
    ("authentication", "authentication"),
)


def _title(ui: Mapping[str, str], key: str) -> str:
    return ui_md(ui, f"table/{key}").replace("|", "\\|")


Words = dict[str, dict[str, str]]


def _cell(profile: Profile, field: str, words: Words | None, ui: Mapping[str, str]) -> str:
    word = (words or {}).get(field, {}).get(getattr(profile, field))
    return (f"**{escape(word)}**" if word else reference(profile, field, ui)).replace("|", "\\|")


def _why(profile: Profile, refs: Mapping[str, Profile], ui: Mapping[str, str]) -> str:
    """The profile's `why`, its settings references (`{imap.port}`) shown as in a step."""
    out, start = [], 0
    for m in REF.finditer(profile.why):
        other = refs.get(m[1])
        shown = reference(other, m[2], ui) if other else escape(m.group())
        out += [escape(profile.why[start : m.start()]), shown]
        start = m.end()
    return "".join([*out, escape(profile.why[start:])]).replace("|", "\\|")


def settings_table(
    profiles: Sequence[Profile],
    password_help: str | None = None,
    words: Words | None = None,
    why: bool = False,
    ui: Mapping[str, str] = UI,
    refs: Mapping[str, Profile] | None = None,
) -> str:
    """A table with one column per profile (the Markdown twins), its words in `ui`'s language;
    `refs` holds the profiles the `why` row may reference (default: the table's)."""
    labels = " | ".join(escape_cell(p.label) for p in profiles)
    rows = [f"| {_title(ui, 'setting')} | {labels} |", "|---" * (len(profiles) + 1) + "|"]
    for key, field in ROWS:
        cells = " | ".join(_cell(p, field, words, ui) for p in profiles)
        rows.append(f"| {_title(ui, key)} | {cells} |")
    if password_help:
        cells = " | ".join(escape_cell(password_help) for _ in profiles)
        rows.append(f"| {_title(ui, 'password')} | {cells} |")
    if why:
        every = refs or {p.key: p for p in profiles}
        cells = " | ".join(_why(p, every, ui) for p in profiles)
        rows.append(f"| {_title(ui, 'why')} | {cells} |")
    return "\n".join(rows)


def settings_cards(
    profiles: Sequence[Profile],
    password_help: str | None = None,
    words: Words | None = None,
    why: bool = False,
    ui: Mapping[str, str] = UI,
    refs: Mapping[str, Profile] | None = None,
) -> str:
    """The profiles' tables in one block that lays them out side by side when they fit."""
    tables = "\n\n".join(settings_table([p], password_help, words, why, ui, refs) for p in profiles)
    return f'<div class="kb-settings" markdown>\n\n{tables}\n\n</div>'


def steps_table(
    profiles: Sequence[Profile],
    password_help: str,
    words: Words | None,
    ui: Mapping[str, str],
    twin: bool,
    memo: dict[object, str] | None,
) -> str:
    """The settings under a step: cards on a page, a table in a `twin`. `memo`, shared by the
    pages of one run (`kb.render.text.Context`), keeps each: a profile shows the same in one
    app's words on every page."""
    key = (twin, id(words), id(ui), password_help, *(p.key for p in profiles))
    found = memo.get(key) if memo is not None else None
    if found is None:
        table = settings_table if twin else settings_cards
        found = table(profiles, password_help, words, ui=ui)
        if memo is not None:
            memo[key] = found
    return found
