"""Login checks against the test mailbox: right settings log in, wrong ones fail recognisably."""

from __future__ import annotations

import pickle
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from fixtures_mailbox import HOST, leaked_forms
from kb.mailbox import Account, Mailbox, load_profile
from kb.model import Connection, Profile
from kb.secret import Secret
from kb.verify.probe import KINDS, ProbeResult, probe, send_and_fetch

pytestmark = pytest.mark.mailbox
OFFERED = load_profile().offered


def offered(port: int, **changes: Any) -> Connection:
    """The published settings for a documented port, optionally with some changed."""
    return replace(next(c for c in OFFERED if c.port == port), **changes)


def check(mailbox: Mailbox, conn: Connection, account: Account, **kwargs: Any) -> ProbeResult:
    """Probe `conn` against the mailbox endpoint of its documented port."""
    kwargs.setdefault("ssl_context", mailbox.ssl_context())
    result = probe(conn, account, connect_to=mailbox.endpoint(conn.port), **kwargs)
    assert result.kind in (*KINDS, "ok")
    return result


@pytest.mark.parametrize("conn", OFFERED, ids=lambda c: f"{c.protocol}-{c.port}-{c.security}")
def test_every_offered_listener_logs_in(
    mailbox: Mailbox, account: Account, conn: Connection
) -> None:
    result = check(mailbox, conn, account)
    assert (result.ok, result.kind) == (True, "ok"), result.detail


def test_a_model_profile_logs_in(mailbox: Mailbox, account: Account) -> None:
    profile = Profile(
        key="imap-ssl",
        label="IMAP",
        connection=Connection("imap", "mail.infomaniak.com", 993, "ssl", "email-address"),
        recommended=True,
        why="",
    )
    result = probe(
        profile.connection,
        account,
        connect_to=mailbox.endpoint(993),
        ssl_context=mailbox.ssl_context(),
    )
    assert result.ok, result.detail


@pytest.mark.parametrize("smtp_port", [587, 465])
@pytest.mark.parametrize("fetch_port", [993, 143, 995, 110])
def test_message_sent_arrives(
    mailbox: Mailbox, account: Account, smtp_port: int, fetch_port: int
) -> None:
    smtp = offered(smtp_port)
    fetch = offered(fetch_port)
    before = mailbox.delivered
    result = send_and_fetch(
        smtp,
        fetch,
        account,
        smtp_connect_to=mailbox.endpoint(smtp_port),
        fetch_connect_to=mailbox.endpoint(fetch_port),
        ssl_context=mailbox.ssl_context(),
    )
    assert result.ok, result.detail
    assert mailbox.delivered == before + 1


@pytest.mark.parametrize("port", [993, 995, 587])
def test_wrong_password(mailbox: Mailbox, account: Account, port: int) -> None:
    wrong = Account(account.email, Secret("wrong-" + account.password.reveal()))
    conn = offered(port)
    result = check(mailbox, conn, wrong)
    assert result.kind == "wrong-credentials", result.detail
    assert "full address" in result.detail


def test_local_part_user_name_is_refused(mailbox: Mailbox, account: Account) -> None:
    result = check(mailbox, Connection("imap", HOST, 993, "ssl", username="local-part"), account)
    assert result.kind == "wrong-credentials", result.detail
    assert f"'{account.local_part}'" in result.detail


@pytest.mark.parametrize(
    "conn",
    [
        Connection("imap", HOST, 143, "plain"),
        Connection("pop3", HOST, 110, "plain"),
        Connection("smtp", HOST, 587, "plain"),
    ],
    ids=lambda c: f"{c.protocol}-{c.port}",
)
def test_plaintext_login_is_refused(mailbox: Mailbox, account: Account, conn: Connection) -> None:
    # From 127.0.0.2: Dovecot counts 127.0.0.1 -> 127.0.0.1 as secure and would allow it.
    result = check(mailbox, conn, account, source_address="127.0.0.2")
    assert result.kind == "plaintext-refused", result.detail


@pytest.mark.parametrize("port", [993, 587])
def test_certificate_from_another_ca(mailbox: Mailbox, account: Account, port: int) -> None:
    conn = offered(port)
    result = check(mailbox, conn, account, ssl_context=mailbox.other_ca_context())
    assert result.kind == "certificate", result.detail


@pytest.mark.parametrize("port", [993, 143])
def test_wrong_host_name(mailbox: Mailbox, account: Account, port: int) -> None:
    conn = offered(port, host="mail.infomaniak.co")
    result = check(mailbox, conn, account)
    assert result.kind == "certificate", result.detail
    assert "mail.infomaniak.co:" in result.detail


@pytest.mark.parametrize(
    "conn",
    [
        Connection("imap", HOST, 143, "ssl"),
        Connection("pop3", HOST, 110, "ssl"),
        Connection("smtp", HOST, 587, "ssl"),
        Connection("imap", HOST, 993, "starttls"),
        Connection("pop3", HOST, 995, "starttls"),
        Connection("smtp", HOST, 465, "starttls"),
    ],
    ids=lambda c: f"{c.security}-to-{c.port}",
)
def test_wrong_tls_mode(mailbox: Mailbox, account: Account, conn: Connection) -> None:
    # timeout=1: a STARTTLS client waits that long for a greeting an implicit-TLS port never sends.
    result = check(mailbox, conn, account, timeout=1.0)
    assert result.kind == "tls-mode", result.detail
    assert ("choose SSL/TLS" if conn.security == "starttls" else "choose STARTTLS") in result.detail


@pytest.mark.parametrize(
    ("conn", "heard"),
    [
        (Connection("imap", HOST, 995, "ssl"), "POP3"),
        (Connection("pop3", HOST, 993, "ssl"), "IMAP"),
        (Connection("smtp", HOST, 143, "starttls"), "IMAP"),
        (Connection("imap", HOST, 587, "starttls"), "SMTP"),
    ],
    ids=["imap-at-995", "pop3-at-993", "smtp-at-143", "imap-at-587"],
)
def test_other_protocol_on_the_port(
    mailbox: Mailbox, account: Account, conn: Connection, heard: str
) -> None:
    result = check(mailbox, conn, account)
    assert result.kind == "protocol", result.detail
    assert f"like a{'n' if heard != 'POP3' else ''} {heard} server" in result.detail


def test_closed_port_is_refused(mailbox: Mailbox, account: Account) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()
    result = probe(
        Connection("imap", HOST, 993, "ssl"),
        account,
        connect_to=closed,
        ssl_context=mailbox.ssl_context(),
    )
    assert result.kind == "refused", result.detail


@pytest.fixture
def fake_server() -> Iterator[Callable[[Callable[[socket.socket], None]], tuple[str, int]]]:
    """Serve one connection on loopback with the given handler; join it at the end."""
    threads: list[threading.Thread] = []
    listeners: list[socket.socket] = []

    def serve(handler: Callable[[socket.socket], None]) -> tuple[str, int]:
        listener = socket.create_server(("127.0.0.1", 0))
        listeners.append(listener)

        def run() -> None:
            conn, _ = listener.accept()
            with conn:
                try:
                    handler(conn)
                except OSError:
                    pass

        threads.append(threading.Thread(target=run, daemon=True))
        threads[-1].start()
        return listener.getsockname()

    yield serve
    for thread in threads:
        thread.join(10)
    for listener in listeners:
        listener.close()


def test_deadline_beats_a_dripping_server(account: Account, fake_server, mailbox: Mailbox) -> None:
    def drip(conn: socket.socket) -> None:
        # One byte at a time, never a full line: each read succeeds, so only a deadline ends it.
        for byte in b"* OK slowly" * 10:
            conn.sendall(bytes([byte]))
            time.sleep(0.2)

    address = fake_server(drip)
    result = probe(
        Connection("imap", HOST, 143, "starttls"),
        account,
        connect_to=address,
        ssl_context=mailbox.ssl_context(),
        timeout=1.0,
        deadline_s=1.5,
    )
    assert result.kind == "timeout", result.detail
    assert "1.5 s deadline" in result.detail


def test_smtp_reply_echoing_credentials_is_scrubbed(
    account: Account, fake_server, mailbox: Mailbox
) -> None:
    def echo_auth(conn: socket.socket) -> None:
        file = conn.makefile("rb")
        conn.sendall(b"220 fake ESMTP\r\n")
        file.readline()
        conn.sendall(b"250-fake\r\n250 AUTH PLAIN\r\n")
        words = file.readline().split()
        conn.sendall(b"535 " + words[-1] + b" rejected\r\n")  # echoes the base64 credentials
        file.readline()
        conn.sendall(b"221 bye\r\n")

    address = fake_server(echo_auth)
    result = probe(
        Connection("smtp", HOST, 587, "plain"),
        account,
        connect_to=address,
        ssl_context=mailbox.ssl_context(),
    )
    assert result.kind == "wrong-credentials"
    assert not leaked_forms(result.detail, account.password, account.email)


def test_no_secret_in_results_or_accounts(mailbox: Mailbox, account: Account) -> None:
    results = [
        check(mailbox, Connection("smtp", HOST, 465, "ssl"), account),
        check(
            mailbox, Connection("smtp", HOST, 587, "starttls"), Account(account.email, Secret("x"))
        ),
        check(mailbox, Connection("imap", "mail.infomaniak.co", 993, "ssl"), account),
        check(mailbox, Connection("pop3", HOST, 110, "plain"), account, source_address="127.0.0.2"),
    ]
    texts = [repr(results), str(results), repr(account), str(mailbox.users), mailbox.log_tail(200)]
    for text in texts:
        assert not leaked_forms(text, account.password, account.email)
    with pytest.raises(TypeError) as excinfo:
        pickle.dumps(account)
    assert not leaked_forms(repr(excinfo.value), account.password, account.email)
