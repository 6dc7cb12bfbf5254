"""One wrong setting at a time: the verifier must fail and say which field on which pages.

Each mutant is a copy of the shipped steps/ with one value changed in settings.yml; a mutant is
killed when `kb verify` fails and its report names settings.yml at the field's line and column,
the field (`profiles.imap.port`) and every page that shows the profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.build import load_knowledge_base, read_stamp
from kb.model import KnowledgeBase
from kb.verify import Verification, verify
from kb.verify.backend import Backend
from kb.verify.cli import main
from kb.verify.collect import collect

pytestmark = pytest.mark.mailbox


@dataclass(frozen=True)
class Mutation:
    name: str
    profile: str
    field: str
    value: str


MUTATIONS = (
    Mutation("imap-port-993-to-995", "imap", "port", "995"),
    Mutation("imap-implicit-tls-to-starttls-on-993", "imap", "security", "starttls"),
    Mutation("smtp-starttls-to-implicit-tls-on-587", "smtp", "security", "ssl"),
    Mutation("imap-host-typo", "imap", "host", "mail.infomaniak.co"),
    Mutation("imap-username-local-part", "imap", "username", "local-part"),
    Mutation("imap-port-pop3-110", "imap", "port", "110"),
    Mutation("smtp-ssl-465-marked-starttls", "smtp-ssl", "security", "starttls"),
)


@pytest.fixture(scope="module")
def runs(mutant: Callable[[str, str, str], Path], backend: Backend) -> dict[str, Verification]:
    """Verify each mutant once; the tests below read the same runs."""
    found = {}
    for m in MUTATIONS:
        kb = load_knowledge_base(mutant(m.profile, m.field, m.value))
        found[m.name] = verify(kb, backend)
    return found


def survived(m: Mutation, run: Verification, shipped: KnowledgeBase) -> list[str]:
    """Why the mutant was not killed (empty when it was)."""
    reasons = []
    text = run.text()
    if run.passed or run.results()["passed"]:
        reasons.append("verify passed")
    at = shipped.settings.profile(m.profile).pos[m.field]
    line = re.compile(
        rf"^steps/settings\.yml:{at.line}:{at.col}: profiles\.{re.escape(m.profile)}\.{m.field}: ",
        re.M,
    )
    if not line.search(text):
        reasons.append(f"no line for steps/settings.yml:{at.line}:{at.col} profiles.{m.profile}")
    pages = next(
        t.pages for t in collect(shipped, formats=False).targets.values() if m.profile in t.profiles
    )
    missing = sorted(p for p in pages if f"page {p} shows {m.profile}: " not in text)
    if missing:
        reasons.append(f"pages not named: {missing}")
    return reasons


@pytest.mark.parametrize("m", MUTATIONS, ids=lambda m: m.name)
def test_mutant_is_killed(
    m: Mutation, runs: dict[str, Verification], shipped: KnowledgeBase
) -> None:
    assert survived(m, runs[m.name], shipped) == [], runs[m.name].text()


def test_all_seven_mutants_are_killed(
    runs: dict[str, Verification], shipped: KnowledgeBase
) -> None:
    kills = sum(not survived(m, runs[m.name], shipped) for m in MUTATIONS)
    print(f"\nmutation kills: {kills}/{len(MUTATIONS)}")
    assert kills == len(MUTATIONS) == 7


def test_failure_report_reads_like_the_fix(
    runs: dict[str, Verification], shipped: KnowledgeBase
) -> None:
    text = runs["imap-port-993-to-995"].text()
    at = shipped.settings.profile("imap").pos["port"]  # where an editor fixes it
    assert (
        f"steps/settings.yml:{at.line}:{at.col}: profiles.imap.port: port 995 did not answer IMAP "
        "over SSL/TLS for mail.infomaniak.com (the port speaks POP3) — pages: "
    ) in text
    wrong_mode = runs["imap-implicit-tls-to-starttls-on-993"].text()
    assert "speaks IMAP with SSL/TLS, not STARTTLS: set security to ssl" in wrong_mode


def test_wrong_port_fails_every_format(runs: dict[str, Verification]) -> None:
    run = runs["imap-port-993-to-995"]
    formats = run.results()["formats"]
    assert len(formats) == len(run.collection.files) >= 5
    assert [file for file, proof in formats.items() if proof["ok"]] == []


def test_apple_mail_ignores_a_starttls_label_on_993(runs: dict[str, Verification]) -> None:
    """The mobileconfig has only UseSSL: on port 993 a device uses SSL/TLS whatever the label."""
    formats = runs["imap-implicit-tls-to-starttls-on-993"].results()["formats"]
    mobileconfig = formats["downloads/infomaniak-mail.mobileconfig"]
    assert mobileconfig["ok"] is True
    assert any("port 993: Apple Mail uses SSL/TLS" in p for p in mobileconfig["profiles"])
    assert [f for f, proof in formats.items() if not proof["ok"]]


def test_kb_verify_fails_and_replaces_a_passing_results_file(
    mutant: Callable[[str, str, str], Path],
    shipped: KnowledgeBase,
    shipped_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    results = tmp_path / "verify-results.json"
    assert main([str(shipped_path), "--results", str(results)]) == 0
    assert read_stamp(results) is not None
    steps = mutant("imap", "port", "995")
    capsys.readouterr()
    assert main([str(steps), "--results", str(results), "--format", "github"]) == 1
    out = capsys.readouterr().out
    at = shipped.settings.profile("imap").pos["port"]
    assert (
        f"::error file=steps/settings.yml,line={at.line},col={at.col}::profiles.imap.port: port 995"
        in out
    )
    assert read_stamp(results) is None
