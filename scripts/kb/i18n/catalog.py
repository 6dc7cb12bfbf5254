"""The gettext catalogues under `steps/locales/`: `kb.pot` (the English units) and one
`<lang>.po` per language, kept in step with `steps/` by context, not by fuzzy text matching.

`update` merges like msgmerge, but keyed by msgctxt (file + stable key): same context and same
English, the translation is kept as it is; same context with new English, the translation is
kept, marked fuzzy, with the previous English as `#| msgid` for the translator to compare; a new
context is added untranslated, unless it is a UI label or link phrase whose English its Text
had, translated, at another position (labels moved); a context that is gone becomes obsolete
(`#~`). Output is sorted by context and carries no dates or line numbers, so a catalogue's diff
shows only what changed.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, normalize, read_po, write_po

from kb.i18n.units import APP_LABEL_FLAG, Unit

LANGUAGES = ("en", "fr", "de", "it", "es")
TRANSLATED = LANGUAGES[1:]
WIDTH = 100
_PART = re.compile(r"(.*)/(?:ui/\d+|links/\d+/phrase)")
# Fixed, so the header never changes by itself (Babel writes these dates).
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def locales_dir(root: Path) -> Path:
    return root / "locales"


def _new(locale: str | None) -> Catalog:
    return Catalog(
        locale=locale,
        project="mailkb help centre",
        version="1",
        copyright_holder="the mailkb authors",
        msgid_bugs_address="",
        creation_date=_EPOCH,
        revision_date=_EPOCH,
        fuzzy=False,
    )


def template(found: list[Unit]) -> Catalog:
    """The .pot: one message per unit, its context the unit's key."""
    pot = _new(None)
    for unit in found:
        pot.add(
            unit.english,
            context=unit.context,
            auto_comments=[unit.comment] if unit.comment else [],
            flags=[APP_LABEL_FLAG] if unit.app_label else [],
        )
    return pot


def by_context(catalog: Catalog) -> dict[str, Message]:
    return {m.context: m for m in catalog if m.id and m.context}


def _part_of(context: str) -> str | None:
    """The Text a UI label or link phrase belongs to (`...#steps/x/ui/2` -> `...#steps/x`)."""
    match = _PART.fullmatch(context)
    return match[1] if match else None


def merge(pot: Catalog, old: Catalog | None, locale: str) -> Catalog:
    """`old` brought in step with `pot`, keyed by context (see the module's docstring)."""
    known = by_context(old) if old is not None else {}
    # A label or phrase keeps its translation when labels are added, removed or reordered in
    # its Text (they are keyed by position): the same English in the same Text, translated.
    moved = {
        (_part_of(m.context), m.id): m
        for m in known.values()
        if _part_of(m.context) and m.string and not m.fuzzy
    }
    new = _new(locale)
    for tm in pot:
        if not tm.id:
            continue
        prev = known.pop(tm.context, None)
        if (prev is None or prev.id != tm.id) and (_part_of(tm.context), tm.id) in moved:
            prev = moved[(_part_of(tm.context), tm.id)]
        flags = set(tm.flags)
        string, previous = "", []
        if prev is not None and prev.string:
            string = prev.string
            # The translator's own flags stay (kb-draft); fuzzy is decided here.
            flags |= {f for f in prev.flags if f != "fuzzy"}
            if prev.id != tm.id:
                flags.add("fuzzy")
                # A unit already fuzzy keeps the English its translation was made from.
                previous = prev.previous_id if prev.fuzzy and prev.previous_id else [prev.id]
            elif prev.fuzzy:
                flags.add("fuzzy")
                previous = list(prev.previous_id)
        new.add(
            tm.id,
            string,
            context=tm.context,
            auto_comments=tm.auto_comments,
            user_comments=prev.user_comments if prev is not None else [],
            flags=sorted(flags),
            previous_id=previous,
        )
    for context in sorted(known):
        gone = known[context]
        if gone.string:
            new.obsolete[(gone.id, context)] = gone
    if old is not None:
        for key, gone in sorted(old.obsolete.items(), key=lambda kv: kv[0][1] or ""):
            if not new.get(gone.id, gone.context) and key not in new.obsolete:
                new.obsolete[key] = gone
    return new


def dumps(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, no_location=True)
    return _with_previous(out.getvalue().decode("utf-8"), catalog).encode("utf-8")


def _with_previous(text: str, catalog: Catalog) -> str:
    """Each fuzzy message's previous English as `#| msgid` lines above its msgctxt, as msgmerge
    writes them (Babel's own `include_previous` re-wraps a long one mid-string)."""
    previous = iter([m.previous_id[0] if m.previous_id else "" for m in catalog if m.id])
    out = []
    for line in text.split("\n"):
        if line.startswith("msgctxt "):
            prev = next(previous)
            if prev:
                # normalize puts the prefix on every line after the first.
                first, *rest = normalize(prev, prefix="#| ", width=WIDTH).split("\n")
                out += [f"#| msgid {first}", *rest]
        out.append(line)
    return "\n".join(out)


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        catalog = read_po(f, locale=locale, abort_invalid=True)
    for message in catalog:
        if message.user_comments:
            _previous(message)
    return catalog


def _previous(message: Message) -> None:
    """Babel reads `#| msgid "..."` (msgmerge's previous English) as a user comment: made the
    message's `previous_id` again, so it is written back as it was."""
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines or not lines[0].startswith("msgid "):
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    message.previous_id = [denormalize("\n".join([lines[0][len("msgid ") :], *lines[1:]]))]


def write(path: Path, catalog: Catalog) -> bool:
    """Write `catalog` to `path` if it differs; whether it was written."""
    data = dumps(catalog)
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True
