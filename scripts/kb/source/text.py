"""A file's bytes -> its text, refused when an editor could not see what it holds: too large,
not UTF-8, a byte order mark, tabs, control or invisible characters."""

from __future__ import annotations

import re

from kb.errors import Problem

MAX_BYTES = 256 * 1024

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
_SUSPECT = re.compile("[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(INVISIBLE) + "]")


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    def fail(msg: str, line: int = 1, col: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, col, "(file)", msg)]

    if len(raw) > MAX_BYTES:
        return fail(f"the file is {len(raw)} bytes; the limit is {MAX_BYTES}: split it")
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
            elif char in INVISIBLE:
                msg = f"invisible character U+{ord(char):04X} ({INVISIBLE[char]}); delete it"
            elif (ord(char) < 32 and char != "\r") or 0x7F <= ord(char) < 0xA0:
                msg = f"control character U+{ord(char):04X}; delete it"
            else:
                continue
            problems.append(Problem(display, n, col, "(text)", msg))
    return problems
