"""Apple configuration profile (`.mobileconfig`): one Mail account with the recommended settings.

Keys follow Apple's Mail payload (https://developer.apple.com/documentation/devicemanagement/mail;
the key table is in `kb.formats.apple_keys`). The profile never carries a password nor a user:
`EmailAddress` and the `*MailServerUsername` keys are left out, which is what makes the device ask
for them on install (an empty string would be taken as the answer). `kb.formats.sign` signs it.
"""

from __future__ import annotations

import plistlib
import re
import uuid
from typing import Any

from kb.formats.apple_keys import MAIL, TOP_LEVEL, key_problems
from kb.formats.parse import Offered, preferred, typed_keys
from kb.model import Connection, Profile, Security, Settings

NAME = "mobileconfig"
MAIL_PAYLOAD = "com.apple.mail.managed"
ACCOUNT_TYPES = {"imap": "EmailTypeIMAP", "pop3": "EmailTypePOP"}
ALLOWED_PASSWORD_KEYS = frozenset({"OutgoingPasswordSameAsIncomingPassword"})
IMPLICIT_TLS_PORTS = frozenset({993, 995, 465})
STARTTLS_PORTS = frozenset({143, 110, 587, 25})
_UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
# Optional in Apple's schema, required here: the TLS mode is read from the port (apple_tls_mode).
_SERVER_KEYS = {"PortNumber": int, "UseSSL": bool}


def apple_tls_mode(port: int, use_ssl: bool) -> Security:
    """The TLS mode Apple Mail picks for a profile's `port` when `*UseSSL` is true.

    The payload has one boolean ("If 'true', the system enables SSL"), so the port decides: implicit
    TLS on 993/995/465, STARTTLS on 143/110/587/25. Any other port is refused rather than guessed.
    """
    # Evidence: Mail-in-a-Box ships a profile with OutgoingMailServerPortNumber 587 and
    # OutgoingMailServerUseSSL true for its STARTTLS-only submission port
    # (github.com/mail-in-a-box/mailinabox, conf/ios-profile.xml); Apple's iCloud settings say
    # "smtp.mail.me.com, port 587, SSL required" for a STARTTLS port (restated at
    # clean.email/blog/email-settings/icloud-email-settings); Apple Mail ties its SSL box to the
    # default ports (openradar 12686446, github.com/lionheart/openradar-mirror/issues/14290).
    # Apple documents no mapping, so only the well-known ports are modelled.
    if not use_ssl:
        raise ValueError(f"port {port}: UseSSL is false, so the password would travel unencrypted")
    if port in IMPLICIT_TLS_PORTS:
        return "ssl"
    if port in STARTTLS_PORTS:
        return "starttls"
    raise ValueError(f"port {port}: no evidence which TLS mode Apple Mail uses on this port")


def render(settings: Settings, *, doc_url: str | None = None) -> bytes:
    """An XML plist with one Mail payload: the preferred IMAP and SMTP profiles."""
    provider = settings.provider
    incoming, outgoing = preferred(settings, "imap"), preferred(settings, "smtp")
    identifier = ".".join(reversed(provider.domains[0].split("."))) + ".mail"
    description = f"Sets up {provider.name} in Apple Mail with the recommended settings."
    if doc_url:
        description += f" Help: {doc_url}"
    account = {
        "EmailAccountDescription": provider.name,
        "EmailAccountType": ACCOUNT_TYPES[incoming.protocol],
        **_server("Incoming", incoming),
        **_server("Outgoing", outgoing),
        "OutgoingPasswordSameAsIncomingPassword": True,
        "PayloadDisplayName": f"{provider.name} account",
        "PayloadIdentifier": f"{identifier}.account",
        "PayloadType": MAIL_PAYLOAD,
        "PayloadUUID": _uuid(f"{identifier}.account"),
        "PayloadVersion": 1,
    }
    profile = {
        "PayloadContent": [account],
        "PayloadDescription": description,
        "PayloadDisplayName": provider.name,
        "PayloadIdentifier": identifier,
        "PayloadOrganization": provider.short_name,
        "PayloadRemovalDisallowed": False,
        "PayloadType": "Configuration",
        "PayloadUUID": _uuid(identifier),
        "PayloadVersion": 1,
    }
    return plistlib.dumps(profile, fmt=plistlib.FMT_XML, sort_keys=True)


def _server(side: str, profile: Profile) -> dict[str, Any]:
    return {
        f"{side}MailServerAuthentication": "EmailAuthPassword",
        f"{side}MailServerHostName": profile.host,
        f"{side}MailServerPortNumber": profile.port,
        # Both TLS modes are "true": the device picks implicit TLS or STARTTLS from the port.
        f"{side}MailServerUseSSL": True,
    }


def _uuid(identifier: str) -> str:
    # Stable across builds: Apple replaces a payload in place when identifier and UUID match.
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, identifier)).upper()


def validate(data: bytes) -> list[str]:
    """Every reason a device would reject or mis-read this profile, as `where: what`."""
    try:
        top = plistlib.loads(data, fmt=plistlib.FMT_XML)
    except Exception as exc:  # plistlib raises ExpatError, ValueError or InvalidFileException
        return [f"not a valid XML property list: {exc}"]
    if not isinstance(top, dict):
        return [f"expected a dictionary at the top level but received {type(top).__name__}"]
    problems = _password_keys("profile", top)
    problems += key_problems("profile", top, TOP_LEVEL) + _uuid_problems("profile", top)
    payloads = top.get("PayloadContent") if isinstance(top.get("PayloadContent"), list) else []
    mail = [
        (i, p)
        for i, p in enumerate(payloads, 1)
        if isinstance(p, dict) and p.get("PayloadType") == MAIL_PAYLOAD
    ]
    if not mail:
        problems.append(f"profile: expected a {MAIL_PAYLOAD} payload in PayloadContent")
    for index, payload in mail:
        problems += _mail_problems(f"PayloadContent[{index}]", payload)
    return problems


def _mail_problems(where: str, payload: dict[str, Any]) -> list[str]:
    problems = key_problems(where, payload, MAIL) + _uuid_problems(where, payload)
    for side in ("Incoming", "Outgoing"):
        keys = {f"{side}MailServer{name}": kind for name, kind in _SERVER_KEYS.items()}
        found = typed_keys(where, payload, keys)
        # A wrong type is already reported from Apple's table; a missing key is ours to say.
        problems += [p for p in found if "missing required key" in p]
        if not found:
            try:
                apple_tls_mode(
                    payload[f"{side}MailServerPortNumber"], payload[f"{side}MailServerUseSSL"]
                )
            except ValueError as exc:
                problems.append(f"{where}: {side}MailServer {exc}")
    return problems


def _uuid_problems(where: str, mapping: dict[str, Any]) -> list[str]:
    value = mapping.get("PayloadUUID")
    if isinstance(value, str) and not _UUID.match(value.upper()):
        return [f"{where}: PayloadUUID: expected a UUID but received {value!r}"]
    return []


def _password_keys(where: str, value: Any) -> list[str]:
    """Every key anywhere in the profile that would carry a password."""
    problems = []
    if isinstance(value, dict):
        for key in sorted(value):
            if "password" in key.lower() and key not in ALLOWED_PASSWORD_KEYS:
                problems.append(
                    f"{where}: contains the password key {key!r}; a profile must never "
                    f"carry a password"
                )
            problems += _password_keys(f"{where}.{key}", value[key])
    elif isinstance(value, list):
        for index, item in enumerate(value, 1):
            problems += _password_keys(f"{where}[{index}]", item)
    return problems


def parse(data: bytes) -> list[Offered]:
    """The incoming and outgoing server of each Mail payload, as a device would connect."""
    top = plistlib.loads(data, fmt=plistlib.FMT_XML)
    protocols = {v: k for k, v in ACCOUNT_TYPES.items()}
    profiles = []
    for index, payload in enumerate(top["PayloadContent"], 1):
        if payload.get("PayloadType") != MAIL_PAYLOAD:
            continue
        for side in ("Incoming", "Outgoing"):
            port = payload[f"{side}MailServerPortNumber"]
            protocol = protocols[payload["EmailAccountType"]] if side == "Incoming" else "smtp"
            connection = Connection(
                protocol=protocol,
                host=payload[f"{side}MailServerHostName"],
                port=port,
                security=apple_tls_mode(port, payload[f"{side}MailServerUseSSL"]),
                # The device asks for the user name; the help pages say: the address.
                username="email-address",
            )
            profiles.append(Offered(f"PayloadContent[{index}].{side}", connection))
    return profiles
