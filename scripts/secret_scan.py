"""Scan artifacts (junit XML, logs, the built site, results JSON) for a password in any encoding.

Usage: KB_SCAN_SECRET=... python scripts/secret_scan.py PATH...  (or KB_MAILBOX_PASSWORD, the
password the test mailbox uses when it is set). Folders are scanned recursively. Each file's
count is printed (per encoding, never the secret itself); the exit status is 1 if any is found,
2 if no secret is set.

Encodings: literal, base64 (at each of the three byte alignments, so it is found inside the
base64 of `\\0user\\0pass` or `user\\0pass` whatever the user name), URL-encoded, JSON-escaped and
HTML-escaped.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import os
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

SECRET_ENVS = ("KB_SCAN_SECRET", "KB_MAILBOX_PASSWORD")
# A needle shorter than this would match by chance in any large file.
MIN_NEEDLE = 4


def needles(secret: str) -> dict[bytes, str]:
    """Each distinct byte string that betrays `secret`, with the name of its encoding."""
    raw = secret.encode("utf-8")
    forms: dict[bytes, str] = {}

    def add(name: str, form: str | bytes) -> None:
        data = form.encode("utf-8") if isinstance(form, str) else form
        if len(data) >= MIN_NEEDLE or data == raw:
            forms.setdefault(data, name)

    add("literal", raw)
    add("url", urllib.parse.quote(secret, safe=""))
    add("url", urllib.parse.quote(secret))
    add("url", urllib.parse.quote_plus(secret))
    add("json", json.dumps(secret)[1:-1])
    add("json", json.dumps(secret, ensure_ascii=False)[1:-1])
    add("html", html.escape(secret))
    add("html", html.escape(secret, quote=False))
    for skip in range(3):
        # The secret's bytes starting at a 3-byte boundary encode to the same characters whatever
        # precedes them; only whole groups are kept, as the last one depends on what follows.
        part = raw[skip:]
        part = part[: len(part) // 3 * 3]
        if part:
            add("base64", base64.b64encode(part))
            add("base64", base64.urlsafe_b64encode(part))
    return forms


def files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path


def scan(data: bytes, forms: dict[bytes, str]) -> dict[str, int]:
    """Occurrences per encoding name (a longer form is not counted again as its own literal)."""
    found: dict[str, int] = {}
    for needle in sorted(forms, key=len, reverse=True):
        count = data.count(needle)
        if count:
            found[forms[needle]] = found.get(forms[needle], 0) + count
            data = data.replace(needle, b"\0")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="secret_scan", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders to scan")
    parser.add_argument("--hits-only", action="store_true", help="print only files with a hit")
    args = parser.parse_args(argv)
    secret = next((os.environ[n] for n in SECRET_ENVS if os.environ.get(n)), "")
    if not secret:
        print(f"secret_scan: set one of {', '.join(SECRET_ENVS)}", file=sys.stderr)
        return 2
    forms = needles(secret)
    scanned = hits = 0
    for path in files(args.paths):
        found = scan(path.read_bytes(), forms)
        scanned += 1
        total = sum(found.values())
        hits += total
        if total or not args.hits_only:
            kinds = ", ".join(f"{name} {n}" for name, n in sorted(found.items()))
            print(f"{total:>4}  {path}" + (f"  ({kinds})" if kinds else ""))
    print(f"secret_scan: {hits} occurrence(s) of the secret in {scanned} file(s).")
    return 1 if hits else 0


if __name__ == "__main__":
    raise SystemExit(main())
