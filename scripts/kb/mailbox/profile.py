"""Load `profile.yml`, the description of what the test mailbox offers, and check it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from kb.model import Connection, Protocol, Security

DEFAULT_PATH = Path(__file__).with_name("profile.yml")
PROTOCOLS = ("imap", "pop3", "smtp")
SECURITIES = ("ssl", "starttls")
_EMAIL = re.compile(r"^[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]{2,}$")


class ProfileError(ValueError):
    """The mailbox profile file is not what the mailbox can serve."""


class Listener(NamedTuple):
    """One port Dovecot listens on: the protocol spoken there and how TLS starts.

    Server-side configuration (it keys the ports in Dovecot's config); what a client is given to
    connect is `MailboxProfile.offered`, the `kb.model.Connection`s of these listeners.
    """

    protocol: Protocol
    port: int
    security: Security


@dataclass(frozen=True)
class MailboxProfile:
    """What the stand-in offers: host name, listeners and the users' addresses."""

    host: str
    listeners: tuple[Listener, ...]
    users: tuple[str, ...]
    plaintext_login: str = "refused"

    @property
    def offered(self) -> tuple[Connection, ...]:
        """How a client connects to each listener: the documented host, the full address."""
        return tuple(
            Connection(lst.protocol, self.host, lst.port, lst.security, "email-address")
            for lst in self.listeners
        )


def load_profile(path: str | Path | None = None) -> MailboxProfile:
    """Read and check a mailbox profile; raise ProfileError naming the file and the setting."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path}: cannot read the mailbox profile: {exc}") from None
    try:
        return _build(raw)
    except ProfileError as exc:
        raise ProfileError(f"{path}: {exc}") from None


def _build(raw: Any) -> MailboxProfile:
    if not isinstance(raw, dict):
        raise ProfileError("expected a mapping at the top level")
    host = _expect(raw, "host", str)
    if raw.get("plaintext_login", "refused") != "refused":
        raise ProfileError("plaintext_login: only 'refused' is supported, as the provider does")
    listeners = tuple(_listener(i, item) for i, item in enumerate(_expect(raw, "listeners", list)))
    seen: set[tuple[str, str]] = set()
    ports: set[int] = set()
    for lst in listeners:
        if lst.port in ports:
            raise ProfileError(f"listeners: port {lst.port} is listed twice")
        if (lst.protocol, lst.security) in seen:
            # Dovecot has one listener of each kind per protocol.
            raise ProfileError(f"listeners: {lst.protocol} with {lst.security} is listed twice")
        ports.add(lst.port)
        seen.add((lst.protocol, lst.security))
    if ("imap", "ssl") not in seen:
        raise ProfileError("listeners: an IMAP listener with ssl is needed to check readiness")
    users = tuple(_expect(raw, "users", list))
    for user in users:
        if not isinstance(user, str) or not _EMAIL.match(user):
            raise ProfileError(f"users: expected a lower-case email address but received {user!r}")
    if len(set(users)) != len(users) or not users:
        raise ProfileError("users: expected at least one address, each listed once")
    return MailboxProfile(host=host, listeners=listeners, users=users)


def _listener(index: int, item: Any) -> Listener:
    where = f"listeners[{index}]"
    if not isinstance(item, dict) or set(item) != {"protocol", "port", "security"}:
        raise ProfileError(f"{where}: expected exactly protocol, port and security")
    protocol, port, security = item["protocol"], item["port"], item["security"]
    if protocol not in PROTOCOLS:
        raise ProfileError(
            f"{where}.protocol: expected one of {PROTOCOLS} but received {protocol!r}"
        )
    if security not in SECURITIES:
        raise ProfileError(
            f"{where}.security: expected one of {SECURITIES} but received {security!r}"
        )
    if type(port) is not int or not 0 < port < 65536:
        raise ProfileError(f"{where}.port: expected a port number but received {port!r}")
    return Listener(protocol=protocol, port=port, security=security)


def _expect(raw: dict[str, Any], key: str, kind: type) -> Any:
    value = raw.get(key)
    if not isinstance(value, kind):
        raise ProfileError(f"{key}: expected a {kind.__name__} but received {value!r}")
    return value
