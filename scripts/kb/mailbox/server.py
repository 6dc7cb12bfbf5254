"""A real Dovecot on loopback standing in for the provider's mail service, for login tests."""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kb.mailbox import config, ports, procs, tls
from kb.mailbox.profile import MailboxProfile, load_profile
from kb.mailbox.relay import Relay
from kb.model import Connection
from kb.secret import Secret

INSTALL_HINT = (
    "apt-get install dovecot-imapd dovecot-pop3d dovecot-submissiond dovecot-lmtpd "
    "&& pip install trustme aiosmtpd"
)


class MailboxError(RuntimeError):
    """The test mailbox could not start; the message carries Dovecot's log tail."""


@dataclass(frozen=True)
class Account:
    """A test user: the full address is the login name; the password is a device password."""

    email: str
    password: Secret

    @property
    def local_part(self) -> str:
        return self.email.split("@", 1)[0]


class Mailbox:
    """A started test mailbox: `Mailbox.start()`, then `stop()` or use it as a context manager."""

    def __init__(self, profile: MailboxProfile, accounts: list[Account]) -> None:
        self.profile = profile
        self.users = accounts
        self.start_seconds = 0.0
        self._ports: dict[int, int] = {}
        self._proc: subprocess.Popen[bytes] | None = None
        self._relay: Relay | None = None
        self._layout: config.Layout | None = None
        self._cert: tls.ServerCert | None = None
        self._last_log = ""

    @classmethod
    def start(
        cls, profile_path: str | Path | None = None, prefer_documented_ports: bool = True
    ) -> Mailbox:
        """Start Dovecot and its relay; return once IMAPS greets over verified TLS."""
        began = time.monotonic()
        dovecot_binary()
        profile = load_profile(profile_path)
        shared = os.environ.get("KB_MAILBOX_PASSWORD")
        accounts = [Account(e, Secret(shared or secrets.token_urlsafe(18))) for e in profile.users]
        documented = prefer_documented_ports and os.geteuid() == 0
        mailbox = cls(profile, accounts)
        try:
            for attempt in range(3):
                try:
                    mailbox._launch(documented and attempt == 0)
                    break
                except MailboxError as exc:
                    if attempt == 2 or "Address already in use" not in str(exc):
                        raise
                    # Someone bound one of our ports between our check and Dovecot's bind.
                    mailbox._cleanup()
        except BaseException:
            mailbox.stop()
            raise
        mailbox.start_seconds = time.monotonic() - began
        atexit.register(mailbox.stop)
        return mailbox

    def __enter__(self) -> Mailbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def host(self) -> str:
        """The documented host name the certificate is issued for."""
        return self.profile.host

    @property
    def ca_path(self) -> Path:
        """PEM file of the throwaway CA that issued the server certificate."""
        assert self._cert is not None, "mailbox not started"
        return self._cert.ca_path

    @property
    def offered(self) -> list[Connection]:
        """How a client connects to each documented port (reach it through `endpoint(port)`)."""
        return list(self.profile.offered)

    @property
    def workdir(self) -> Path | None:
        """The run's temporary folder (config, certificates, mail, log) while it runs."""
        return self._layout.root if self._layout else None

    @property
    def running(self) -> bool:
        """Whether Dovecot is still running (it may have died or been stopped)."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """Process id of the Dovecot master (also its process group), while it runs."""
        return self._proc.pid if self._proc else None

    def endpoint(self, documented_port: int) -> tuple[str, int]:
        """The address to connect to for a documented port (the same port when it is free)."""
        if documented_port not in self._ports:
            offered = sorted(self._ports)
            raise KeyError(f"port {documented_port} is not offered; expected one of {offered}")
        return ("127.0.0.1", self._ports[documented_port])

    def ssl_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts this mailbox's CA."""
        assert self._cert is not None, "mailbox not started"
        return tls.trusting(self._cert.ca_pem)

    @staticmethod
    def other_ca_context() -> ssl.SSLContext:
        """A verifying client context that trusts an unrelated CA (logins must fail)."""
        return tls.foreign_ca_context()

    @property
    def delivered(self) -> int:
        """How many recipients the relay handed to Dovecot so far."""
        return self._relay.delivered if self._relay else 0

    def log_tail(self, n: int = 30) -> str:
        """The last n lines of Dovecot's log (kept after stop for post-mortems)."""
        return "\n".join(self._read_log().splitlines()[-n:])

    def stop(self) -> None:
        """Terminate Dovecot and every process it started, stop the relay, remove the files."""
        atexit.unregister(self.stop)
        self._cleanup()

    def _launch(self, documented: bool) -> None:
        root = Path(tempfile.mkdtemp(prefix="kbmb-", dir="/tmp"))
        root.chmod(0o711)  # the mail uid must reach its folder below
        self._layout = layout = config.Layout(root)
        layout.mail.mkdir(mode=0o700)
        os.chown(layout.mail, *config.mail_ids())
        self._cert = tls.issue(self.host, root)
        config.write_users(layout, {a.email: a.password for a in self.users})
        self._ports = ports.choose(self.profile.listeners, documented)
        self._relay = Relay(layout.lmtp_socket).start()
        actual = {lst: self._ports[lst.port] for lst in self.profile.listeners}
        cert = self._cert
        layout.conf.write_text(
            config.render(
                layout, self.host, actual, cert.cert_path, cert.key_path, self._relay.port
            )
        )
        with (root / "stderr.log").open("wb") as err:
            self._proc = subprocess.Popen(
                [dovecot_binary(), "-F", "-c", str(layout.conf)],
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                start_new_session=True,  # its own process group: stop() can reap every child
            )
        self._wait_ready(deadline=time.monotonic() + 10.0)

    def _wait_ready(self, deadline: float) -> None:
        imaps = next(
            lst for lst in self.profile.listeners if (lst.protocol, lst.security) == ("imap", "ssl")
        )
        address = self.endpoint(imaps.port)
        context = self.ssl_context()
        while True:
            assert self._proc is not None
            if self._proc.poll() is not None:
                raise MailboxError(f"Dovecot exited at start:\n{self.log_tail(20)}")
            if _greets(address, context, self.host):
                return
            if time.monotonic() > deadline:
                raise MailboxError(f"Dovecot did not greet on IMAPS in time:\n{self.log_tail(20)}")
            time.sleep(0.02)

    def _read_log(self) -> str:
        if self._layout is None or not self._layout.root.exists():
            return self._last_log
        parts = [self._layout.log, self._layout.root / "stderr.log"]
        return "".join(p.read_text(errors="replace") for p in parts if p.exists())

    def _cleanup(self) -> None:
        if self._proc is not None:
            procs.terminate_group(self._proc)
            self._proc = None
        if self._relay is not None:
            self._relay.stop()
            self._relay = None
        if self._layout is not None:
            self._last_log = self._read_log()
            shutil.rmtree(self._layout.root, ignore_errors=True)
            self._layout = None


def dovecot_binary() -> str:
    """Path of the dovecot executable (Debian puts it in /usr/sbin, often not on PATH)."""
    found = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise MailboxError(f"Dovecot is not installed; install it with: {INSTALL_HINT}")
    return found


def _greets(address: tuple[str, int], context: ssl.SSLContext, host: str) -> bool:
    try:
        with socket.create_connection(address, timeout=0.5) as raw:
            with context.wrap_socket(raw, server_hostname=host) as conn:
                return conn.recv(64).startswith(b"* OK")
    except OSError:
        return False
