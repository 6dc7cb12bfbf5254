"""Why a login check failed, as a stable `kind` and a detail an editor can act on.

`classify()` maps whatever a check raised to (kind, detail), using what the connection saw (did it
connect, what was the first line); the sessions raise `ProbeFailure` with the messages below when
the server said why itself. `STOPPED` and `dns` failures are the run's fault, not a setting's.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sessions raise the failures defined here
    from kb.verify.sessions import Channel

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
STOPPED = "stopped"  # the servers went away during the run
# Failures of the run itself, not of a setting: nothing in steps/ is blamed for them.
NOT_A_SETTING = (STOPPED, "dns")
GREETINGS = {
    "imap": re.compile(rb"^\* (OK|PREAUTH|BYE)\b"),
    "pop3": re.compile(rb"^[+-](OK|ERR)\b"),
    "smtp": re.compile(rb"^\d{3}[ -]"),
}
_TLS_MODE_REASONS = ("WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "HTTP_REQUEST", "RECORD_LAYER")
_ARTICLE = {"imap": "an IMAP server", "pop3": "a POP3 server", "smtp": "an SMTP server"}


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


def classify(exc: BaseException, channels: list[Channel]) -> tuple[str, str]:
    """Map an exception raised in a check to (kind, detail), using what the connection saw."""
    if isinstance(exc, ProbeFailure):
        return exc.kind, exc.detail
    ch = next((c for c in reversed(channels) if c.connected), channels[0])
    port, host = ch.connection.port, ch.connection.host
    if isinstance(exc, socket.gaierror):
        reason = exc.strerror or str(exc)
        return "dns", f"DNS lookup failed for {host}: {reason}."
    if isinstance(exc, ssl.SSLCertVerificationError):
        why = (exc.verify_message or "not trusted").rstrip(".")
        return "certificate", f"The certificate on {ch.label} is not valid for {host}: {why}."
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
        if ch.connected and ch.first_line is None and ch.connection.security != "ssl":
            if speaks_tls(ch):
                return "tls-mode", (
                    f"Port {port} expects encryption from the start: choose SSL/TLS "
                    "(not STARTTLS) for this port, or the STARTTLS port."
                )
        return "timeout", f"{ch.label} gave no answer within {ch.timeout:g} s."
    if isinstance(exc, smtplib.SMTPResponseException):
        return "unavailable", f"{ch.label} answered: {smtp_reply(exc)}"
    name = type(exc).__name__
    return "unavailable", f"{ch.label} failed ({name}): {str(exc)[:120]}"


def speaks_tls(ch: Channel) -> bool:
    """Whether the port completes a TLS handshake (certificate not checked, nothing sent)."""
    sniff = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    sniff.check_hostname, sniff.verify_mode = False, ssl.CERT_NONE
    try:
        source = (ch.source, 0) if ch.source else None
        with socket.create_connection(ch.connect_to, ch.timeout, source_address=source) as raw:
            ch.sockets.append(raw)
            with sniff.wrap_socket(raw):
                return True
    except OSError:
        return False


def auth_failure(ch: Channel, login_name: str, reply: str) -> ProbeFailure:
    """The server refused the login: wrong credentials, no login before TLS, or something else."""
    said = reply.upper()
    if "PRIVACYREQUIRED" in said or "PLAINTEXT" in said or said.startswith("530"):
        return plaintext_refused(ch)
    markers = ("AUTHENTICATIONFAILED", "AUTHENTICATION FAILED", "[AUTH]")
    if said.startswith("535") or any(marker in said for marker in markers):
        return ProbeFailure(
            "wrong-credentials",
            f"{ch.label} refused the user name {login_name!r} or its password: "
            "check that the user name is the full address and the device password is current.",
        )
    return ProbeFailure("unavailable", f"{ch.label} refused the login: {first_words(reply)}")


def plaintext_refused(ch: Channel) -> ProbeFailure:
    return ProbeFailure(
        "plaintext-refused",
        f"{ch.label} refuses to log in before encryption: choose STARTTLS or SSL/TLS.",
    )


def no_starttls(ch: Channel) -> ProbeFailure:
    return ProbeFailure(
        "tls-mode",
        f"The server on port {ch.connection.port} offers no STARTTLS: "
        "try SSL/TLS or the other port.",
    )


def other_protocol(ch: Channel, line: bytes) -> ProbeFailure:
    """The first line of the port is not the greeting of the protocol the profile names."""
    spoken = next((p for p, rx in GREETINGS.items() if rx.match(line)), None)
    heard = _ARTICLE.get(spoken or "", "something that is not a mail server")
    return ProbeFailure(
        "protocol",
        f"Port {ch.connection.port} answered like {heard}, not "
        f"{ch.connection.protocol.upper()}: check the port number.",
    )


def smtp_reply(exc: smtplib.SMTPResponseException) -> str:
    # Keep the code and first words only: some servers echo the AUTH line (base64 credentials).
    reply = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
    return f"{exc.smtp_code} {first_words(reply)}"


def first_words(reply: str, n: int = 6) -> str:
    return " ".join(reply.split()[:n])


def stopped(result: ProbeResult, why: str) -> ProbeResult:
    """A failure that says nothing about the settings: the servers were gone."""
    detail = f"Not checked: {why} ({result.detail.rstrip('.')})."
    return replace(result, kind=STOPPED, detail=detail)
