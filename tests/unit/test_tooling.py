"""`kb bench` and `kb mailbox` are test tooling: without their packages (the `[test]` extra) they
say what to install, in one line, instead of failing with a traceback."""

from __future__ import annotations

import sys

import pytest

from kb.cli import main


@pytest.mark.parametrize("command", ["bench", "mailbox"])
def test_tooling_without_its_packages_says_what_to_install(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As if trustme were not installed: importing it fails.
    monkeypatch.setitem(sys.modules, "trustme", None)
    assert main([command]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert "trustme" in err and "pip install 'mailkb[test]'" in err
