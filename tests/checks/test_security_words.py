"""security-words: a step may not name another security mode or port than the settings it shows."""

from __future__ import annotations

from pathlib import Path

from kbcase import IOS, kb_with, procedure, repository, run, where

from kb.checks import security_words

PATH = f"steps/{IOS}"


def test_ssl_beside_a_starttls_table_is_reported_at_the_text(tmp_path: Path) -> None:
    # FAQ 2601 (iOS) as it was: "SSL" on with port 587, while the table says STARTTLS.
    step = """  - id: port-security
    text: Check that SSL encryption is turned on and that the server port is {smtp.port}.
    settings: [smtp]
"""
    (problem,) = run(security_words, kb_with(tmp_path, {IOS: procedure(step)}))
    assert (problem.path, problem.line, problem.col) == (PATH, 7, 11)
    assert "SSL" in problem.message and "STARTTLS" in problem.message


def test_the_apps_label_is_allowed_when_the_step_says_what_it_means(tmp_path: Path) -> None:
    step = """  - id: port-security
    text: Check that Use SSL is turned on and that the server port is {smtp.port}.
    ui: [Use SSL]
    settings: [smtp]
    note:
      text: iOS calls it Use SSL even where the connection is upgraded with {smtp.security}.
      ui: [Use SSL]
"""
    assert run(security_words, kb_with(tmp_path, {IOS: procedure(step)})) == []


def test_the_apps_label_alone_does_not_say_what_it_means(tmp_path: Path) -> None:
    step = """  - id: port-security
    text: Turn Use SSL on.
    ui: [Use SSL]
    settings: [smtp]
"""
    problems = run(security_words, kb_with(tmp_path, {IOS: procedure(step)}))
    assert where(problems) == [(PATH, 7, 11)]
    assert "say what it means" in problems[0].message


def test_a_port_other_than_the_one_shown_is_reported(tmp_path: Path) -> None:
    step = """  - id: port
    text: Enter port 2525.
    settings: [smtp]
"""
    problems = run(security_words, kb_with(tmp_path, {IOS: procedure(step)}))
    assert where(problems) == [(PATH, 7, 11)] and "port 2525" in problems[0].message


def test_a_reference_to_another_outgoing_profile_than_the_table(tmp_path: Path) -> None:
    step = """  - id: port
    text: Enter the port {smtp-ssl.port}.
    settings: [smtp]
"""
    problems = run(security_words, kb_with(tmp_path, {IOS: procedure(step)}))
    assert where(problems) == [(PATH, 7, 11)] and "{smtp-ssl.port}" in problems[0].message


def test_the_repository_content_passes(tmp_path: Path) -> None:
    assert [str(p) for p in run(security_words, repository(tmp_path))] == []
