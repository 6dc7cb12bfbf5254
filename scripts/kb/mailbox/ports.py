"""Which local ports the test mailbox listens on: the documented ones when possible."""

from __future__ import annotations

import socket

from kb.mailbox.profile import Listener


def choose(listeners: tuple[Listener, ...], documented: bool) -> dict[int, int]:
    """Documented port -> actual port: all documented when all are free, else all mapped high.

    All or nothing, so a client sees either the real numbers or a clearly different set.
    """
    wanted = [lst.port for lst in listeners]
    if documented and all(bindable(port) for port in wanted):
        return {port: port for port in wanted}
    mapped: set[int] = set()
    while len(mapped) < len(wanted):
        mapped.add(free_port())
    return dict(zip(wanted, sorted(mapped), strict=True))


def bindable(port: int) -> bool:
    """Whether a listener could bind 127.0.0.1:port now."""
    with socket.socket() as sock:
        # As Dovecot does, so a TIME_WAIT left by an earlier run does not count as taken.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A currently free TCP port on 127.0.0.1, chosen by the kernel."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
