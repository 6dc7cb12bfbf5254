"""Log in the way a mail client configured from a connection profile would, and say why it failed.

`probe()` checks one profile (IMAP: login + SELECT INBOX, POP3: login + STAT, SMTP: EHLO, STARTTLS
when asked, AUTH). `send_and_fetch()` sends a message to the account itself and finds it again over
IMAP or POP3. TLS is always verified against the documented host name while the TCP connection may
go elsewhere (`connect_to`), so a test mailbox can stand in for the provider.

Every failure gets a stable `kind` and a detail an editor can act on. Each socket operation has a
timeout and the whole check a deadline: the check runs in a worker thread whose sockets are shut
down when the deadline passes. Passwords are revealed only inside the library call and scrubbed
(with their base64, URL, JSON and HTML forms) from every detail.
"""

from __future__ import annotations

import base64
import html
import imaplib
import json
import poplib
import re
import smtplib
import socket
import ssl
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

KINDS = (
    "wrong-credentials",  # the server refused the user name or password
    "certificate",  # certificate not trusted or not issued for the documented host name
    "tls-mode",  # SSL/TLS chosen where the port wants STARTTLS, or the other way round
    "protocol",  # the port speaks another mail protocol
    "refused",  # nothing listens on the port
    "timeout",  # no answer within the timeout or the deadline
    "unavailable",  # any other network or server trouble
    "plaintext-refused",  # the server refuses to log in before TLS
    "dns",  # the host name could not be looked up (no answer, or no such name)
)
_SPOKEN = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "plain": "no encryption"}
_TLS_MODE_REASONS = ("WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "HTTP_REQUEST", "RECORD_LAYER")
_ARTICLE = {"imap": "an IMAP server", "pop3": "a POP3 server", "smtp": "an SMTP server"}
_GREETINGS = {
    "imap": re.compile(rb"^\* (OK|PREAUTH|BYE)\b"),
    "pop3": re.compile(rb"^[+-](OK|ERR)\b"),
    "smtp": re.compile(rb"^\d{3}[ -]"),
}


@dataclass(frozen=True)
class ProbeResult:
    """The outcome of one check: `kind` is "ok" or one of KINDS; `detail` never holds a secret."""

    ok: bool
    kind: str
    detail: str
    seconds: float


class ProbeFailure(Exception):
    """A classified failure raised inside a check."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def probe(
    profile: Any,
    account: Any,
    *,
    connect_to: tuple[str, int],
    ssl_context: ssl.SSLContext,
    timeout: float = 3.0,
    deadline_s: float = 8.0,
    source_address: str | None = None,
) -> ProbeResult:
    """Log in with `profile` (protocol, host, port, security, username) as `account`.

    `security` is "ssl" (implicit TLS), "starttls", or "plain" (no TLS, to prove it is refused).
    """
    conn = _Conn(profile, connect_to, ssl_context, timeout, source_address)
    checks = {"imap": _check_imap, "pop3": _check_pop3, "smtp": _check_smtp}
    return _run(lambda: checks[profile.protocol](conn, account), [conn], account, deadline_s)


def send_and_fetch(
    smtp_profile: Any,
    fetch_profile: Any,
    account: Any,
    *,
    smtp_connect_to: tuple[str, int],
    fetch_connect_to: tuple[str, int],
    ssl_context: ssl.SSLContext,
    timeout: float = 3.0,
    deadline_s: float = 15.0,
    source_address: str | None = None,
) -> ProbeResult:
    """Send a message to the account itself via SMTP, then find it (and delete it) over IMAP/POP3.

    `fetch_profile.protocol` chooses IMAP or POP3; the deadline covers sending and finding.
    """
    if smtp_profile.protocol != "smtp" or fetch_profile.protocol not in ("imap", "pop3"):
        raise ValueError(
            "expected an smtp profile and an imap or pop3 profile but received "
            f"{smtp_profile.protocol!r} and {fetch_profile.protocol!r}"
        )
    # The finder gives up a little before the deadline, to say what it was waiting for.
    give_up = time.monotonic() + deadline_s * 0.9
    smtp = _Conn(smtp_profile, smtp_connect_to, ssl_context, timeout, source_address)
    fetch = _Conn(fetch_profile, fetch_connect_to, ssl_context, timeout, source_address)
    finders = {"imap": _find_imap, "pop3": _find_pop3}

    def check() -> str:
        message_id = f"<kb-probe-{uuid.uuid4().hex}@{smtp_profile.host}>"
        _send(smtp, account, message_id)
        finders[fetch_profile.protocol](fetch, account, message_id, give_up)
        return f"Sent via {smtp.label} and found it over {fetch.label}."

    return _run(check, [smtp, fetch], account, deadline_s)


class _Conn:
    """How to open one connection for a profile, remembering sockets so a deadline can cut them."""

    def __init__(
        self,
        profile: Any,
        connect_to: tuple[str, int],
        context: ssl.SSLContext,
        timeout: float,
        source: str | None,
    ) -> None:
        if profile.protocol not in _GREETINGS or profile.security not in _SPOKEN:
            raise ValueError(
                f"expected protocol imap|pop3|smtp and security ssl|starttls|plain but received "
                f"{profile.protocol!r} and {profile.security!r}"
            )
        self.profile, self.connect_to, self.context = profile, connect_to, context
        self.timeout, self.source = timeout, source
        self.sockets: list[socket.socket] = []
        self.clients: list[Any] = []  # library objects: their .sock changes on STARTTLS
        self.first_line: bytes | None = None
        self.connected = False
        self.label = f"{profile.protocol.upper()} port {profile.port} ({_SPOKEN[profile.security]})"

    def open(self) -> socket.socket:
        self.first_line, self.connected = None, False
        source = (self.source, 0) if self.source else None
        raw = socket.create_connection(self.connect_to, self.timeout, source_address=source)
        self.sockets.append(raw)
        self.connected = True
        if self.profile.security == "ssl":
            self.sockets.append(self.context.wrap_socket(raw, server_hostname=self.profile.host))
        return self.sockets[-1]

    def saw(self, line: bytes) -> None:
        if self.first_line is None:
            self.first_line = line
            if not _GREETINGS[self.profile.protocol].match(line):
                raise ProbeFailure("protocol", _other_protocol(self, line))

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
        live = self.sockets + [c.sock for c in self.clients if getattr(c, "sock", None)]
        for sock in live:
            if sock.fileno() == -1:
                continue  # closed, or detached into a TLS socket that is also in the list
            try:
                # The plain socket method: SSLSocket.shutdown would also drop the TLS state
                # under the worker's feet.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass


class _IMAP(imaplib.IMAP4):
    def __init__(self, conn: _Conn) -> None:
        self._conn = conn
        conn.clients.append(self)
        super().__init__(conn.profile.host, conn.profile.port, timeout=conn.timeout)

    def _create_socket(self, timeout: float | None = None) -> socket.socket:
        return self._conn.open()

    def readline(self) -> bytes:
        line = super().readline()
        self._conn.saw(line)
        return line


class _POP3(poplib.POP3):
    def __init__(self, conn: _Conn) -> None:
        self._conn = conn
        conn.clients.append(self)
        super().__init__(conn.profile.host, conn.profile.port, timeout=conn.timeout)

    def _create_socket(self, timeout: float) -> socket.socket:
        return self._conn.open()

    def _getline(self) -> tuple[bytes, int]:
        line, octets = super()._getline()
        self._conn.saw(line)
        return line, octets


class _SMTP(smtplib.SMTP):
    def __init__(self, conn: _Conn) -> None:
        self._conn = conn
        conn.clients.append(self)
        # A fixed EHLO name: the default looks up this machine's FQDN, which can stall on DNS.
        super().__init__(
            conn.profile.host, conn.profile.port, local_hostname="localhost", timeout=conn.timeout
        )

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        return self._conn.open()

    def getreply(self) -> tuple[int, bytes]:
        if self.file is None and self.sock is not None:
            self.file = _FirstLine(self.sock.makefile("rb"), self._conn)
        return super().getreply()


class _FirstLine:
    """A reader that shows the first line it reads to the connection (smtplib has no hook)."""

    def __init__(self, file: Any, conn: _Conn) -> None:
        self._file, self._conn = file, conn

    def readline(self, limit: int = -1) -> bytes:
        line = self._file.readline(limit)
        self._conn.saw(line)
        return line

    def close(self) -> None:
        self._file.close()


def _login_name(conn: _Conn, account: Any) -> str:
    return (
        account.email.split("@", 1)[0] if conn.profile.username == "local-part" else account.email
    )


def _reveal(account: Any) -> str:
    password = account.password
    return password.reveal() if hasattr(password, "reveal") else str(password)


def _imap_session(conn: _Conn, account: Any) -> _IMAP:
    client = _IMAP(conn)
    if conn.profile.security == "starttls":
        _starttls(conn, lambda: client.starttls(ssl_context=conn.context))
    if "LOGINDISABLED" in client.capabilities:
        raise ProbeFailure("plaintext-refused", _plaintext_refused(conn))
    try:
        client.login(_login_name(conn, account), _reveal(account))
    except imaplib.IMAP4.error as exc:
        raise ProbeFailure(*_auth_failure(conn, account, str(exc))) from None
    finally:
        getattr(client, "_cmd_log", {}).clear()  # imaplib keeps its last commands, LOGIN too
    typ, _ = client.select("INBOX")
    if typ != "OK":
        raise ProbeFailure("unavailable", f"Logged in over {conn.label} but INBOX did not open.")
    return client


def _pop3_session(conn: _Conn, account: Any) -> _POP3:
    client = _POP3(conn)
    if conn.profile.security == "starttls":
        _starttls(conn, lambda: client.stls(context=conn.context))
    try:
        client.user(_login_name(conn, account))
    except poplib.error_proto as exc:
        if conn.profile.security == "plain":
            raise ProbeFailure("plaintext-refused", _plaintext_refused(conn)) from None
        raise ProbeFailure(*_auth_failure(conn, account, str(exc))) from None
    try:
        client.pass_(_reveal(account))
    except poplib.error_proto as exc:
        raise ProbeFailure(*_auth_failure(conn, account, str(exc))) from None
    return client


def _smtp_session(conn: _Conn, account: Any) -> _SMTP:
    client = _SMTP(conn)
    client.ehlo()
    if conn.profile.security == "starttls":
        _starttls(conn, lambda: client.starttls(context=conn.context))
        client.ehlo()
    if not client.has_extn("auth"):
        if conn.profile.security == "plain":
            raise ProbeFailure("plaintext-refused", _plaintext_refused(conn))
        raise ProbeFailure("unavailable", f"The server on {conn.label} offers no SMTP login.")
    client.user, client.password = _login_name(conn, account), _reveal(account)
    try:
        # One AUTH PLAIN like most clients; smtplib.login() would retry with LOGIN on failure.
        if "PLAIN" in client.esmtp_features["auth"].upper().split():
            client.auth("PLAIN", client.auth_plain)
        else:
            client.login(client.user, client.password)
    except smtplib.SMTPResponseException as exc:
        raise ProbeFailure(*_auth_failure(conn, account, _smtp_reply(exc))) from None
    finally:
        client.user = client.password = ""  # smtplib keeps them on the object
    return client


def _starttls(conn: _Conn, upgrade: Callable[[], object]) -> None:
    try:
        upgrade()
    except (imaplib.IMAP4.error, poplib.error_proto, smtplib.SMTPNotSupportedError):
        raise ProbeFailure(
            "tls-mode",
            f"The server on port {conn.profile.port} offers no STARTTLS: "
            "try SSL/TLS or the other port.",
        ) from None


def _check_imap(conn: _Conn, account: Any) -> str:
    client = _imap_session(conn, account)
    _quietly(client.logout)
    return f"Logged in over {conn.label} as {_login_name(conn, account)} and opened INBOX."


def _check_pop3(conn: _Conn, account: Any) -> str:
    client = _pop3_session(conn, account)
    count, _size = client.stat()
    _quietly(client.quit)
    return f"Logged in over {conn.label} as {_login_name(conn, account)} ({count} messages)."


def _check_smtp(conn: _Conn, account: Any) -> str:
    client = _smtp_session(conn, account)
    _quietly(client.quit)
    return f"Logged in over {conn.label} as {_login_name(conn, account)}."


def _send(conn: _Conn, account: Any, message_id: str) -> None:
    client = _smtp_session(conn, account)
    msg = EmailMessage()
    msg["From"] = msg["To"] = account.email
    msg["Subject"] = "Help centre login check"
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id
    msg.set_content("Sent by the help centre's login check; it deletes this message again.\n")
    try:
        client.send_message(msg)
    except smtplib.SMTPResponseException as exc:
        detail = f"{conn.label} refused the message: {_smtp_reply(exc)}"
        raise ProbeFailure("unavailable", detail) from None
    _quietly(client.quit)


def _find_imap(conn: _Conn, account: Any, message_id: str, until: float) -> None:
    client = _imap_session(conn, account)
    while True:
        _typ, data = client.search(None, "HEADER", "Message-ID", f'"{message_id}"')
        if data and data[0]:
            for num in data[0].split():
                client.store(num.decode(), "+FLAGS", "(\\Deleted)")
            client.expunge()
            _quietly(client.logout)
            return
        _not_yet(conn, until)
        client.noop()  # lets the server report mail that arrived since SELECT


def _find_pop3(conn: _Conn, account: Any, message_id: str, until: float) -> None:
    needle = f"message-id: {message_id}".lower().encode()
    while True:
        # POP3 shows a snapshot taken at login, so each look needs a new session.
        client = _pop3_session(conn, account)
        count, _size = client.stat()
        for num in range(count, 0, -1):
            _resp, lines, _octets = client.top(num, 0)
            if any(line.lower().startswith(needle) for line in lines):
                client.dele(num)
                _quietly(client.quit)
                return
        _quietly(client.quit)
        _not_yet(conn, until)


def _not_yet(conn: _Conn, until: float) -> None:
    if time.monotonic() > until:
        raise ProbeFailure(
            "timeout", f"The message sent to yourself never showed up over {conn.label}."
        )
    time.sleep(0.05)


def _run(
    check: Callable[[], str], conns: list[_Conn], account: Any, deadline_s: float
) -> ProbeResult:
    """Run `check` in a worker thread; past the deadline cut its sockets and report a timeout."""
    began = time.monotonic()
    box: dict[str, tuple[str, str]] = {}

    def work() -> None:
        try:
            box["result"] = ("ok", check())
        except BaseException as exc:  # every failure, whatever its type, becomes a result
            box["result"] = _classify(exc, conns)
        finally:
            for conn in conns:
                conn.close()

    worker = threading.Thread(target=work, name="kb-probe", daemon=True)
    worker.start()
    worker.join(deadline_s)
    if worker.is_alive():
        for conn in conns:
            conn.cut()  # the abandoned worker fails fast and closes its sockets
        last = next((c for c in reversed(conns) if c.connected), conns[0])
        kind = "timeout"
        detail = f"No complete answer from {last.label} within the {deadline_s:g} s deadline."
    else:
        kind, detail = box.get("result", ("unavailable", "The check ended without a result."))
    return ProbeResult(kind == "ok", kind, _scrub(detail, account), time.monotonic() - began)


def _classify(exc: BaseException, conns: list[_Conn]) -> tuple[str, str]:
    """Map an exception raised in a check to (kind, detail), using what the connection saw."""
    if isinstance(exc, ProbeFailure):
        return exc.kind, exc.detail
    conn = next((c for c in reversed(conns) if c.connected), conns[0])
    port, host = conn.profile.port, conn.profile.host
    if isinstance(exc, socket.gaierror):
        reason = exc.strerror or str(exc)
        return "dns", f"DNS lookup failed for {host}: {reason}."
    if isinstance(exc, ssl.SSLCertVerificationError):
        why = (exc.verify_message or "not trusted").rstrip(".")
        return "certificate", f"The certificate on {conn.label} is not valid for {host}: {why}."
    if isinstance(exc, ssl.SSLError) and any(r in str(exc) for r in _TLS_MODE_REASONS):
        return "tls-mode", (
            f"Port {port} answered without encryption: choose STARTTLS "
            "(not SSL/TLS) for this port, or the SSL/TLS port."
        )
    if isinstance(exc, ConnectionRefusedError):
        return "refused", f"Nothing accepts connections on port {port} of {host}: check the port."
    # smtplib turns a read timeout into SMTPServerDisconnected("... timed out").
    timed_out = isinstance(exc, TimeoutError) or (
        isinstance(exc, smtplib.SMTPServerDisconnected) and "timed out" in str(exc)
    )
    if timed_out:
        if conn.connected and conn.first_line is None and conn.profile.security != "ssl":
            if _speaks_tls(conn):
                return "tls-mode", (
                    f"Port {port} expects encryption from the start: choose SSL/TLS "
                    "(not STARTTLS) for this port, or the STARTTLS port."
                )
        return "timeout", f"{conn.label} gave no answer within {conn.timeout:g} s."
    if isinstance(exc, smtplib.SMTPResponseException):
        return "unavailable", f"{conn.label} answered: {_smtp_reply(exc)}"
    name = type(exc).__name__
    return "unavailable", f"{conn.label} failed ({name}): {str(exc)[:120]}"


def _speaks_tls(conn: _Conn) -> bool:
    """Whether the port completes a TLS handshake (certificate not checked, nothing sent)."""
    sniff = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    sniff.check_hostname, sniff.verify_mode = False, ssl.CERT_NONE
    try:
        source = (conn.source, 0) if conn.source else None
        with socket.create_connection(conn.connect_to, conn.timeout, source_address=source) as raw:
            conn.sockets.append(raw)
            with sniff.wrap_socket(raw):
                return True
    except OSError:
        return False


def _auth_failure(conn: _Conn, account: Any, reply: str) -> tuple[str, str]:
    said = reply.upper()
    if "PRIVACYREQUIRED" in said or "PLAINTEXT" in said or said.startswith("530"):
        return "plaintext-refused", _plaintext_refused(conn)
    markers = ("AUTHENTICATIONFAILED", "AUTHENTICATION FAILED", "[AUTH]")
    if said.startswith("535") or any(marker in said for marker in markers):
        return "wrong-credentials", (
            f"{conn.label} refused the user name {_login_name(conn, account)!r} or its password: "
            "check that the user name is the full address and the device password is current."
        )
    return "unavailable", f"{conn.label} refused the login: {_first_words(reply)}"


def _plaintext_refused(conn: _Conn) -> str:
    return f"{conn.label} refuses to log in before encryption: choose STARTTLS or SSL/TLS."


def _other_protocol(conn: _Conn, line: bytes) -> str:
    spoken = next((p for p, rx in _GREETINGS.items() if rx.match(line)), None)
    heard = _ARTICLE.get(spoken or "", "something that is not a mail server")
    return (
        f"Port {conn.profile.port} answered like {heard}, not {conn.profile.protocol.upper()}: "
        "check the port number."
    )


def _smtp_reply(exc: smtplib.SMTPResponseException) -> str:
    # Keep the code and first words only: some servers echo the AUTH line (base64 credentials).
    reply = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
    return f"{exc.smtp_code} {_first_words(reply)}"


def _first_words(reply: str, n: int = 6) -> str:
    return " ".join(reply.split()[:n])


def _scrub(detail: str, account: Any) -> str:
    """Remove the password in every encoding it could take in a detail."""
    secret = _reveal(account)
    if not secret:
        return detail
    forms = {
        secret,
        urllib.parse.quote(secret),
        urllib.parse.quote_plus(secret),
        json.dumps(secret)[1:-1],
        html.escape(secret),
        base64.b64encode(secret.encode()).decode(),
    }
    for user in {account.email, account.email.split("@", 1)[0]}:
        forms.add(base64.b64encode(f"\0{user}\0{secret}".encode()).decode())
    for form in sorted(forms, key=len, reverse=True):
        detail = detail.replace(form, "***")
    return detail


def _quietly(action: Callable[[], object]) -> None:
    """Say goodbye; a server that hangs up first has still answered what we asked."""
    try:
        action()
    except (OSError, imaplib.IMAP4.error, poplib.error_proto, smtplib.SMTPException):
        pass
