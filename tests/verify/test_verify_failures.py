"""Failures the verifier must catch whatever the pages say: credentials, plaintext, certificates."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from fixtures_mailbox import leaked_forms
from kb.mailbox import Account, Mailbox
from kb.model import Connection, KnowledgeBase, Profile
from kb.secret import Secret
from kb.verify import verify
from kb.verify.backend import Backend, Login, mailbox_backend
from kb.verify.collect import Collection, Target
from kb.verify.probe import probe
from kb.verify.report import explain, settings_problems
from kb.verify.run import Options, run

pytestmark = pytest.mark.mailbox


def only(kb: KnowledgeBase, connection: Connection) -> Collection:
    """A collection holding one target, as if a single page showed `connection`."""
    found = Collection(kb)
    found.targets[connection] = Target(connection, pages={"a-page"})
    return found


def test_wrong_password_fails_every_login(
    shipped: KnowledgeBase, mailbox: Mailbox, account: Account
) -> None:
    wrong = Login(account.email, Secret("wrong-" + account.password.reveal()))
    backend = mailbox_backend(mailbox, wrong)
    try:
        result = verify(shipped, backend, formats=False)
    finally:
        backend.close()
    assert not result.passed
    assert {o.result.kind for o in result.outcomes} == {"wrong-credentials"}
    assert {explain(o).field for o in result.outcomes} == {"username"}
    written = result.text() + json.dumps(result.results())
    leaks = leaked_forms(written, wrong.password, account.email)
    assert leaks == []


def test_plaintext_login_is_refused(mailbox: Mailbox, account: Account) -> None:
    """From 127.0.0.2 the mailbox treats the client as remote, as the provider would."""
    for port, protocol in ((143, "imap"), (110, "pop3"), (587, "smtp")):
        plain = Connection(protocol, mailbox.host, port, "plain", "email-address")
        result = probe(
            plain,
            account,
            connect_to=mailbox.endpoint(port),
            ssl_context=mailbox.ssl_context(),
            source_address="127.0.0.2",
        )
        assert (result.ok, result.kind) == (False, "plaintext-refused"), result.detail


def test_certificate_from_another_ca_fails(
    shipped: KnowledgeBase, mailbox: Mailbox, backend: Backend
) -> None:
    stranger = replace(backend, ssl_context=mailbox.other_ca_context(), closers=[])
    imap = shipped.settings.profile("imap").connection
    [outcome] = run(only(shipped, imap), stranger)
    assert outcome.result.kind == "certificate"
    assert explain(outcome).field == "host"


def test_certificate_for_another_host_fails(shipped: KnowledgeBase, backend: Backend) -> None:
    """The mailbox's certificate is for mail.infomaniak.com; a page naming another host fails."""
    other = replace(shipped.settings.profile("smtp").connection, host="smtp.example.net")
    [outcome] = run(only(shipped, other), backend)
    assert (outcome.result.ok, outcome.result.kind) == (False, "certificate")
    assert "smtp.example.net" in explain(outcome).message


def test_a_port_the_provider_does_not_offer_is_refused(
    shipped: KnowledgeBase, backend: Backend
) -> None:
    odd = replace(shipped.settings.profile("smtp").connection, port=2525)
    [outcome] = run(only(shipped, odd), backend)
    assert outcome.result.kind == "refused"
    assert explain(outcome).field == "port"


def test_overall_deadline_stops_the_run(shipped: KnowledgeBase, backend: Backend) -> None:
    """A run past its deadline reports the rest as timeouts instead of hanging."""
    imap = shipped.settings.profile("imap").connection
    # Implicit TLS spoken as STARTTLS: the client waits for a greeting that never comes.
    silent = replace(imap, security="starttls")
    outcomes = run(only(shipped, silent), backend, Options(timeout=5.0, deadline=0.5))
    assert [o.result.kind for o in outcomes] == ["timeout"]


def test_settings_field_is_reported_for_every_profile_sharing_it(
    shipped: KnowledgeBase, backend: Backend
) -> None:
    """Two profiles with the same connection are checked once and both are named."""
    imap = shipped.settings.profile("imap")
    twin = Profile(**{**imap.__dict__, "key": "imap-twin"})
    connection = replace(imap.connection, port=995)
    collection = only(shipped, connection)
    target = collection.targets[connection]
    target.profiles.update({"imap": imap, "imap-twin": twin})
    [outcome] = run(collection, backend)
    assert outcome.result.kind == "protocol"
    named = {p.field for p in settings_problems([explain(outcome)])}
    assert named == {"profiles.imap.port", "profiles.imap-twin.port"}
