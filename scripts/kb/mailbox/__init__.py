"""A local Dovecot that stands in for the provider's mail service in login tests.

`Mailbox.start()` serves the documented listeners of `profile.yml` (IMAP, POP3, SMTP submission;
implicit TLS and STARTTLS) for the documented host name, with a throwaway CA and fresh device
passwords, on loopback only.
"""

from __future__ import annotations

from kb.mailbox.profile import Listener, MailboxProfile, ProfileError, load_profile
from kb.mailbox.server import INSTALL_HINT, Account, Mailbox, MailboxError
from kb.mailbox.tls import foreign_ca_context

__all__ = [
    "INSTALL_HINT",
    "Account",
    "Listener",
    "Mailbox",
    "MailboxError",
    "MailboxProfile",
    "ProfileError",
    "foreign_ca_context",
    "load_profile",
]
