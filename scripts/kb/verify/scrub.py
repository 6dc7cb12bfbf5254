"""Keep secrets out of what a check reports: the password in every form a client or server could
echo it, and (in live runs) the real user's address.
"""

from __future__ import annotations

import base64
import html
import json
import urllib.parse

LIVE_USER = "<KB_LIVE_USER>"
LIVE_LOCAL_PART = "<local part of KB_LIVE_USER>"


def scrub(detail: str, email: str, secret: str) -> str:
    """`detail` with the password replaced by `***` in its plain, URL, JSON, HTML, base64 and
    AUTH PLAIN forms."""
    if not secret:
        return detail
    forms = {
        secret,
        urllib.parse.quote(secret),
        urllib.parse.quote_plus(secret),
        json.dumps(secret)[1:-1],
        html.escape(secret),
        base64.b64encode(secret.encode()).decode(),
    }
    for user in {email, email.split("@", 1)[0]}:
        forms.add(base64.b64encode(f"\0{user}\0{secret}".encode()).decode())
    for form in sorted(forms, key=len, reverse=True):
        detail = detail.replace(form, "***")
    return detail


def hide_address(detail: str, email: str) -> str:
    """A real user's address (and its local part, where a detail names the login) made generic."""
    local = email.split("@", 1)[0]
    detail = detail.replace(email, LIVE_USER)
    for quoted in (f"'{local}'", f" {local} "):
        detail = detail.replace(quoted, quoted.replace(local, LIVE_LOCAL_PART))
    return detail
