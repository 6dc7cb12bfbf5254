"""What a server echoes back never carries the password, whatever encoding it echoes it in."""

from __future__ import annotations

import base64
import html
import json
import urllib.parse

import pytest

from fixtures_mailbox import leaked_forms
from kb.secret import Secret
from kb.verify.scrub import hide_address, scrub

# A throwaway value with characters every encoding changes.
PLANTED = Secret('Tr0ub4dor&3 "x" <y> é/ü+?=%')
EMAIL = "alice@ik.me"


def echoes(value: str) -> dict[str, str]:
    """The password as a server or client library could echo it in a reply."""
    return {
        "plain": value,
        "url": urllib.parse.quote(value),
        "url-plus": urllib.parse.quote_plus(value),
        "json": json.dumps(value)[1:-1],
        "html": html.escape(value),
        "base64": base64.b64encode(value.encode()).decode(),
        "auth-plain": base64.b64encode(f"\0{EMAIL}\0{value}".encode()).decode(),
        "auth-plain-local": base64.b64encode(f"\0alice\0{value}".encode()).decode(),
    }


@pytest.mark.parametrize("form", sorted(echoes("x")))
def test_every_echoed_form_of_the_password_is_masked(form: str) -> None:
    detail = f"535 5.7.8 {echoes(PLANTED.reveal())[form]} rejected"
    scrubbed = scrub(detail, EMAIL, PLANTED.reveal())
    assert not leaked_forms(scrubbed, PLANTED, EMAIL)
    assert scrubbed == "535 5.7.8 *** rejected"


def test_a_live_users_address_is_replaced_in_details() -> None:
    detail = "IMAP port 993 (SSL/TLS) refused the user name 'bob' or its password (bob@ik.me)."
    shown = hide_address(detail, "bob@ik.me")
    assert "bob" not in shown
    assert "'<local part of KB_LIVE_USER>'" in shown and "<KB_LIVE_USER>" in shown
