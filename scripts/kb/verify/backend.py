"""Where `kb verify` logs in: the test mailbox or the real provider, and as whom.

The test mailbox takes the TCP connection for each documented port while TLS is still verified
for the documented host name; a port it does not offer goes to a closed port, so the check fails
as `refused`. The real provider is reached by name and trusted through the system CA store.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.model import Connection
from kb.secret import Secret
from kb.verify.sessions import Credentials

if TYPE_CHECKING:  # the mailbox needs test-only packages; only its type is used here
    from kb.mailbox import Mailbox


@dataclass(frozen=True)
class Login:
    """The account to log in as; the password leaves only through `Secret.reveal()` in a session."""

    email: str
    password: Secret


@dataclass
class Backend:
    """Where the documented servers are reached and how their certificates are checked."""

    mode: str
    login: Login
    ssl_context: ssl.SSLContext
    route: Callable[[Connection], tuple[str, int]]
    fetch: tuple[Connection, tuple[str, int]] | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)
    # Why the servers themselves went away during the run (then nothing failing is a setting).
    stopped: Callable[[], str | None] = lambda: None

    def close(self) -> None:
        for close in self.closers:
            close()


def mailbox_backend(mailbox: Mailbox, login: Credentials | None = None) -> Backend:
    """The test mailbox: each documented port goes to its endpoint, others to a closed port."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, never listening: connections to it are refused
    nowhere = closed.getsockname()

    def route(connection: Connection) -> tuple[str, int]:
        try:
            return mailbox.endpoint(connection.port)
        except KeyError:
            return nowhere

    inbox = next(c for c in mailbox.offered if (c.protocol, c.security) == ("imap", "ssl"))
    account = login or mailbox.users[0]
    return Backend(
        mode="mailbox",
        login=Login(account.email, account.password),
        ssl_context=mailbox.ssl_context(),
        route=route,
        fetch=(inbox, mailbox.endpoint(inbox.port)),
        closers=[closed.close],
        stopped=lambda: None if mailbox.running else "the test mailbox stopped during the run",
    )


def live_backend(login: Login) -> Backend:
    """The real provider, trusted through the system's CA store."""
    return Backend(
        mode="live",
        login=login,
        ssl_context=ssl.create_default_context(),
        route=lambda c: (c.host, c.port),
    )
