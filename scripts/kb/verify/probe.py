"""Log in the way a mail client configured with a `Connection` would, and say why it failed.

`probe()` checks one connection (IMAP: login + SELECT INBOX, POP3: login + STAT, SMTP: EHLO,
STARTTLS when asked, AUTH). `send_and_fetch()` sends a message to the account itself and finds it
again over IMAP or POP3. TLS is always verified against the documented host name while the TCP
connection may go elsewhere (`connect_to`), so a test mailbox can stand in for the provider.

Every failure gets a stable `kind` (kb.verify.classify). Each socket operation has a timeout and
the whole check a deadline: the check runs in a worker thread whose sockets are shut down when
the deadline passes. The password is scrubbed from every detail (kb.verify.scrub).
"""

from __future__ import annotations

import imaplib
import poplib
import smtplib
import ssl
import threading
import time
import uuid
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate

from kb.model import Connection
from kb.verify.classify import KINDS, ProbeFailure, ProbeResult, classify, smtp_reply
from kb.verify.scrub import scrub
from kb.verify.sessions import (
    Channel,
    Credentials,
    imap_session,
    login_name,
    pop3_session,
    smtp_session,
)

__all__ = ["KINDS", "ProbeResult", "probe", "send_and_fetch"]


def probe(
    connection: Connection,
    account: Credentials,
    *,
    connect_to: tuple[str, int],
    ssl_context: ssl.SSLContext,
    timeout: float = 3.0,
    deadline_s: float = 8.0,
    source_address: str | None = None,
) -> ProbeResult:
    """Log in with `connection` as `account`.

    `security` is "ssl" (implicit TLS), "starttls", or "plain" (no TLS, to prove it is refused).
    """
    ch = Channel(connection, connect_to, ssl_context, timeout, source_address)
    checks = {"imap": _check_imap, "pop3": _check_pop3, "smtp": _check_smtp}
    return _run(lambda: checks[connection.protocol](ch, account), [ch], account, deadline_s)


def send_and_fetch(
    smtp_connection: Connection,
    fetch_connection: Connection,
    account: Credentials,
    *,
    smtp_connect_to: tuple[str, int],
    fetch_connect_to: tuple[str, int],
    ssl_context: ssl.SSLContext,
    timeout: float = 3.0,
    deadline_s: float = 15.0,
    source_address: str | None = None,
) -> ProbeResult:
    """Send a message to the account itself via SMTP, then find it (and delete it) over IMAP/POP3.

    `fetch_connection.protocol` chooses IMAP or POP3; the deadline covers sending and finding.
    """
    if smtp_connection.protocol != "smtp" or fetch_connection.protocol not in ("imap", "pop3"):
        raise ValueError(
            "expected an smtp connection and an imap or pop3 connection but received "
            f"{smtp_connection.protocol!r} and {fetch_connection.protocol!r}"
        )
    # The finder gives up a little before the deadline, to say what it was waiting for.
    give_up = time.monotonic() + deadline_s * 0.9
    smtp = Channel(smtp_connection, smtp_connect_to, ssl_context, timeout, source_address)
    fetch = Channel(fetch_connection, fetch_connect_to, ssl_context, timeout, source_address)
    finders = {"imap": _find_imap, "pop3": _find_pop3}

    def check() -> str:
        message_id = f"<kb-probe-{uuid.uuid4().hex}@{smtp_connection.host}>"
        _send(smtp, account, message_id)
        finders[fetch_connection.protocol](fetch, account, message_id, give_up)
        return f"Sent via {smtp.label} and found it over {fetch.label}."

    return _run(check, [smtp, fetch], account, deadline_s)


def _check_imap(ch: Channel, account: Credentials) -> str:
    client = imap_session(ch, account)
    quietly(client.logout)
    return f"Logged in over {ch.label} as {login_name(ch, account)} and opened INBOX."


def _check_pop3(ch: Channel, account: Credentials) -> str:
    client = pop3_session(ch, account)
    count, _size = client.stat()
    quietly(client.quit)
    return f"Logged in over {ch.label} as {login_name(ch, account)} ({count} messages)."


def _check_smtp(ch: Channel, account: Credentials) -> str:
    client = smtp_session(ch, account)
    quietly(client.quit)
    return f"Logged in over {ch.label} as {login_name(ch, account)}."


def _send(ch: Channel, account: Credentials, message_id: str) -> None:
    client = smtp_session(ch, account)
    msg = EmailMessage()
    msg["From"] = msg["To"] = account.email
    msg["Subject"] = "Help centre login check"
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id
    msg.set_content("Sent by the help centre's login check; it deletes this message again.\n")
    try:
        client.send_message(msg)
    except smtplib.SMTPResponseException as exc:
        detail = f"{ch.label} refused the message: {smtp_reply(exc)}"
        raise ProbeFailure("unavailable", detail) from None
    quietly(client.quit)


def _find_imap(ch: Channel, account: Credentials, message_id: str, until: float) -> None:
    client = imap_session(ch, account)
    while True:
        _typ, data = client.search(None, "HEADER", "Message-ID", f'"{message_id}"')
        if data and data[0]:
            for num in data[0].split():
                client.store(num.decode(), "+FLAGS", "(\\Deleted)")
            client.expunge()
            quietly(client.logout)
            return
        _not_yet(ch, until)
        client.noop()  # lets the server report mail that arrived since SELECT


def _find_pop3(ch: Channel, account: Credentials, message_id: str, until: float) -> None:
    needle = f"message-id: {message_id}".lower().encode()
    while True:
        # POP3 shows a snapshot taken at login, so each look needs a new session.
        client = pop3_session(ch, account)
        count, _size = client.stat()
        for num in range(count, 0, -1):
            _resp, lines, _octets = client.top(num, 0)
            if any(line.lower().startswith(needle) for line in lines):
                client.dele(num)
                quietly(client.quit)
                return
        quietly(client.quit)
        _not_yet(ch, until)


def _not_yet(ch: Channel, until: float) -> None:
    if time.monotonic() > until:
        raise ProbeFailure(
            "timeout", f"The message sent to yourself never showed up over {ch.label}."
        )
    time.sleep(0.05)


def _run(
    check: Callable[[], str], channels: list[Channel], account: Credentials, deadline_s: float
) -> ProbeResult:
    """Run `check` in a worker thread; past the deadline cut its sockets and report a timeout."""
    began = time.monotonic()
    box: dict[str, tuple[str, str]] = {}

    def work() -> None:
        try:
            box["result"] = ("ok", check())
        except BaseException as exc:  # every failure, whatever its type, becomes a result
            box["result"] = classify(exc, channels)
        finally:
            for ch in channels:
                ch.close()

    worker = threading.Thread(target=work, name="kb-probe", daemon=True)
    worker.start()
    worker.join(deadline_s)
    if worker.is_alive():
        for ch in channels:
            ch.cut()  # the abandoned worker fails fast and closes its sockets
        last = next((c for c in reversed(channels) if c.connected), channels[0])
        kind = "timeout"
        detail = f"No complete answer from {last.label} within the {deadline_s:g} s deadline."
    else:
        kind, detail = box.get("result", ("unavailable", "The check ended without a result."))
    detail = scrub(detail, account.email, account.password.reveal())
    return ProbeResult(kind == "ok", kind, detail, time.monotonic() - began)


def quietly(action: Callable[[], object]) -> None:
    """Say goodbye; a server that hangs up first has still answered what we asked."""
    try:
        action()
    except (OSError, imaplib.IMAP4.error, poplib.error_proto, smtplib.SMTPException):
        pass
