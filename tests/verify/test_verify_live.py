"""`kb verify --live`: end to end against the test mailbox standing in for the provider (in a
network namespace where the provider's host name leads to it, see live_namespace.py), what it
says when DNS fails, its skip path, and that a password is never taken on the command line."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fixtures_mailbox import leaked_forms
from kb.secret import Secret
from kb.verify.cli import LIVE_SKIPPED, live_login, main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
USER = "alice@ik.me"  # a user of the test mailbox (scripts/kb/mailbox/profile.yml)


def live_run(mode: str, results: Path, password: str) -> tuple[list[str], dict[str, Any]]:
    """`kb verify --live` on the shipped steps/ inside a fresh network and mount namespace."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.fail("the live test needs util-linux's unshare, run as root", pytrace=False)
    script = str(HERE / "live_namespace.py")
    argv = [unshare, "--mount", "--net", "--", sys.executable, script, mode]
    argv += [str(ROOT / "steps"), str(results)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT / "tests")]),
        "KB_LIVE_USER": USER,
        "KB_LIVE_PASSWORD": password,
        "KB_MAILBOX_PASSWORD": password,  # the test mailbox's users get the live password
    }
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return argv, json.loads(done.stdout.splitlines()[-1])


def test_live_logs_in_to_the_documented_host_and_never_shows_the_password(
    tmp_path: Path,
) -> None:
    password = secrets.token_urlsafe(18)
    results = tmp_path / "results.json"
    argv, run = live_run("mailbox", results, password)
    assert "error" not in run, run.get("error")
    assert run["returncode"] == 0, run["stdout"] + run["stderr"]
    assert run["stdout"].startswith("kb verify: passed"), run["stdout"]
    written = json.loads(results.read_text("utf-8"))
    assert (written["mode"], written["passed"]) == ("live", True)
    assert {(p["host"], p["ok"]) for p in written["profiles"]} == {("mail.infomaniak.com", True)}
    every_output = "\n".join(
        [run["stdout"], run["stderr"], run["cmdline"], results.read_text("utf-8"), *argv]
    )
    assert leaked_forms(every_output, Secret(password), USER) == []
    assert USER not in every_output


def test_live_says_dns_failed_and_blames_no_setting(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    _, run = live_run("no-dns", results, secrets.token_urlsafe(18))
    said = run["stdout"] + run["stderr"]
    assert run["returncode"] == 1, said
    assert "DNS lookup failed for mail.infomaniak.com" in said
    assert "settings.yml" not in said
    assert "Settings to fix" not in said
    written = json.loads(results.read_text("utf-8"))
    assert {p["kind"] for p in written["profiles"]} == {"dns"}


@pytest.mark.parametrize("present", [(), ("KB_LIVE_USER",), ("KB_LIVE_PASSWORD",)])
def test_live_skips_without_both_variables(
    present: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("KB_LIVE_USER", "KB_LIVE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name in present:
        monkeypatch.setenv(name, "set-for-the-test")
    results = tmp_path / "results.json"
    assert main(["--live", "--results", str(results)]) == 0
    out = capsys.readouterr().out
    assert "skipped: set KB_LIVE_USER and KB_LIVE_PASSWORD" in out
    assert out.strip() == LIVE_SKIPPED
    assert not results.exists()


def test_live_login_wraps_the_password() -> None:
    login = live_login({"KB_LIVE_USER": "someone@ik.me", "KB_LIVE_PASSWORD": "not-shown"})
    assert login is not None
    assert "not-shown" not in repr(login)


def test_no_password_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--live", "--password", "anything"])
    assert exit_.value.code == 2
    assert "--password" not in capsys.readouterr().out
