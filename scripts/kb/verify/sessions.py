"""Open a connection the way a mail client configured with a `Connection` would, and log in.

A `Channel` opens the TCP connection (possibly to a stand-in address, `connect_to`) while TLS is
always verified for the documented host name, remembers every socket so a deadline can cut them,
and checks the first line is the greeting of the expected protocol. The sessions log in over
IMAP, POP3 or SMTP with the standard library clients; the password is revealed only inside the
library call and cleared from the client objects afterwards.
"""

from __future__ import annotations

import imaplib
import poplib
import smtplib
import socket
import ssl
from collections.abc import Callable
from typing import BinaryIO, Protocol

from kb.model import Connection
from kb.secret import Secret
from kb.verify.classify import (
    GREETINGS,
    ProbeFailure,
    auth_failure,
    no_starttls,
    other_protocol,
    plaintext_refused,
    smtp_reply,
)

SPOKEN = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "plain": "no encryption"}


class Credentials(Protocol):
    """Who logs in: the verifier's `Login` and the test mailbox's `Account` both fit."""

    @property
    def email(self) -> str: ...

    @property
    def password(self) -> Secret: ...


class Channel:
    """How to open one connection for a profile, remembering sockets so a deadline can cut them."""

    def __init__(
        self,
        connection: Connection,
        connect_to: tuple[str, int],
        context: ssl.SSLContext,
        timeout: float,
        source: str | None,
    ) -> None:
        if connection.protocol not in GREETINGS or connection.security not in SPOKEN:
            raise ValueError(
                f"expected protocol imap|pop3|smtp and security ssl|starttls|plain but received "
                f"{connection.protocol!r} and {connection.security!r}"
            )
        self.connection, self.connect_to, self.context = connection, connect_to, context
        self.timeout, self.source = timeout, source
        self.sockets: list[socket.socket] = []
        # The library clients: their .sock changes on STARTTLS.
        self.clients: list[imaplib.IMAP4 | poplib.POP3 | smtplib.SMTP] = []
        self.first_line: bytes | None = None
        self.connected = False
        c = connection
        self.label = f"{c.protocol.upper()} port {c.port} ({SPOKEN[c.security]})"

    def open(self) -> socket.socket:
        self.first_line, self.connected = None, False
        source = (self.source, 0) if self.source else None
        raw = socket.create_connection(self.connect_to, self.timeout, source_address=source)
        self.sockets.append(raw)
        self.connected = True
        if self.connection.security == "ssl":
            host = self.connection.host
            self.sockets.append(self.context.wrap_socket(raw, server_hostname=host))
        return self.sockets[-1]

    def saw(self, line: bytes) -> None:
        if self.first_line is None:
            self.first_line = line
            if not GREETINGS[self.connection.protocol].match(line):
                raise other_protocol(self, line)

    def close(self) -> None:
        """Close every socket of this check (a failed check leaves them open mid-conversation)."""
        self.cut()  # a socket with an open makefile() reader would otherwise stay open
        for client in self.clients:
            for part in (getattr(client, "file", None), getattr(client, "sock", None)):
                if part is not None:
                    part.close()
        for sock in self.sockets:
            sock.close()

    def cut(self) -> None:
        """Shut the sockets down so a worker blocked on them returns at once."""
        opened = (getattr(client, "sock", None) for client in self.clients)
        for sock in self.sockets + [s for s in opened if s is not None]:
            if sock.fileno() == -1:
                continue  # closed, or detached into a TLS socket that is also in the list
            try:
                # The plain socket method: SSLSocket.shutdown would also drop the TLS state
                # under the worker's feet.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass


class _IMAP(imaplib.IMAP4):
    def __init__(self, ch: Channel) -> None:
        self._ch = ch
        ch.clients.append(self)
        super().__init__(ch.connection.host, ch.connection.port, timeout=ch.timeout)

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        return self._ch.open()

    def readline(self) -> bytes:
        line = super().readline()
        self._ch.saw(line)
        return line


class _POP3(poplib.POP3):
    def __init__(self, ch: Channel) -> None:
        self._ch = ch
        ch.clients.append(self)
        super().__init__(ch.connection.host, ch.connection.port, timeout=ch.timeout)

    def _create_socket(self, timeout: float) -> socket.socket:
        return self._ch.open()

    def _getline(self) -> tuple[bytes, int]:
        line, octets = super()._getline()
        self._ch.saw(line)
        return line, octets


class _SMTP(smtplib.SMTP):
    def __init__(self, ch: Channel) -> None:
        self._ch = ch
        ch.clients.append(self)
        # A fixed EHLO name: the default looks up this machine's FQDN, which can stall on DNS.
        c = ch.connection
        super().__init__(c.host, c.port, local_hostname="localhost", timeout=ch.timeout)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        return self._ch.open()

    def getreply(self) -> tuple[int, bytes]:
        if self.file is None and self.sock is not None:
            self.file = _FirstLine(self.sock.makefile("rb"), self._ch)
        return super().getreply()


class _FirstLine:
    """A reader that shows the first line it reads to the channel (smtplib has no hook)."""

    def __init__(self, file: BinaryIO, ch: Channel) -> None:
        self._file, self._ch = file, ch

    def readline(self, limit: int = -1) -> bytes:
        line = self._file.readline(limit)
        self._ch.saw(line)
        return line

    def close(self) -> None:
        self._file.close()


def login_name(ch: Channel, account: Credentials) -> str:
    """The user name the client types: the full address, or its local part."""
    local = ch.connection.username == "local-part"
    return account.email.split("@", 1)[0] if local else account.email


def imap_session(ch: Channel, account: Credentials) -> _IMAP:
    """Logged in over IMAP with INBOX selected."""
    client = _IMAP(ch)
    if ch.connection.security == "starttls":
        _starttls(lambda: client.starttls(ssl_context=ch.context), ch)
    if "LOGINDISABLED" in client.capabilities:
        raise plaintext_refused(ch)
    try:
        client.login(login_name(ch, account), account.password.reveal())
    except imaplib.IMAP4.error as exc:
        raise auth_failure(ch, login_name(ch, account), str(exc)) from None
    finally:
        getattr(client, "_cmd_log", {}).clear()  # imaplib keeps its last commands, LOGIN too
    typ, _ = client.select("INBOX")
    if typ != "OK":
        raise ProbeFailure("unavailable", f"Logged in over {ch.label} but INBOX did not open.")
    return client


def pop3_session(ch: Channel, account: Credentials) -> _POP3:
    """Logged in over POP3 (USER, PASS)."""
    client = _POP3(ch)
    if ch.connection.security == "starttls":
        _starttls(lambda: client.stls(context=ch.context), ch)
    try:
        client.user(login_name(ch, account))
    except poplib.error_proto as exc:
        if ch.connection.security == "plain":
            raise plaintext_refused(ch) from None
        raise auth_failure(ch, login_name(ch, account), str(exc)) from None
    try:
        client.pass_(account.password.reveal())
    except poplib.error_proto as exc:
        raise auth_failure(ch, login_name(ch, account), str(exc)) from None
    return client


def smtp_session(ch: Channel, account: Credentials) -> _SMTP:
    """Logged in over SMTP submission (EHLO, STARTTLS when asked, one AUTH)."""
    client = _SMTP(ch)
    client.ehlo()
    if ch.connection.security == "starttls":
        _starttls(lambda: client.starttls(context=ch.context), ch)
        client.ehlo()
    if not client.has_extn("auth"):
        if ch.connection.security == "plain":
            raise plaintext_refused(ch)
        raise ProbeFailure("unavailable", f"The server on {ch.label} offers no SMTP login.")
    client.user, client.password = login_name(ch, account), account.password.reveal()
    try:
        # One AUTH PLAIN like most clients; smtplib.login() would retry with LOGIN on failure.
        if "PLAIN" in client.esmtp_features["auth"].upper().split():
            client.auth("PLAIN", client.auth_plain)
        else:
            client.login(client.user, client.password)
    except smtplib.SMTPResponseException as exc:
        raise auth_failure(ch, login_name(ch, account), smtp_reply(exc)) from None
    finally:
        client.user = client.password = ""  # smtplib keeps them on the object
    return client


def _starttls(upgrade: Callable[[], object], ch: Channel) -> None:
    try:
        upgrade()
    except (imaplib.IMAP4.error, poplib.error_proto, smtplib.SMTPNotSupportedError):
        raise no_starttls(ch) from None
