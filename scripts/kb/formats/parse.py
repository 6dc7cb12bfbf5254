"""The client's side of every format: the profiles a file offers, and the order they are offered in.

Each format module reads its own file back into `Offered` servers (a `model.Connection` and where
the file says it); this module holds what they share, so the consistency check can compare any file
with the settings it was generated from and the verifier can log in with what a file advertises.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kb.model import Connection, Profile, Protocol, Security, Settings, UsernameForm

PROTOCOLS: tuple[Protocol, ...] = ("imap", "pop3", "smtp")
SECURITIES: tuple[Security, ...] = ("ssl", "starttls")
USERNAMES: tuple[UsernameForm, ...] = ("email-address", "local-part")


@dataclass(frozen=True)
class Offered:
    """One server a generated file offers: how a client connects, and where the file says so."""

    origin: str
    connection: Connection


def describe(connection: Connection, *, username: bool = True) -> str:
    """`imap mail.example.com:993 ssl email-address`: the fields a client connects with."""
    c = connection
    text = f"{c.protocol} {c.host}:{c.port} {c.security}"
    return f"{text} {c.username}" if username else text


def preference_order(profiles: Iterable[Profile]) -> tuple[Profile, ...]:
    """Recommended profiles first, then the rest; each group keeps the settings order."""
    items = tuple(profiles)
    return tuple(p for p in items if p.recommended) + tuple(p for p in items if not p.recommended)


def advertised(settings: Settings) -> tuple[Profile, ...]:
    """Every profile in the order a file offers them: incoming by preference, then outgoing."""
    incoming = preference_order(p for p in settings.profiles if p.direction == "incoming")
    outgoing = preference_order(p for p in settings.profiles if p.direction == "outgoing")
    return incoming + outgoing


def preferred(settings: Settings, protocol: Protocol) -> Profile:
    """The profile a one-choice format offers for `protocol`: the recommended one if any."""
    for profile in preference_order(settings.profiles):
        if profile.protocol == protocol:
            return profile
    raise ValueError(f"settings: expected a {protocol} profile but received none")


def read_xml(data: bytes) -> tuple[ET.Element | None, list[str]]:
    """The root element, or the reason the bytes are not well-formed XML."""
    try:
        return ET.fromstring(data), []
    except ET.ParseError as exc:
        return None, [f"not well-formed XML: {exc}"]


def xml_bytes(root: ET.Element) -> bytes:
    """UTF-8 XML with a declaration, two-space indents and a trailing newline."""
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def port_number(text: str | None) -> int | None:
    """The port in `text`, or None if it is not a whole number from 1 to 65535."""
    if text is None or not text.strip().isdigit():
        return None
    port = int(text)
    return port if 1 <= port <= 65535 else None


def typed_keys(where: str, mapping: dict[str, Any], keys: dict[str, type]) -> list[str]:
    """A problem for each of `keys` missing from `mapping` or not exactly of its type."""
    problems = []
    for key, kind in keys.items():
        if key not in mapping:
            problems.append(f"{where}: missing required key {key!r}")
        # Exact type: bool is an int in Python, and `true` must not pass for a port number.
        elif type(mapping[key]) is not kind:
            value = mapping[key]
            problems.append(
                f"{where}: {key}: expected {kind.__name__} but received "
                f"{type(value).__name__} {value!r}"
            )
    return problems
