"""Broken files are rejected with the exact problem a maintainer needs to see.

Each negative example edits a freshly rendered file (or replaces it) and states the one message it
must produce, as check-jsonschema's invalid examples do.
"""

from __future__ import annotations

import plistlib
from dataclasses import replace

import pytest

from kb.formats import OUTPUTS, FormatError, render_all

AUTOCONFIG = "mail/config-v1.1.xml"
AUTODISCOVER = "autodiscover/autodiscover.xml"
MOBILECONFIG = "downloads/infomaniak-mail.mobileconfig"
JSON = "settings.json"
SRV = "dns/srv.zone.txt"
SRV_FORM = "`_service._tcp.domain. TTL IN SRV priority weight port target.`"
SRV_LABELS = "['_imap', '_imaps', '_pop3', '_pop3s', '_submission', '_submissions']"

MALFORMED = {
    "xml-mismatched-tag": (
        AUTOCONFIG,
        b"<clientConfig><emailProvider></clientConfig>",
        "not well-formed XML: mismatched tag: line 1, column 31",
    ),
    "xml-truncated": (
        AUTODISCOVER,
        b"<Autodiscover>",
        "not well-formed XML: no element found: line 1, column 14",
    ),
    "plist-mismatched-tag": (
        MOBILECONFIG,
        b"<plist><dict><key>a</key></plist>",
        "not a valid XML property list: mismatched tag: line 1, column 27",
    ),
    "json-truncated": (
        JSON,
        b'{"profiles": ',
        "not valid UTF-8 JSON: Expecting value: line 1 column 14 (char 13)",
    ),
}

# id: (file, text to replace, replacement, the one expected problem)
EDITS = {
    "autoconfig-missing-port": (
        AUTOCONFIG,
        b"<port>993</port>",
        b"",
        "incomingServer[1]: missing <port>",
    ),
    "autoconfig-plain-socket": (
        AUTOCONFIG,
        b"<socketType>STARTTLS</socketType>",
        b"<socketType>plain</socketType>",
        "incomingServer[2]: expected <socketType> SSL or STARTTLS but received 'plain'",
    ),
    "autoconfig-port-not-a-number": (
        AUTOCONFIG,
        b"<port>587</port>",
        b"<port>five</port>",
        "outgoingServer[1]: expected <port> to be a port number but received 'five'",
    ),
    "autodiscover-no-encryption": (
        AUTODISCOVER,
        b"<Encryption>TLS</Encryption>",
        b"<Encryption>None</Encryption>",
        "Protocol[2]: expected <Encryption> one of ['SSL', 'TLS'] but received 'None'",
    ),
    "autodiscover-missing-server": (
        AUTODISCOVER,
        b"<Server>mail.infomaniak.com</Server>",
        b"",
        "Protocol[1]: missing <Server>",
    ),
    "autodiscover-empty-login": (
        AUTODISCOVER,
        b"<Port>993</Port>",
        b"<Port>993</Port><LoginName />",
        "Protocol[1]: expected no <LoginName> (optional; Outlook then uses the typed address)"
        " but received ''",
    ),
    "autodiscover-placeholder-login": (
        AUTODISCOVER,
        b"<Port>587</Port>",
        b"<Port>587</Port><LoginName>%EMAILADDRESS%</LoginName>",
        "Protocol[5]: expected no <LoginName> (optional; Outlook then uses the typed address)"
        " but received '%EMAILADDRESS%'",
    ),
    "autodiscover-user": (
        AUTODISCOVER,
        b"<Account>",
        b"<User><AutoDiscoverSMTPAddress /></User><Account>",
        "Response: a static file cannot name the user; leave <User> out (it is optional)",
    ),
    "autodiscover-unknown-element": (
        AUTODISCOVER,
        b"<SPA>off</SPA>",
        b"<SPA>off</SPA><UseSSL>on</UseSSL>",
        "Protocol[1]: <UseSSL> is not an element of a POX <Protocol>",
    ),
    "json-missing-port": (
        JSON,
        b'"port": 993,\n',
        b"",
        "profiles[1]: missing required key 'port'",
    ),
    "json-port-as-text": (
        JSON,
        b'"port": 993',
        b'"port": "993"',
        "profiles[1]: port: expected int but received str '993'",
    ),
    "srv-missing-target": (
        SRV,
        b"0 1 993 mail.infomaniak.com.",
        b"0 1 993",
        f"line 5: expected {SRV_FORM} but received '_imaps._tcp.ik.me. 3600 IN SRV 0 1 993'",
    ),
    "srv-unknown-label": (
        SRV,
        b"_pop3._tcp",
        b"_pop._tcp",
        f"line 6: expected a service label one of {SRV_LABELS} but received '_pop'",
    ),
    "srv-domain-missing-a-service": (
        SRV,
        b"_pop3._tcp.etik.com. 3600 IN SRV 30 1 110 mail.infomaniak.com.\n",
        b"",
        "etik.com: missing ['_pop3'], which other domains offer",
    ),
}

# id: (change to the Mail payload, the one expected problem)
PLIST_EDITS = {
    "missing-host": (
        lambda p: p.pop("IncomingMailServerHostName"),
        "PayloadContent[1]: missing required key 'IncomingMailServerHostName'",
    ),
    "port-as-boolean": (
        lambda p: p.update(OutgoingMailServerPortNumber=True),
        "PayloadContent[1]: OutgoingMailServerPortNumber: expected int but received bool True",
    ),
    "ssl-off": (
        lambda p: p.update(IncomingMailServerUseSSL=False),
        "PayloadContent[1]: IncomingMailServer port 993: UseSSL is false,"
        " so the password would travel unencrypted",
    ),
    "unmodelled-port": (
        lambda p: p.update(OutgoingMailServerPortNumber=2525),
        "PayloadContent[1]: OutgoingMailServer port 2525: no evidence which TLS mode"
        " Apple Mail uses on this port",
    ),
    "empty-username": (
        lambda p: p.update(IncomingMailServerUsername=""),
        "PayloadContent[1]: IncomingMailServerUsername is empty; leave the key out so the device"
        " asks for it",
    ),
    "empty-address": (
        lambda p: p.update(EmailAddress=" "),
        "PayloadContent[1]: EmailAddress is empty; leave the key out so the device asks for it",
    ),
    "unknown-authentication": (
        lambda p: p.update(OutgoingMailServerAuthentication="EmailAuthPlain"),
        "PayloadContent[1]: OutgoingMailServerAuthentication: expected one of ['EmailAuthNone',"
        " 'EmailAuthPassword', 'EmailAuthCRAMMD5', 'EmailAuthNTLM', 'EmailAuthHTTPMD5'] but"
        " received 'EmailAuthPlain'",
    ),
    "key-apple-does-not-define": (
        lambda p: p.update(IncomingMailServerSSL=True),
        "PayloadContent[1]: 'IncomingMailServerSSL' is not a key Apple defines for this payload",
    ),
    "missing-account-type": (
        lambda p: p.pop("EmailAccountType"),
        "PayloadContent[1]: missing required key 'EmailAccountType'",
    ),
    "password": (
        lambda p: p.update(IncomingPassword="hunter2"),
        "profile.PayloadContent[1]: contains the password key 'IncomingPassword';"
        " a profile must never carry a password",
    ),
}


def validate(file: str, data: bytes) -> list[str]:
    return OUTPUTS[file].validate(data)


def test_generated_files_validate(settings):
    for file, data in render_all(settings).items():
        assert validate(file, data) == [], file


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_files_are_rejected(case):
    file, data, expected = MALFORMED[case]
    assert validate(file, data) == [expected]


@pytest.mark.parametrize("case", sorted(EDITS))
def test_edited_files_are_rejected(settings, case):
    file, old, new, expected = EDITS[case]
    data = render_all(settings)[file]
    assert old in data, f"{old!r} not in {file}"
    assert validate(file, data.replace(old, new, 1)) == [expected]


@pytest.mark.parametrize("case", sorted(PLIST_EDITS))
def test_edited_mobileconfig_is_rejected(settings, case):
    change, expected = PLIST_EDITS[case]
    profile = plistlib.loads(render_all(settings)[MOBILECONFIG])
    change(profile["PayloadContent"][0])
    assert validate(MOBILECONFIG, plistlib.dumps(profile, sort_keys=True)) == [expected]


def test_generated_mobileconfig_has_no_password_and_no_user(settings):
    def keys(value):
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        return {k for v in value for k in keys(v)} if isinstance(value, list) else set()

    profile = plistlib.loads(render_all(settings)[MOBILECONFIG])
    found = keys(profile)
    assert {k for k in found if "password" in k.lower()} == {
        "OutgoingPasswordSameAsIncomingPassword"
    }
    assert "EmailAddress" not in found
    # Absent, not empty: Apple's device asks for a key only when it is not in the payload.
    assert not found & {"IncomingMailServerUsername", "OutgoingMailServerUsername"}


def test_top_level_keys_follow_apple(settings):
    profile = plistlib.loads(render_all(settings)[MOBILECONFIG])
    profile["PayloadVersion"] = 2
    profile["PayloadScope"] = "Device"
    assert validate(MOBILECONFIG, plistlib.dumps(profile, sort_keys=True)) == [
        "profile: PayloadScope: expected one of ['System', 'User'] but received 'Device'",
        "profile: PayloadVersion: expected one of [1] but received 2",
    ]


def with_profile(settings, key, **changes):
    return replace(
        settings,
        profiles=tuple(
            replace(p, connection=replace(p.connection, **changes)) if p.key == key else p
            for p in settings.profiles
        ),
    )


def test_render_all_lists_every_problem(settings):
    local = with_profile(settings, "pop3", username="local-part")
    with pytest.raises(FormatError) as caught:
        render_all(local, {"autoconfig": "https://help.example.org/", "wiki": "https://x/"})
    names = "['autoconfig', 'autodiscover', 'mobileconfig', 'settings-json', 'srv']"
    assert caught.value.problems == [
        (
            AUTODISCOVER,
            "profile 'pop3': Autodiscover cannot express the local-part user name in a static file",
        ),
        ("doc_urls", f"expected a format name one of {names} but received 'wiki'"),
    ]
    assert str(caught.value).splitlines()[0].startswith(f"{AUTODISCOVER}: profile 'pop3'")


def test_render_all_rejects_an_unknown_authentication(settings):
    with pytest.raises(FormatError) as caught:
        render_all(with_profile(settings, "smtp", authentication="password-plain"))
    message = "outgoingServer[1]: expected a known <authentication> but received 'password-plain'"
    assert caught.value.problems == [
        (".well-known/autoconfig/mail/config-v1.1.xml", message),
        (AUTOCONFIG, message),
    ]
