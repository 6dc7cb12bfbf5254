"""A file's bytes -> its text, refused when an editor could not see what it holds: too large,
not UTF-8, a byte order mark, tabs, control or invisible characters (typed or, in double-quoted
text, written as escapes); and the longest value allowed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kb.errors import Problem

# Limits that hold whatever the line layout; each is refused with its own positioned message.
MAX_BYTES = 256 * 1024  # ~90x the largest file in steps/ (2.8 KB); read no further than this
MAX_TEXT = 4000  # characters in one value, ~12x the longest in steps/ (334): more is a paste

# Characters an editor cannot see: zero-width, bidi controls, line/paragraph separators.
INVISIBLE = {
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space (BOM)",
    **{chr(c): "bidirectional control" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
_BAD = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(INVISIBLE)
_SUSPECT = re.compile(f"[\t{_BAD}]")
# The same characters written as escapes ("\u202e", "\e", "\t"); a "\r" too, as a
# carriage return moves a terminal's cursor. Only double-quoted text can hold an escape.
ESCAPED = re.compile(f"[\t\r{_BAD}]")


def read_limited(path: Path) -> tuple[bytes, int]:
    """The file's bytes, never more than one past the limit (a device or a growing file cannot
    fill the memory), and its size on disk."""
    with path.open("rb") as file:
        return file.read(MAX_BYTES + 1), os.fstat(file.fileno()).st_size


def decode(raw: bytes, size: int, display: str) -> tuple[str | None, list[Problem]]:
    def fail(msg: str, line: int = 1, col: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, col, "(file)", msg)]

    if len(raw) > MAX_BYTES:
        found = f"{size} bytes" if size > MAX_BYTES else f"more than {MAX_BYTES} bytes"
        return fail(f"the file is {found}; the limit is {MAX_BYTES}: split it")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail("the file is UTF-16; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("the file starts with a byte order mark (BOM); save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        start = raw.rfind(b"\n", 0, err.start) + 1
        col = len(raw[start : err.start].decode("utf-8", "replace")) + 1
        return fail(f"invalid UTF-8 byte 0x{raw[err.start]:02x}; save the file as UTF-8", line, col)
    if not text.strip():
        return fail("the file is empty")
    return text, []


def check_characters(text: str, display: str) -> list[Problem]:
    if not _SUSPECT.search(text):
        return []
    problems = []
    for n, line in enumerate(text.split("\n"), start=1):
        for col, char in enumerate(line, start=1):
            if char == "\t":
                msg = "tab character; indent and separate with spaces"
            elif _SUSPECT.match(char):
                msg = f"{describe(char)}; delete it"
            else:
                continue
            problems.append(Problem(display, n, col, "(text)", msg))
    return problems


def describe(char: str) -> str:
    """What a refused character is, by its code point (it is never printed itself)."""
    if char in INVISIBLE:
        return f"invisible character U+{ord(char):04X} ({INVISIBLE[char]})"
    if char == "\t":
        return "tab character U+0009"
    return f"control character U+{ord(char):04X}"
