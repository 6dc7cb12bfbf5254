"""Settings as a reader sees them on a page -> the connection profile a mail app would be given.

The reader's vocabulary ("SSL/TLS", "your full email address") is mapped back to the probe's
(`ssl`, `email-address`) here, independently of the generator: if a page shows a word this table
does not know, the reader could not configure a mail app from it either, and the test says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.model import Connection

ROWS = ("Protocol", "Server", "Port", "Security", "Username", "Authentication")
PROTOCOL = {"IMAP": "imap", "POP3": "pop3", "SMTP": "smtp"}
SECURITY = {"SSL/TLS": "ssl", "STARTTLS": "starttls"}
USERNAME = {"your full email address": "email-address", "the part before the @": "local-part"}
# What the probe does: AUTH PLAIN/LOGIN or IMAP/POP3 LOGIN with the password as typed.
AUTHENTICATION = {"Normal password", "Password"}  # Thunderbird's word, Apple's word


@dataclass(frozen=True)
class ShownColumn:
    """One column of a settings table as shown: its header and the text of each setting row."""

    where: str  # "tab 'iOS'" or the heading of the table
    column: str
    values: dict[str, str]

    def __str__(self) -> str:
        return f"{self.where}, column {self.column!r}"


class Unreadable(ValueError):
    """A shown setting a reader could not type into a mail app; names the setting."""


def _lookup(shown: ShownColumn, row: str, table: dict[str, str] | set[str]) -> str:
    if row not in shown.values:
        raise Unreadable(f"no {row!r} row (expected rows {', '.join(ROWS)})")
    text = shown.values[row]
    if text not in table:
        raise Unreadable(f"{row} {text!r} is not one of {sorted(table)}")
    return table[text] if isinstance(table, dict) else text


def connection(shown: ShownColumn) -> Connection:
    """The profile a reader would type in; raises Unreadable naming the setting it cannot use."""
    protocol = _lookup(shown, "Protocol", PROTOCOL)
    security = _lookup(shown, "Security", SECURITY)
    username = _lookup(shown, "Username", USERNAME)
    _lookup(shown, "Authentication", AUTHENTICATION)
    host = shown.values.get("Server", "")
    if not host or any(c.isspace() for c in host):
        raise Unreadable(f"Server {host!r} is not a host name")
    port = shown.values.get("Port", "")
    if not port.isdigit():
        raise Unreadable(f"Port {port!r} is not a number")
    return Connection(protocol, host, int(port), security, username)


# The setting a failed login most likely points at, by the probe's failure kind.
SUSPECT = {
    "wrong-credentials": "Username",
    "certificate": "Server",
    "tls-mode": "Security",
    "plaintext-refused": "Security",
    "protocol": "Port",
    "refused": "Port",
    "timeout": "Port",
    "unavailable": "Server",
}
