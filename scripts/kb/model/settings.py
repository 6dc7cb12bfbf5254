"""The settings file's part of the model: the provider and its connection profiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kb.model import Pos

Protocol = Literal["imap", "pop3", "smtp"]
# "plain" (no TLS at all) is never documented (the schema refuses it); the verifier uses it to
# prove that a server refuses to log in before encryption.
Security = Literal["ssl", "starttls", "plain"]
UsernameForm = Literal["email-address", "local-part"]
Direction = Literal["incoming", "outgoing"]


@dataclass(frozen=True, order=True)
class Connection:
    """How a mail client connects: the one connection-profile type of the settings file, the
    generated files read back, the verifier and the tests.
    """

    protocol: Protocol
    host: str
    port: int
    security: Security
    username: UsernameForm = "email-address"
    # Every generated file and the provider offer a password login; the files do not all say so.
    authentication: str = "password-cleartext"

    @property
    def direction(self) -> Direction:
        return "outgoing" if self.protocol == "smtp" else "incoming"


@dataclass(frozen=True)
class Profile:
    """One profile of the settings file: a connection plus what the editor says about it."""

    key: str
    label: str
    connection: Connection
    recommended: bool
    why: str
    pos: dict[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    # Read-only views of the connection, so `{imap.port}` and the renderers read a profile's fields.
    @property
    def protocol(self) -> Protocol:
        return self.connection.protocol

    @property
    def host(self) -> str:
        return self.connection.host

    @property
    def port(self) -> int:
        return self.connection.port

    @property
    def security(self) -> Security:
        return self.connection.security

    @property
    def username(self) -> UsernameForm:
        return self.connection.username

    @property
    def authentication(self) -> str:
        return self.connection.authentication

    @property
    def direction(self) -> Direction:
        return self.connection.direction


@dataclass(frozen=True)
class Passwords:
    """The provider's password model (`provider.passwords` of settings.yml), which the
    password-model check holds the content to; phrases are English, matched as whole words."""

    model: str
    since: str
    create: str  # the provider's page where readers create a device password
    sources: tuple[str, ...]
    device_words: tuple[str, ...]
    asking: tuple[str, ...]
    outdated: tuple[str, ...]
    asked_by: tuple[str, ...]


@dataclass(frozen=True)
class Provider:
    name: str
    short_name: str
    domains: tuple[str, ...]
    password_help: str
    passwords: Passwords | None = None


@dataclass(frozen=True)
class Settings:
    path: str
    provider: Provider
    profiles: tuple[Profile, ...]

    def profile(self, key: str) -> Profile:
        return next(p for p in self.profiles if p.key == key)
