"""The SMTP relay behind Dovecot's submission service: it hands each message to Dovecot LMTP.

Dovecot submission connects to its relay right after a login, so even a login-only SMTP check needs
one. This relay runs `aiosmtpd` in its own thread on a loopback port and delivers locally.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from kb.mailbox.ports import free_port

log = logging.getLogger(__name__)


class _LmtpHandoff:
    """aiosmtpd handler: deliver every accepted message to the LMTP unix socket."""

    def __init__(self, lmtp_socket: Path) -> None:
        self.lmtp_socket = lmtp_socket
        self.delivered = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        try:
            # Synchronous on purpose: a local unix-socket hand-off takes milliseconds, and no
            # executor threads are left behind when the relay stops.
            self._deliver(envelope)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("relay: local delivery failed: %s", type(exc).__name__)
            return "451 4.3.0 Local delivery failed, try again later"
        return "250 2.0.0 Delivered"

    def _deliver(self, envelope: Any) -> None:
        content = envelope.original_content or envelope.content
        for rcpt in envelope.rcpt_tos:
            # One recipient per LMTP transaction: smtplib.LMTP reads a single reply after DATA.
            with smtplib.LMTP(str(self.lmtp_socket), timeout=10) as lmtp:
                lmtp.sendmail(envelope.mail_from, [rcpt], content)
        with self._lock:
            self.delivered += len(envelope.rcpt_tos)


class Relay:
    """A started relay on 127.0.0.1; `stop()` joins its thread."""

    def __init__(self, lmtp_socket: Path, port: int | None = None) -> None:
        self.handler = _LmtpHandoff(lmtp_socket)
        self.port = port or free_port()
        self._started = False
        self._controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, ready_timeout=5
        )

    def start(self) -> Relay:
        self._controller.start()
        self._started = True
        return self

    @property
    def delivered(self) -> int:
        """How many recipients were handed to LMTP so far."""
        return self.handler.delivered

    def stop(self) -> None:
        if self._started:
            self._started = False
            self._controller.stop()
