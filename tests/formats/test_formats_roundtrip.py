"""Each file, read back as its client reads it, offers exactly the settings; a wrong port shows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.formats import (
    OUTPUTS,
    apple_tls_mode,
    parse_autoconfig,
    parse_autodiscover,
    parse_mobileconfig,
    parse_settings_json,
    parse_srv,
    render_all,
)
from kb.formats.consistency import check_consistency

PARSERS = {
    "mail/config-v1.1.xml": parse_autoconfig,
    "autodiscover/autodiscover.xml": parse_autodiscover,
    "downloads/infomaniak-mail.mobileconfig": parse_mobileconfig,
    "settings.json": parse_settings_json,
    "dns/srv.zone.txt": parse_srv,
}
ALL = [
    ("imap", "mail.infomaniak.com", 993, "ssl"),
    ("imap", "mail.infomaniak.com", 143, "starttls"),
    ("pop3", "mail.infomaniak.com", 995, "ssl"),
    ("pop3", "mail.infomaniak.com", 110, "starttls"),
    ("smtp", "mail.infomaniak.com", 587, "starttls"),
    ("smtp", "mail.infomaniak.com", 465, "ssl"),
]


def endpoints(offered):
    return [
        (o.connection.protocol, o.connection.host, o.connection.port, o.connection.security)
        for o in offered
    ]


@pytest.mark.parametrize("file", sorted(PARSERS))
def test_file_offers_the_published_settings_in_preference_order(settings, file):
    parsed = PARSERS[file](render_all(settings)[file])
    if file.endswith(".mobileconfig"):
        # One account: the recommended IMAP and SMTP settings.
        assert endpoints(parsed) == [ALL[0], ALL[4]]
    elif file.endswith("srv.zone.txt"):
        # RFC 6186: a client looks up the domain of its address; every provider domain has them.
        assert endpoints(parsed) == ALL * 3
    else:
        assert endpoints(parsed) == ALL
    assert {o.connection.username for o in parsed} == {"email-address"}


@pytest.mark.parametrize("file", sorted(PARSERS))
def test_a_file_offers_the_very_connections_of_the_settings(settings, file):
    """What a client reads from a file is the settings profile's own connection, so the verifier
    logs in once for a server whether a page or a file shows it."""
    documented = {p.connection for p in settings.profiles}
    offered = [o.connection for o in PARSERS[file](render_all(settings)[file])]
    assert offered and set(offered) <= documented


def test_origins_point_into_the_file(settings):
    files = render_all(settings)
    assert [p.origin for p in parse_autoconfig(files["mail/config-v1.1.xml"])][:2] == [
        "incomingServer[1]",
        "incomingServer[2]",
    ]
    assert [
        p.origin for p in parse_mobileconfig(files["downloads/infomaniak-mail.mobileconfig"])
    ] == ["PayloadContent[1].Incoming", "PayloadContent[1].Outgoing"]
    assert parse_srv(files["dns/srv.zone.txt"])[0].origin == "line 5 (_imaps._tcp.ik.me)"


def test_rendered_files_are_consistent_with_the_settings(settings):
    assert check_consistency(settings, render_all(settings)) == []


def test_a_wrong_port_changes_what_every_file_offers(settings):
    wrong = replace(
        settings,
        profiles=tuple(
            replace(p, connection=replace(p.connection, port=995)) if p.key == "imap" else p
            for p in settings.profiles
        ),
    )
    good, bad = render_all(settings), render_all(wrong)
    for file in OUTPUTS:
        parse = PARSERS.get(file, parse_autoconfig)
        assert endpoints(parse(bad[file])) != endpoints(parse(good[file])), file
        assert ("imap", "mail.infomaniak.com", 995, "ssl") in endpoints(parse(bad[file])), file
    problems = check_consistency(settings, bad)
    assert {p.split(": ")[0] for p in problems} == set(OUTPUTS)
    assert (
        "mail/config-v1.1.xml: profile 'imap' is imap mail.infomaniak.com:993 ssl "
        "email-address in the settings but incomingServer[1] offers imap "
        "mail.infomaniak.com:995 ssl email-address"
    ) in problems
    assert (
        "dns/srv.zone.txt: profile 'imap' is imap mail.infomaniak.com:993 ssl in the "
        "settings but line 5 (_imaps._tcp.ik.me) offers imap mail.infomaniak.com:995 ssl"
    ) in problems


def test_every_provider_domain_gets_every_service_record(settings):
    """RFC 6186 section 3 / RFC 8314 section 5.1: `_service._tcp.<domain of the address>`."""
    zone = render_all(settings)["dns/srv.zone.txt"].decode()
    names = {line.split()[0] for line in zone.splitlines() if not line.startswith(";")}
    labels = ("_imaps", "_imap", "_pop3s", "_pop3", "_submissions", "_submission")
    assert names == {
        f"{label}._tcp.{domain}."
        for label in labels
        for domain in ("ik.me", "etik.com", "ikmail.com")
    }


def test_a_zone_missing_a_provider_domain_is_reported(settings):
    fewer = replace(settings, provider=replace(settings.provider, domains=("ik.me", "etik.com")))
    zone = render_all(fewer)["dns/srv.zone.txt"]
    problems = check_consistency(settings, {**render_all(settings), "dns/srv.zone.txt": zone})
    assert problems == [
        f"dns/srv.zone.txt: profile {key!r} ({text}) is not offered"
        for key, text in (
            ("imap", "imap mail.infomaniak.com:993 ssl"),
            ("imap-starttls", "imap mail.infomaniak.com:143 starttls"),
            ("pop3", "pop3 mail.infomaniak.com:995 ssl"),
            ("pop3-starttls", "pop3 mail.infomaniak.com:110 starttls"),
            ("smtp", "smtp mail.infomaniak.com:587 starttls"),
            ("smtp-ssl", "smtp mail.infomaniak.com:465 ssl"),
        )
    ]


def test_a_missing_file_is_reported(settings):
    files = render_all(settings)
    del files["settings.json"]
    assert check_consistency(settings, files) == ["settings.json: missing from the rendered files"]


def test_a_dropped_profile_is_reported(settings):
    fewer = replace(settings, profiles=tuple(p for p in settings.profiles if p.key != "pop3"))
    problems = check_consistency(settings, render_all(fewer))
    assert (
        "settings.json: profile 'pop3' is pop3 mail.infomaniak.com:995 ssl email-address in "
        "the settings but profiles[3] (pop3-starttls) offers pop3 mail.infomaniak.com:110 "
        "starttls email-address"
    ) in problems
    assert (
        "settings.json: profile 'smtp-ssl' (smtp mail.infomaniak.com:465 ssl email-address) "
        "is not offered"
    ) in problems


@pytest.mark.parametrize(
    ("port", "mode"),
    [
        (993, "ssl"),
        (995, "ssl"),
        (465, "ssl"),
        (143, "starttls"),
        (110, "starttls"),
        (587, "starttls"),
        (25, "starttls"),
    ],
)
def test_apple_mail_picks_the_tls_mode_from_the_port(port, mode):
    assert apple_tls_mode(port, True) == mode


def test_apple_tls_mode_refuses_to_guess():
    with pytest.raises(ValueError, match="port 2525: no evidence which TLS mode"):
        apple_tls_mode(2525, True)
    with pytest.raises(ValueError, match="port 993: UseSSL is false"):
        apple_tls_mode(993, False)
