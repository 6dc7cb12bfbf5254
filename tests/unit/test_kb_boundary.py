"""The build reads only the KB: symbolic links under steps/ are refused without being read, and
a literal host or port is refused in every free-text field, not only in step texts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.build import load_knowledge_base
from kb.errors import KbError
from kb.preview import State
from kbfixtures import ROOT, assemble_case

SECRET = "boundary-secret-4711"
# What /etc/passwd looks like to YAML: one mapping whose key is the whole line.
PASSWD_LIKE = f"{SECRET}:x:1000:1000:{SECRET}:/home/{SECRET}:/bin/bash\n"
OUTSIDE_LINK = "symbolic link that leads outside steps/"


@pytest.fixture
def steps(tmp_path: Path) -> Path:
    return assemble_case(tmp_path / "no-case", tmp_path / "project")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the KB holding a file any build user could read."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.yml").write_text(PASSWD_LIKE, "utf-8")
    (folder / "update-password.yml").write_text(PASSWD_LIKE, "utf-8")
    (folder / "secret.png").write_text(PASSWD_LIKE, "utf-8")
    return folder


def kb_check(steps: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    cmd = [sys.executable, "-m", "kb", "check", str(steps.parent)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


def problems(steps: Path) -> list[str]:
    with pytest.raises(KbError) as caught:
        load_knowledge_base(steps)
    return caught.value.report().splitlines()


def test_kb_check_refuses_a_page_file_linked_outside_and_never_shows_its_content(
    steps: Path, outside: Path
) -> None:
    (steps / "pages/leak.yml").symlink_to(outside / "secret.yml")
    result = kb_check(steps)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert f"steps/pages/leak.yml:1:1: (file): {OUTSIDE_LINK}" in output
    assert SECRET not in output
    assert str(outside) not in output
    assert "Traceback" not in output


def test_a_linked_folder_is_refused_and_nothing_in_it_is_read(steps: Path, outside: Path) -> None:
    (steps / "procedures/other-app").symlink_to(outside, target_is_directory=True)
    found = problems(steps)
    assert len(found) == 1
    assert found[0].startswith(f"steps/procedures/other-app:1:1: (file): {OUTSIDE_LINK}")
    assert SECRET not in "\n".join(found)


def test_a_link_to_another_file_of_the_kb_is_refused_too(steps: Path) -> None:
    page = "update-the-email-password-on-apple-mail-macos-ios.yml"
    (steps / "pages/same-page-twice.yml").symlink_to(page)
    found = problems(steps)
    assert len(found) == 1
    assert found[0].startswith(
        "steps/pages/same-page-twice.yml:1:1: (file): symbolic link to a file of the KB;"
    )


def test_a_loop_of_links_is_reported_not_a_traceback(steps: Path) -> None:
    (steps / "pages/a.yml").symlink_to("b.yml")
    (steps / "pages/b.yml").symlink_to("a.yml")
    assert [line.split(": ", 2)[2] for line in problems(steps)] == [
        "symbolic link that leads to no file (missing, or a loop of links);"
        " the build reads only real files inside steps/: copy or move the file here instead"
    ] * 2


def test_links_under_screenshots_are_refused(steps: Path, outside: Path) -> None:
    (steps / "screenshots/ios").mkdir(parents=True)
    (steps / "screenshots/ios/leak.png").symlink_to(outside / "secret.png")
    (steps / "screenshots/shared").symlink_to(outside, target_is_directory=True)
    paths = [line.split(":", 1)[0] for line in problems(steps)]
    assert paths == ["steps/screenshots/ios/leak.png", "steps/screenshots/shared"]


def test_the_preview_refuses_links_as_kb_check_does(steps: Path, outside: Path) -> None:
    (steps / "pages/leak.yml").symlink_to(outside / "secret.yml")
    state = State(steps, "http://127.0.0.1:8000/")
    update = state.refresh()
    assert update is not None and update.pages == {}
    assert any(
        line.startswith(f"steps/pages/leak.yml:1:1: (file): {OUTSIDE_LINK}")
        for line in state.problems
    )
    assert SECRET not in "\n".join(state.problems)


PAGE = "pages/update-the-email-password-on-apple-mail-macos-ios.yml"
PROC = "procedures/ios-mail/update-password.yml"
# One field of each kind editors write text in (file, path in the YAML, field as reported).
FREE_TEXT_FIELDS = [
    (PAGE, ("title",), "title"),
    (PAGE, ("purpose", "text"), "purpose.text"),
    (PAGE, ("preamble", 1, "text"), "preamble[1].text"),
    (PAGE, ("preamble", 1, "links", 0, "phrase"), "preamble[1].links[0].phrase"),
    ("categories/email-apps.yml", ("title",), "title"),
    ("categories/email-apps.yml", ("summary",), "summary"),
    ("tasks/update-password.yml", ("title",), "title"),
    ("tasks/update-password.yml", ("summary",), "summary"),
    ("platforms/ios-mail.yml", ("name",), "name"),
    ("platforms/ios-mail.yml", ("tab",), "tab"),
    ("platforms/ios-mail.yml", ("client",), "client"),
    ("platforms/ios-mail.yml", ("os",), "os"),
    ("platforms/ios-mail.yml", ("vendor_help", "title"), "vendor_help.title"),
    ("platforms/ios-mail.yml", ("written_for",), "written_for"),
    (PROC, ("intro", "text"), "intro.text"),
    (PROC, ("steps", 0, "text"), "steps[0].text"),
    (PROC, ("steps", 0, "ui", 0), "steps[0].ui[0]"),
]


def _set(data: Any, at: tuple[str | int, ...], value: str) -> None:
    for part in at[:-1]:
        data = data[part]
    data[at[-1]] = value


@pytest.mark.parametrize(
    ("literal", "what"),
    [("993", "port 993"), ("mail.infomaniak.com", "host name 'mail.infomaniak.com'")],
)
@pytest.mark.parametrize(
    ("file", "at", "field"), FREE_TEXT_FIELDS, ids=[f"{f}:{n}" for f, _, n in FREE_TEXT_FIELDS]
)
def test_a_literal_host_or_port_is_refused_in_every_free_text_field(
    steps: Path, file: str, at: tuple[str | int, ...], field: str, literal: str, what: str
) -> None:
    data = yaml.safe_load((steps / file).read_text("utf-8"))
    _set(data, at, f"Connect on {literal} today")
    (steps / file).write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    found = [line for line in problems(steps) if line.startswith(f"steps/{file}:")]
    assert any(f": {field}: literal {what} in text;" in line for line in found), found


def test_the_settings_file_may_name_its_own_hosts_and_ports(steps: Path) -> None:
    settings = steps / "settings.yml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace("label: IMAP", "label: IMAP on port 993", 1), "utf-8")
    assert "port 993" in load_knowledge_base(steps).settings.profile("imap").label
