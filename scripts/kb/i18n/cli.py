"""`kb i18n extract|update`: the catalogues under `steps/locales/` in step with `steps/`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kb.build import load_knowledge_base
from kb.errors import KbError
from kb.i18n import catalog, exchange
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
        ("pending", "list each language's fuzzy and missing units (text, or JSON to translate)"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("path", nargs="?", default=".", help="KB folder (or its steps/)")
        cmd.add_argument("--languages", default=",".join(catalog.TRANSLATED))
    sub.choices["pending"].add_argument("--out", help="write the listing here, not to stdout")
    sub.choices["pending"].add_argument("--json", help="folder for one <lang>.json per language")
    back = sub.add_parser("apply", help="merge translations returned as JSON into a .po")
    back.add_argument("language", choices=catalog.TRANSLATED)
    back.add_argument("file", help="JSON: context -> {en, tr, flags}")
    back.add_argument("path", nargs="?", default=".", help="KB folder (or its steps/)")
    args = top.parse_args(argv)
    languages = tuple(lang for lang in getattr(args, "languages", "").split(",") if lang)
    unknown = [lang for lang in languages if lang not in catalog.TRANSLATED]
    if unknown:
        print(f"unknown language(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    folder = catalog.locales_dir(find_root(Path(args.path).resolve()))
    if args.command == "pending":
        return _pending(folder, languages, args.out, args.json)
    if args.command == "apply":
        taken, refused = exchange.apply(
            folder / f"{args.language}.po", args.language, exchange.read_json(Path(args.file))
        )
        for reason in refused:
            print(f"not taken: {reason}", file=sys.stderr)
        print(f"{args.language}: {taken} translation(s) taken; now run kb check")
        return 0
    try:
        pot, count = extract(Path(args.path))
    except KbError as err:
        print(err.report())
        print(f"{len(err.problems)} problem(s); catalogues left as they were.", file=sys.stderr)
        return 1
    print(f"{pot}: {count} units")
    if args.command == "update":
        for po, changed in update(Path(args.path), languages):
            print(f"{po}: {'updated' if changed else 'unchanged'}")
    return 0


def _pending(folder: Path, languages: tuple[str, ...], out: str | None, to: str | None) -> int:
    text = []
    for lang in languages:
        work = exchange.pending(catalog.read(folder / f"{lang}.po", lang))
        text.append(exchange.listing(lang, work))
        if to:
            Path(to).mkdir(parents=True, exist_ok=True)
            dump = json.dumps(work, ensure_ascii=False, indent=1)
            (Path(to) / f"{lang}.json").write_text(dump + "\n", "utf-8")
    if out:
        Path(out).write_text("\n".join(text), "utf-8")
    else:
        print("\n".join(text), end="")
    return 0
