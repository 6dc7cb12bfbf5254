"""Settings references inside editor text, such as `{imap.port}`, and how each field reads."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from kb.model import Profile

REF = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z_]+)\}")

SECURITY = {"ssl": "SSL/TLS", "starttls": "STARTTLS"}
USERNAME = {"email-address": "your full email address", "local-part": "the part before the @"}
AUTHENTICATION = {"password-cleartext": "Normal password"}
PROTOCOL = {"imap": "IMAP", "pop3": "POP3", "smtp": "SMTP"}

FIELDS = ("host", "port", "security", "username", "authentication", "protocol", "label")


def show(profile: Profile, field: str, words: Mapping[str, str] | None = None) -> str:
    """The value of one profile field as a reader sees it on the page; `words` (a language's,
    keyed `value/<field>/<value>`) give the username and authentication in that language."""
    value = getattr(profile, field)
    if words and f"value/{field}/{value}" in words:
        return words[f"value/{field}/{value}"]
    table = {
        "security": SECURITY,
        "username": USERNAME,
        "authentication": AUTHENTICATION,
        "protocol": PROTOCOL,
    }.get(field)
    return table[value] if table else str(value)


def references(text: str) -> Iterator[re.Match[str]]:
    return REF.finditer(text)


def filled(
    text: str, profiles: Mapping[str, Profile], words: Mapping[str, str] | None = None
) -> str:
    """`text` with each reference replaced by the value it names, as plain text; one to a
    profile not in `profiles` stays as written (`kb check` reports it)."""

    def value(m: re.Match[str]) -> str:
        profile = profiles.get(m.group(1))
        return show(profile, m.group(2), words) if profile else m.group()

    return REF.sub(value, text)
