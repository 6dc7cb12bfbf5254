"""Pytest plugin: one test mailbox (a real Dovecot) for the whole session.

Load it with `pytest_plugins = ["fixtures_mailbox"]` (or `-p fixtures_mailbox`). A missing Dovecot
fails the run with the install hint: login tests that silently skip would prove nothing.
"""

from __future__ import annotations

import base64
import html
import json
import urllib.parse
from collections.abc import Iterator

import pytest

from kb.mailbox import INSTALL_HINT, Account, Mailbox, MailboxError, load_profile
from kb.mailbox.procs import group_pids
from kb.mailbox.server import dovecot_binary
from kb.secret import Secret

# The documented host name the test mailbox's certificate is issued for.
HOST = load_profile().host


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    """A started test mailbox, stopped (with every Dovecot process) at the end of the session."""
    try:
        dovecot_binary()
    except MailboxError:
        pytest.fail(f"Dovecot is missing; the login tests need it: {INSTALL_HINT}", pytrace=False)
    try:
        mb = Mailbox.start()
    except MailboxError as exc:
        pytest.fail(f"The test mailbox did not start: {exc}", pytrace=False)
    pid = mb.pid
    yield mb
    mb.stop()
    left = group_pids(pid) if pid else []
    if left:
        pytest.fail(f"Dovecot processes left after stop: {left}", pytrace=False)


@pytest.fixture(scope="session")
def account(mailbox: Mailbox) -> Account:
    """The first test user of the mailbox."""
    return mailbox.users[0]


def leaked_forms(text: str, secret: Secret, user: str = "") -> list[str]:
    """Names of the encodings of `secret` found in `text` (never the secret itself)."""
    value = secret.reveal()
    forms = {
        "plain": value,
        "url": urllib.parse.quote(value),
        "json": json.dumps(value)[1:-1],
        "html": html.escape(value),
        "base64": base64.b64encode(value.encode()).decode(),
    }
    for name, login in (("email", user), ("local-part", user.split("@", 1)[0])):
        if login:
            plain = base64.b64encode(f"\0{login}\0{value}".encode()).decode()
            forms[f"base64-auth-plain-{name}"] = plain
    return sorted(name for name, form in forms.items() if form and form in text)
