"""Connection profiles -> settings tables: what a reader types into the mail app.

Pages show one two-column table per profile ("cards", side by side where the screen is wide
enough, one under the other on a phone), so every value stays readable on a 390 px screen without
sideways scrolling. The Markdown twins keep one table with a column per profile
(`settings_table`), which reads best as text. Both use the app's own `words` (from its platform
file's `vocabulary:`) where it has them: "Password", not Thunderbird's "Normal password".
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.model import Profile
from kb.render.text import escape, escape_cell, reference

ROWS = (
    ("Protocol", "protocol"),
    ("Server", "host"),
    ("Port", "port"),
    ("Security", "security"),
    ("Username", "username"),
    ("Authentication", "authentication"),
)


Words = dict[str, dict[str, str]]


def _cell(profile: Profile, field: str, words: Words | None) -> str:
    word = (words or {}).get(field, {}).get(getattr(profile, field))
    return (f"**{escape(word)}**" if word else reference(profile, field)).replace("|", "\\|")


def settings_table(
    profiles: Sequence[Profile],
    password_help: str | None = None,
    words: Words | None = None,
    why: bool = False,
) -> str:
    """A table with one column per profile (the Markdown twins)."""
    head = "| Setting | " + " | ".join(escape_cell(p.label) for p in profiles) + " |"
    rows = [head, "|---" * (len(profiles) + 1) + "|"]
    for title, field in ROWS:
        cells = " | ".join(_cell(p, field, words) for p in profiles)
        rows.append(f"| {title} | {cells} |")
    if password_help:
        rows.append(
            "| Password | " + " | ".join(escape_cell(password_help) for _ in profiles) + " |"
        )
    if why:
        rows.append("| Why | " + " | ".join(escape_cell(p.why) for p in profiles) + " |")
    return "\n".join(rows)


def profile_table(
    profile: Profile,
    password_help: str | None = None,
    words: Words | None = None,
    why: bool = False,
) -> str:
    """One profile as a two-column table: its label, then one row per setting."""
    rows = [f"| Setting | {escape_cell(profile.label)} |", "|---|---|"]
    rows += [f"| {title} | {_cell(profile, field, words)} |" for title, field in ROWS]
    if password_help:
        rows.append(f"| Password | {escape_cell(password_help)} |")
    if why:
        rows.append(f"| Why | {escape_cell(profile.why)} |")
    return "\n".join(rows)


def settings_cards(
    profiles: Sequence[Profile],
    password_help: str | None = None,
    words: Words | None = None,
    why: bool = False,
) -> str:
    """The profiles' tables in one block that lays them out side by side when they fit."""
    tables = "\n\n".join(profile_table(p, password_help, words, why) for p in profiles)
    return f'<div class="kb-settings" markdown>\n\n{tables}\n\n</div>'
