"""After a failed login, what does the port really speak? Greetings only: nothing is sent.

A port that greets in the other TLS mode means the security setting is wrong; a port that greets
with another mail protocol means the port number is.
"""

from __future__ import annotations

import socket
import time

from kb.model import Connection
from kb.verify.backend import Backend
from kb.verify.classify import GREETINGS

SNIFFED_KINDS = ("protocol", "tls-mode", "timeout")
MODES = ("ssl", "starttls")


def diagnose(
    connection: Connection, kind: str, backend: Backend, timeout: float
) -> tuple[str, str] | None:
    """(protocol, security) the port greets with: the documented mode first for `protocol`."""
    modes = [connection.security, *(m for m in MODES if m != connection.security)]
    if kind != "protocol":
        modes.reverse()  # the documented mode just failed; the other one answers quicker
    for security in modes:
        protocol = sniff(backend.route(connection), connection.host, security, backend, timeout)
        if protocol:
            return protocol, security
    return None


def sniff(
    address: tuple[str, int], host: str, security: str, backend: Backend, timeout: float
) -> str | None:
    """The mail protocol whose greeting the port sends in `security` mode; nothing is sent."""
    until = time.monotonic() + timeout
    line = b""
    try:
        with socket.create_connection(address, timeout) as raw:
            tls = security == "ssl"
            sock = backend.ssl_context.wrap_socket(raw, server_hostname=host) if tls else raw
            with sock:
                while b"\n" not in line and len(line) < 512 and time.monotonic() < until:
                    chunk = sock.recv(512)
                    if not chunk:
                        break
                    line += chunk
    except (OSError, ValueError):
        return None
    return next((name for name, rx in GREETINGS.items() if rx.match(line)), None)
