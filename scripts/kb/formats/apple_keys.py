"""The keys Apple's Configuration Profile Reference defines for a profile and its Mail payload.

Transcribed from Apple's machine-readable schema, github.com/apple/device-management:
`mdm/profiles/TopLevel.yaml` (the profile), `CommonPayloadKeys.yaml` (every payload) and
`com.apple.mail.managed.yaml` (the Mail payload; the same text as
developer.apple.com/documentation/devicemanagement/mail). Each key: its type, whether Apple marks
it required, and its allowed values where Apple lists them (`rangelist`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    """One key of a payload as Apple's schema defines it."""

    kind: type
    required: bool = False
    values: tuple[Any, ...] = ()


_AUTH = (
    "EmailAuthNone",
    "EmailAuthPassword",
    "EmailAuthCRAMMD5",
    "EmailAuthNTLM",
    "EmailAuthHTTPMD5",
)

TOP_LEVEL: dict[str, Key] = {
    "PayloadIdentifier": Key(str, True),
    "PayloadUUID": Key(str, True),
    "PayloadType": Key(str, True, ("Configuration",)),
    "PayloadVersion": Key(int, True, (1,)),
    "IsEncrypted": Key(bool),
    "PayloadContent": Key(list, True),
    "EncryptedPayloadContent": Key(bytes),
    "PayloadDescription": Key(str),
    "PayloadDisplayName": Key(str),
    "HasRemovalPasscode": Key(bool),
    "PayloadOrganization": Key(str),
    "PayloadRemovalDisallowed": Key(bool),
    "PayloadScope": Key(str, False, ("System", "User")),
    "RemovalDate": Key(datetime.datetime),
    "DurationUntilRemoval": Key(float),
    "PayloadExpirationDate": Key(datetime.datetime),
    "TargetDeviceType": Key(int, False, (0, 1, 2, 3, 4, 5)),
    "ConsentText": Key(dict),
}

COMMON: dict[str, Key] = {
    "PayloadIdentifier": Key(str, True),
    "PayloadUUID": Key(str, True),
    "PayloadType": Key(str, True),
    "PayloadVersion": Key(int, True, (1,)),
    "PayloadDescription": Key(str),
    "PayloadDisplayName": Key(str),
    "PayloadOrganization": Key(str),
}

_BOOLEANS = (
    "OutgoingPasswordSameAsIncomingPassword PreventMove PreventAppSheet SMIMEEnabled "
    "SMIMESigningEnabled SMIMEEncryptionEnabled SMIMEEnablePerMessageSwitch "
    "disableMailRecentsSyncing allowMailDrop SMIMESigningUserOverrideable "
    "SMIMESigningCertificateUUIDUserOverrideable SMIMEEncryptByDefault "
    "SMIMEEncryptByDefaultUserOverrideable SMIMEEncryptionCertificateUUIDUserOverrideable "
    "SMIMEEnableEncryptionPerMessageSwitch"
).split()
_STRINGS = (
    "EmailAccountDescription EmailAccountName EmailAddress IncomingMailServerUsername "
    "IncomingPassword OutgoingPassword OutgoingMailServerUsername SMIMESigningCertificateUUID "
    "SMIMEEncryptionCertificateUUID IncomingMailServerIMAPPathPrefix VPNUUID"
).split()

MAIL: dict[str, Key] = {
    **COMMON,
    "EmailAccountType": Key(str, True, ("EmailTypeIMAP", "EmailTypePOP")),
    "IncomingMailServerAuthentication": Key(str, True, _AUTH),
    "IncomingMailServerHostName": Key(str, True),
    "IncomingMailServerPortNumber": Key(int),
    "IncomingMailServerUseSSL": Key(bool),
    "OutgoingMailServerAuthentication": Key(str, True, _AUTH),
    "OutgoingMailServerHostName": Key(str, True),
    "OutgoingMailServerPortNumber": Key(int),
    "OutgoingMailServerUseSSL": Key(bool),
    **{name: Key(bool) for name in _BOOLEANS},
    **{name: Key(str) for name in _STRINGS},
}

# "If this string isn't present in the payload, the device prompts the user for this string
# during interactive profile installation" (EmailAddress; the Username keys say "If not set").
# Present but empty, the device takes the empty string and asks nothing.
PROMPTED_WHEN_ABSENT = ("EmailAddress", "IncomingMailServerUsername", "OutgoingMailServerUsername")


def key_problems(where: str, mapping: dict[str, Any], keys: dict[str, Key]) -> list[str]:
    """Each way `mapping` breaks Apple's definition `keys`: a required key missing, a key Apple
    does not define, a value of the wrong type or outside Apple's list, an empty prompted key."""
    problems = [
        f"{where}: missing required key {name!r}"
        for name, key in keys.items()
        if key.required and name not in mapping
    ]
    for name in sorted(mapping):
        value, key = mapping[name], keys.get(name)
        if key is None:
            problems.append(f"{where}: {name!r} is not a key Apple defines for this payload")
        # Exact type: bool is an int in Python, and `true` must not pass for a port number.
        elif type(value) is not key.kind:
            problems.append(
                f"{where}: {name}: expected {key.kind.__name__} but received "
                f"{type(value).__name__} {value!r}"
            )
        elif key.values and value not in key.values:
            problems.append(
                f"{where}: {name}: expected one of {list(key.values)} but received {value!r}"
            )
        elif name in PROMPTED_WHEN_ABSENT and not value.strip():
            problems.append(
                f"{where}: {name} is empty; leave the key out so the device asks for it"
            )
    return problems
