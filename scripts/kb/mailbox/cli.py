"""`kb mailbox`: run the test mailbox in the foreground and print how to connect to it."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from kb.mailbox.profile import ProfileError
from kb.mailbox.server import Mailbox, MailboxError

_SPOKEN = {"ssl": "SSL/TLS", "starttls": "STARTTLS"}


def main(argv: list[str] | None = None) -> int:
    """Start the mailbox, print its addresses, CA and users, wait for Ctrl-C, stop cleanly."""
    parser = argparse.ArgumentParser(prog="kb mailbox", description=__doc__)
    parser.add_argument("--profile", help="mailbox profile YAML (default: the built-in one)")
    parser.add_argument("--show-passwords", action="store_true", help="print the device passwords")
    parser.add_argument("--high-ports", action="store_true", help="always map to free high ports")
    parser.add_argument(
        "--seconds", type=float, default=None, help="stop after this many seconds (default: Ctrl-C)"
    )
    args = parser.parse_args(argv)
    try:
        mailbox = Mailbox.start(args.profile, prefer_documented_ports=not args.high_ports)
    except (MailboxError, ProfileError) as exc:
        print(f"kb mailbox: {exc}", file=sys.stderr)
        return 1
    with mailbox:
        print(describe(mailbox, show_passwords=args.show_passwords), flush=True)
        _wait(args.seconds)
        print("Stopping the test mailbox.", flush=True)
    return 0


def describe(mailbox: Mailbox, show_passwords: bool = False) -> str:
    """Human-readable connection instructions; passwords only when asked for."""
    lines = [
        f"Test mailbox for {mailbox.host} is running (ready in {mailbox.start_seconds:.2f} s).",
        f"Connect to these addresses and verify TLS for the name {mailbox.host}:",
    ]
    for lst in mailbox.offered:
        address, port = mailbox.endpoint(lst.port)
        spoken = _SPOKEN[lst.security]
        lines.append(f"  {lst.protocol.upper():4} {lst.port:>4} {spoken:8} -> {address}:{port}")
    lines.append(f"CA certificate to trust: {mailbox.ca_path}")
    lines.append("Users (the user name is the full address):")
    for account in mailbox.users:
        shown = account.password.reveal() if show_passwords else "*** (--show-passwords shows it)"
        lines.append(f"  {account.email}  password: {shown}")
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def _wait(seconds: float | None) -> None:
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        stop.wait(seconds)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
