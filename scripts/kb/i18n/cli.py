"""`kb i18n extract|update`: the catalogues under `steps/locales/` in step with `steps/`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb.build import load_knowledge_base
from kb.errors import KbError
from kb.i18n import catalog
from kb.i18n.units import units
from kb.source import find_root


def extract(path: Path) -> tuple[Path, int]:
    """Write `locales/kb.pot` from the KB at `path`; its path and number of units."""
    kb = load_knowledge_base(path)
    found = units(kb)
    pot = catalog.locales_dir(Path(kb.root)) / "kb.pot"
    catalog.write(pot, catalog.template(found))
    return pot, len(found)


def update(path: Path, languages: tuple[str, ...]) -> list[tuple[Path, bool]]:
    """Merge `locales/kb.pot` into each language's catalogue (created if missing)."""
    folder = catalog.locales_dir(find_root(path.resolve()))
    pot = catalog.read(folder / "kb.pot")
    done = []
    for lang in languages:
        po_path = folder / f"{lang}.po"
        old = catalog.read(po_path, lang) if po_path.is_file() else None
        done.append((po_path, catalog.write(po_path, catalog.merge(pot, old, lang))))
    return done


def main(argv: list[str]) -> int:
    top = argparse.ArgumentParser(prog="kb i18n", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    for name, text in (
        ("extract", "write steps/locales/kb.pot: every translatable unit, in English"),
        ("update", "extract, then merge kb.pot into each language's .po (fuzzy on changes)"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("path", nargs="?", default=".", help="KB folder (or its steps/)")
        cmd.add_argument("--languages", default=",".join(catalog.TRANSLATED))
    args = top.parse_args(argv)
    try:
        pot, count = extract(Path(args.path))
    except KbError as err:
        print(err.report())
        print(f"{len(err.problems)} problem(s); catalogues left as they were.", file=sys.stderr)
        return 1
    print(f"{pot}: {count} units")
    if args.command == "update":
        languages = tuple(lang for lang in args.languages.split(",") if lang)
        unknown = [lang for lang in languages if lang not in catalog.TRANSLATED]
        if unknown:
            print(f"unknown language(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        for po, changed in update(Path(args.path), languages):
            print(f"{po}: {'updated' if changed else 'unchanged'}")
    return 0
