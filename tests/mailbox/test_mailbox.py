"""The test mailbox offers the published listeners, keeps secrets off disk, and stops cleanly."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from fixtures_mailbox import HOST, leaked_forms
from kb.mailbox import Mailbox, MailboxError, ProfileError, load_profile
from kb.mailbox import config as mailbox_config
from kb.mailbox.cli import main as mailbox_main
from kb.mailbox.procs import group_pids
from kb.model import Connection
from kb.secret import Secret
from kb.verify.probe import probe

PUBLISHED = {
    ("imap", 993, "ssl"),
    ("imap", 143, "starttls"),
    ("pop3", 995, "ssl"),
    ("pop3", 110, "starttls"),
    ("smtp", 465, "ssl"),
    ("smtp", 587, "starttls"),
}


def test_profile_matches_the_published_offer() -> None:
    profile = load_profile()
    assert profile.host == "mail.infomaniak.com"
    assert {tuple(lst) for lst in profile.listeners} == PUBLISHED
    assert all("@" in user for user in profile.users)


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("- {protocol: imap, port: 993, security: tls}", "security: expected one of"),
        ("- {protocol: imap, port: '993', security: ssl}", "port: expected a port number"),
        ("- {protocol: imap, port: 143, security: ssl}", "port 143 is listed twice"),
    ],
    ids=["unknown-security", "port-as-text", "duplicate-port"],
)
def test_profile_mistakes_name_the_setting(tmp_path: Path, snippet: str, message: str) -> None:
    path = tmp_path / "profile.yml"
    first = "- {protocol: imap, port: 143, security: starttls}"
    path.write_text(
        f"host: mail.infomaniak.com\nlisteners:\n  {first}\n  {snippet}\nusers: [alice@ik.me]\n"
    )
    with pytest.raises(ProfileError, match=message):
        load_profile(path)


@pytest.mark.mailbox
def test_offers_every_published_listener(mailbox: Mailbox) -> None:
    assert {(c.protocol, c.port, c.security) for c in mailbox.offered} == PUBLISHED
    assert {c.host for c in mailbox.offered} == {mailbox.host}
    assert mailbox.host == "mail.infomaniak.com"
    assert mailbox.ca_path.read_text().startswith("-----BEGIN CERTIFICATE-----")
    with pytest.raises(KeyError, match="port 25 is not offered"):
        mailbox.endpoint(25)


@pytest.mark.mailbox
def test_passwords_stay_hidden_and_off_disk(mailbox: Mailbox) -> None:
    for acct in mailbox.users:
        assert isinstance(acct.password, Secret)
        assert "***" in repr(acct)
        assert not leaked_forms(repr(mailbox.users), acct.password, acct.email)
        # A wrong password makes Dovecot log the attempt; it must not log what was typed.
        wrong = type(acct)(acct.email, Secret("not-" + acct.password.reveal()))
        imaps = Connection("imap", HOST, 993, "ssl")
        probe(imaps, wrong, connect_to=mailbox.endpoint(993), ssl_context=mailbox.ssl_context())
        assert mailbox.workdir is not None
        for path in mailbox.workdir.rglob("*"):
            if path.is_file():
                text = path.read_text(errors="replace")
                assert not leaked_forms(text, acct.password, acct.email), path.name
                assert not leaked_forms(text, wrong.password, acct.email), path.name


@pytest.mark.mailbox
def test_second_mailbox_maps_ports_and_stops_without_leftovers(mailbox: Mailbox) -> None:
    with Mailbox.start() as other:
        pid, workdir = other.pid, other.workdir
        assert pid is not None and workdir is not None
        for lst in other.offered:
            # The session mailbox (or someone else) holds the documented ports.
            assert other.endpoint(lst.port)[1] != lst.port
        result = probe(
            Connection("imap", HOST, 993, "ssl"),
            other.users[0],
            connect_to=other.endpoint(993),
            ssl_context=other.ssl_context(),
        )
        assert result.kind == "ok", result.detail
        imaps = other.endpoint(993)
    assert group_pids(pid) == []
    assert not workdir.exists()
    with pytest.raises(ConnectionRefusedError), socket.create_connection(imaps, timeout=2):
        pass


@pytest.mark.mailbox
def test_password_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_MAILBOX_PASSWORD", "device-password-from-env")
    with Mailbox.start(prefer_documented_ports=False) as mb:
        assert all(a.password == Secret("device-password-from-env") for a in mb.users)
        conn = Connection("smtp", HOST, 587, "starttls")
        result = probe(conn, mb.users[1], connect_to=mb.endpoint(587), ssl_context=mb.ssl_context())
        assert result.kind == "ok", result.detail


@pytest.mark.mailbox
def test_start_failure_shows_dovecot_log(monkeypatch: pytest.MonkeyPatch) -> None:
    render = mailbox_config.render
    monkeypatch.setattr(
        mailbox_config, "render", lambda *a, **k: render(*a, **k) + "no_such_setting = 1\n"
    )
    with pytest.raises(MailboxError, match="no_such_setting"):
        Mailbox.start(prefer_documented_ports=False)


@pytest.mark.mailbox
def test_cli_prints_how_to_connect(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KB_MAILBOX_PASSWORD", "shown-only-on-request")
    secret = Secret("shown-only-on-request")
    assert mailbox_main(["--seconds", "0", "--high-ports"]) == 0
    out = capsys.readouterr().out
    assert "mail.infomaniak.com" in out and "ca.pem" in out and "alice@ik.me" in out
    assert "IMAP  993 SSL/TLS  -> 127.0.0.1:" in out
    assert not leaked_forms(out, secret)
    assert mailbox_main(["--seconds", "0", "--high-ports", "--show-passwords"]) == 0
    assert "plain" in leaked_forms(capsys.readouterr().out, secret)
