"""Translation work handed out and taken back: the units of each language still shown in
English (`kb i18n pending`), and translations returned as JSON merged into a catalogue
(`kb i18n apply`).

The JSON maps each context to `{"en": <English>, "tr": <translation>, "flags": [...]}`
(`previous`, the English an old translation was made from, and `was`, that translation, help the
translator and are ignored when applying). A translation is taken only if its `en` is the
catalogue's current English, so one made from an older text never lands silently.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.catalog import Catalog

from kb.i18n import catalog
from kb.i18n.units import DRAFT_FLAG


def pending(po: Catalog) -> dict[str, dict[str, object]]:
    """The units of `po` that are fuzzy or untranslated, by context."""
    out: dict[str, dict[str, object]] = {}
    for m in po:
        if not m.id or not m.context or (m.string and not m.fuzzy):
            continue
        item: dict[str, object] = {"en": m.id, "tr": "", "flags": []}
        if m.string:
            item["previous"] = m.previous_id[0] if m.previous_id else ""
            item["was"] = m.string
        out[m.context] = item
    return out


def listing(language: str, work: dict[str, dict[str, object]]) -> str:
    """`work` as lines a person reads: state, context, English (and what it was)."""
    lines = [f"== {language}: {len(work)} unit(s) fuzzy or missing"]
    for context, item in work.items():
        state = "fuzzy" if "was" in item else "missing"
        lines.append(f"{state}  {context}")
        lines.append(f"    en:   {item['en']}")
        if "was" in item:
            lines.append(f"    from: {item['previous']}")
            lines.append(f"    was:  {item['was']}")
    return "\n".join(lines) + "\n"


def apply(po_path: Path, language: str, returned: dict[str, dict]) -> tuple[int, list[str]]:
    """Merge `returned` into the catalogue at `po_path`; how many units were taken, and why
    each other one was not."""
    po = catalog.read(po_path, language)
    messages = catalog.by_context(po)
    taken, refused = 0, []
    for context, item in sorted(returned.items()):
        m = messages.get(context)
        if m is None:
            refused.append(f"{context}: no such unit (kb i18n update first?)")
        elif item.get("en") != m.id:
            refused.append(f"{context}: made from other English than the catalogue's current one")
        elif not item.get("tr"):
            refused.append(f"{context}: no translation")
        else:
            m.string = item["tr"]
            m.previous_id = []
            flags = set(m.flags) - {"fuzzy", DRAFT_FLAG}
            m.flags = flags | ({DRAFT_FLAG} if DRAFT_FLAG in item.get("flags", ()) else set())
            taken += 1
    catalog.write(po_path, po)
    return taken, refused


def read_json(path: Path) -> dict[str, dict]:
    return json.loads(path.read_text("utf-8"))
