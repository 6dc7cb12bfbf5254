"""Every setting the shipped help centre documents, and every generated file, logs in for real."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures_mailbox import leaked_forms
from kb.build import read_stamp
from kb.formats import apple_tls_mode, render_all
from kb.mailbox import Mailbox
from kb.model import KnowledgeBase
from kb.verify import Verification, verify
from kb.verify.backend import Backend
from kb.verify.cli import main
from kb.verify.results import write_results

pytestmark = pytest.mark.mailbox


@pytest.fixture(scope="module")
def shipped_run(shipped: KnowledgeBase, backend: Backend, mailbox: Mailbox) -> Verification:
    before = mailbox.delivered
    result = verify(shipped, backend)
    smtp = [o for o in result.outcomes if o.target.connection.protocol == "smtp"]
    # Each outgoing profile sent one message to the test user; the relay counts deliveries.
    assert mailbox.delivered - before == len(smtp)
    print(
        f"\nshipped KB: {len(shipped.pages)} pages, {len(result.outcomes)} unique profiles, "
        f"verified in {result.seconds:.2f} s (mailbox started in {mailbox.start_seconds:.2f} s)"
    )
    return result


def test_every_documented_profile_logs_in(shipped_run: Verification) -> None:
    failed = [o.target.connection for o in shipped_run.outcomes if not o.result.ok]
    assert failed == [], shipped_run.text()
    assert shipped_run.passed


def test_each_settings_profile_is_checked_once(
    shipped: KnowledgeBase, shipped_run: Verification
) -> None:
    checked = [o.target.connection for o in shipped_run.outcomes]
    assert len(checked) == len(set(checked))
    assert set(checked) == {p.connection for p in shipped.settings.profiles}
    shown = {key for page in shipped.pages.values() for key in page.settings}
    covered = {k for o in shipped_run.outcomes for k in o.target.profiles}
    assert shown <= covered


def test_every_page_showing_settings_is_covered(
    shipped: KnowledgeBase, shipped_run: Verification
) -> None:
    with_settings = {key for key, page in shipped.pages.items() if page.settings}
    covered = {page for o in shipped_run.outcomes for page in o.target.pages}
    assert with_settings <= covered


def test_every_generated_file_is_proven(shipped: KnowledgeBase, shipped_run: Verification) -> None:
    collection = shipped_run.collection
    assert collection.format_problems == []
    assert set(collection.files) == set(render_all(shipped.settings))
    verdict = {o.target.connection: o.result for o in shipped_run.outcomes}
    for file, entries in collection.files.items():
        assert entries, f"{file} advertises no server"
        assert all(verdict[c].ok for _, c in entries), file
    results = shipped_run.results()
    assert all(entry["ok"] for entry in results["formats"].values())


def test_mobileconfig_proof_names_the_tls_mode_per_port(shipped_run: Verification) -> None:
    entries = shipped_run.collection.files["downloads/infomaniak-mail.mobileconfig"]
    assert {c.protocol for _, c in entries} == {"imap", "smtp"}
    for label, connection in entries:
        spoken = {"ssl": "SSL/TLS", "starttls": "STARTTLS"}[connection.security]
        assert connection.security == apple_tls_mode(connection.port, True)
        assert f"UseSSL true on port {connection.port}: Apple Mail uses {spoken}" in label


def test_sent_message_arrives(shipped_run: Verification) -> None:
    smtp = [o for o in shipped_run.outcomes if o.target.connection.protocol == "smtp"]
    assert smtp
    for outcome in smtp:
        assert outcome.result.ok, outcome.result.detail
        assert "found it over IMAP" in outcome.result.detail


def test_results_file_stamps_the_pages(
    shipped: KnowledgeBase, shipped_run: Verification, tmp_path: Path
) -> None:
    path = tmp_path / "verify-results.json"
    write_results(path, shipped_run.results())
    data = json.loads(path.read_text("utf-8"))
    assert (data["passed"], data["mode"]) == (True, "mailbox")
    for entry in data["profiles"]:
        assert entry["pages"] or entry["sources"]
        assert not [key for key in entry if "password" in key.lower()]
    stamp = read_stamp(path)
    assert stamp is not None
    assert stamp.date == datetime.now(UTC).strftime("%Y-%m-%d")
    assert {(p.protocol, p.host, p.port, p.security) for p in shipped.settings.profiles} <= (
        stamp.profiles
    )


def test_no_password_in_report_or_results(shipped_run: Verification, mailbox: Mailbox) -> None:
    account = mailbox.users[0]
    written = shipped_run.text() + shipped_run.text("github") + json.dumps(shipped_run.results())
    leaks = leaked_forms(written, account.password, account.email)
    assert leaks == []


def test_kb_verify_starts_its_own_mailbox(
    shipped_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], mailbox: Mailbox
) -> None:
    results = tmp_path / "results.json"
    code = main([str(shipped_path), "--results", str(results)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Test mailbox for mail.infomaniak.com started in" in out
    assert "kb verify: passed" in out
    assert read_stamp(results) is not None
