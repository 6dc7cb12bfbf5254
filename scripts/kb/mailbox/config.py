"""Write the Dovecot configuration and password file for one test mailbox run."""

from __future__ import annotations

import base64
import grp
import hashlib
import os
import pwd
import secrets
from dataclasses import dataclass
from pathlib import Path

from kb.mailbox.profile import Listener
from kb.secret import Secret

INTERNAL_GROUP = "dovecot"  # Debian's default_internal_group
NOBODY = 65534  # as root, Dovecot refuses uid 0 for mail storage
# Dovecot's own listener names; each is written, unused ones with port 0 so no default port opens.
LISTENER_NAMES = {
    ("imap", "starttls"): ("imap-login", "imap"),
    ("imap", "ssl"): ("imap-login", "imaps"),
    ("pop3", "starttls"): ("pop3-login", "pop3"),
    ("pop3", "ssl"): ("pop3-login", "pop3s"),
    ("smtp", "starttls"): ("submission-login", "submission"),
    ("smtp", "ssl"): ("submission-login", "submissions"),
}


@dataclass(frozen=True)
class Layout:
    """Where one run keeps its files; the root must stay short (unix socket paths)."""

    root: Path

    @property
    def conf(self) -> Path:
        return self.root / "dovecot.conf"

    @property
    def log(self) -> Path:
        return self.root / "dovecot.log"

    @property
    def lmtp_socket(self) -> Path:
        return self.root / "run" / "lmtp"

    @property
    def mail(self) -> Path:
        return self.root / "mail"

    @property
    def users(self) -> Path:
        return self.root / "users"


def mail_ids() -> tuple[int, int]:
    """The uid and gid that own the mail folder: nobody as root, else the current user."""
    if os.geteuid() == 0:
        return NOBODY, NOBODY
    return os.geteuid(), os.getegid()


def ssha512(password: Secret) -> str:
    """Dovecot's `{SSHA512}` scheme: base64(sha512(password + salt) + salt)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.sha512(password.reveal().encode() + salt).digest()
    return "{SSHA512}" + base64.b64encode(digest + salt).decode("ascii")


def write_users(layout: Layout, accounts: dict[str, Secret]) -> None:
    """Write the passwd-file with salted hashes only, readable by Dovecot's auth process."""
    lines = [f"{email}:{ssha512(password)}\n" for email, password in sorted(accounts.items())]
    layout.users.touch(mode=0o640)
    if os.geteuid() == 0:
        # The auth process runs as Dovecot's internal user; give its group read access only.
        os.chown(layout.users, 0, grp.getgrnam(INTERNAL_GROUP).gr_gid)
    layout.users.write_text("".join(lines), encoding="ascii")


def render(
    layout: Layout,
    host: str,
    ports: dict[Listener, int],
    cert: Path,
    key: Path,
    relay_port: int,
) -> str:
    """Return dovecot.conf for this run: loopback only, TLS required, no login delays."""
    lines = [
        f"base_dir = {layout.root}/run",
        f"state_dir = {layout.root}/state",
        f"log_path = {layout.log}",
        "protocols = imap pop3 submission lmtp",
        "listen = 127.0.0.1",
        f"hostname = {host}",
        "ssl = required",
        f"ssl_cert = <{cert}",
        f"ssl_key = <{key}",
        "disable_plaintext_auth = yes",
        "auth_mechanisms = plain login",
        # Tests try wrong passwords on purpose; the default delays would make each cost seconds.
        "auth_failure_delay = 0",
        "auth_verbose = yes",
        "auth_verbose_passwords = no",
        "mail_location = maildir:~/Maildir",
        "passdb {",
        "  driver = passwd-file",
        f"  args = scheme=SSHA512 {layout.users}",
        "}",
        "userdb {",
        "  driver = static",
        "  args = uid={} gid={} home={}/%Ld/%Ln".format(*mail_ids(), layout.mail),
        "}",
        "submission_relay_host = 127.0.0.1",
        f"submission_relay_port = {relay_port}",
    ]
    services: dict[str, list[str]] = {
        # Mode 0 disables the auth penalty: after one failure it doubled the next login's delay.
        "anvil": ["  unix_listener anvil-auth-penalty {\n    mode = 0\n  }"],
        "lmtp": ["  unix_listener lmtp {\n    mode = 0600\n  }"],
    }
    by_kind = {(lst.protocol, lst.security): port for lst, port in ports.items()}
    for kind, (service, name) in LISTENER_NAMES.items():
        tls = "\n    ssl = yes" if kind[1] == "ssl" else ""
        services.setdefault(service, []).append(
            f"  inet_listener {name} {{\n    port = {by_kind.get(kind, 0)}{tls}\n  }}"
        )
    if os.geteuid() != 0:
        lines += _unprivileged(services)
    lines += [f"service {svc} {{\n" + "\n".join(body) + "\n}" for svc, body in services.items()]
    return "\n".join(lines) + "\n"


def _unprivileged(services: dict[str, list[str]]) -> list[str]:
    """Settings that let Dovecot run as a normal user (on ports >= 1024)."""
    user = pwd.getpwuid(os.geteuid())
    for service in ("imap-login", "pop3-login", "submission-login", "anvil", "ipc", "old-stats"):
        # The login services chroot by default, which needs root.
        services.setdefault(service, []).append("  chroot =")
    return [
        f"default_login_user = {user.pw_name}",
        f"default_internal_user = {user.pw_name}",
        f"default_internal_group = {grp.getgrgid(user.pw_gid).gr_name}",
        f"first_valid_uid = {min(user.pw_uid, 500)}",
    ]
