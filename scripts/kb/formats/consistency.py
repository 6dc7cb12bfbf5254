"""Proof that every generated file, read back as a client reads it, offers exactly the settings."""

from __future__ import annotations

from itertools import zip_longest

from kb.formats import OUTPUTS, Format
from kb.formats.parse import Offered, describe
from kb.model import Connection, Profile, Settings

FIELDS = ("protocol", "host", "port", "security")


def check_consistency(settings: Settings, rendered: dict[str, bytes]) -> list[str]:
    """Every mismatch between `settings` and the files in `rendered`, as `file: what`.

    Files that list all profiles must offer them all, in preference order; the mobileconfig must
    offer the preferred IMAP and SMTP profiles. Order matters because clients take the first.
    """
    problems = []
    for file, fmt in OUTPUTS.items():
        data = rendered.get(file)
        if data is None:
            problems.append(f"{file}: missing from the rendered files")
            continue
        found = fmt.validate(data)
        if found:
            problems += [f"{file}: {message}" for message in found]
            continue
        problems += [f"{file}: {m}" for m in _compare(fmt, fmt.expected(settings), fmt.parse(data))]
    return problems


def _compare(fmt: Format, expected: tuple[Profile, ...], parsed: list[Offered]) -> list[str]:
    fields = FIELDS + ("username",) if fmt.carries_username else FIELDS
    problems = []
    for want, got in zip_longest(expected, parsed):
        if got is None:
            problems.append(f"profile {want.key!r} ({_text(want.connection, fmt)}) is not offered")
        elif want is None:
            problems.append(
                f"{got.origin} offers {_text(got.connection, fmt)}, which is not in the settings"
            )
        elif any(getattr(want.connection, f) != getattr(got.connection, f) for f in fields):
            problems.append(
                f"profile {want.key!r} is {_text(want.connection, fmt)} in the settings but "
                f"{got.origin} offers {_text(got.connection, fmt)}"
            )
    return problems


def _text(connection: Connection, fmt: Format) -> str:
    return describe(connection, username=fmt.carries_username)
