"""`kb verify --live` never runs in tests: only its skip path, and that it takes no password."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.verify.cli import LIVE_SKIPPED, live_login, main


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
