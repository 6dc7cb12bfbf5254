"""password-model: pages follow the provider's per-device password model (settings.yml)."""

from __future__ import annotations

from pathlib import Path

from kbcase import kb_with, repository, run, where

from kb.build import build
from kb.checks import password_model
from kbfixtures import ROOT

STEPS = ROOT / "steps"
SAMSUNG = "procedures/samsung-email/update-password.yml"
APPLE = "procedures/apple-mail-macos/update-password.yml"
SEED = "pages/update-the-email-password-on-apple-mail-macos-ios.yml"
CREATE = "https://www.infomaniak.com/en/support/faq/1321/add-a-device-create-an-email-password"

# The Samsung procedure as it was before the per-device model: its intro asks for "the new
# password" (line 2) and its steps say which one once (line 7), then "the same" (line 9).
OLD_SAMSUNG = """intro:
  text: "To enter the new password in the Samsung Email app:"
steps:
  - id: server-settings
    text: Open the server settings of the account.
  - id: incoming-password
    text: Enter the password created for this device for the incoming server.
  - id: outgoing-password
    text: Enter the same password for the outgoing server.
sources:
  - https://vendor.example/help
"""

# FAQ 2556's macOS steps as the seed has them: "Enter the IMAP password." (line 5), nothing
# beside it saying which password.
OLD_APPLE = """intro:
  text: "To access the password settings:"
steps:
  - id: imap-password
    text: Enter the IMAP password.
  - id: smtp-password
    text: Enter the SMTP password, then check the rest of the parameters, port number, etc.
sources:
  - https://vendor.example/help
"""

SEED_PURPOSE = """purpose:
  text: >-
    This guide explains how to update the password of an email address on your device after
    changing it from an Infomaniak Mail Service.
"""

NOTE = f"""prerequisites:
  - text: >-
      A password created for this device or app, not the password of your Infomaniak account:
      create one as described in Add a device (create an email password).
    links:
      - phrase: Add a device (create an email password)
        url: {CREATE}
"""


def _seed_page(purpose: str, prerequisites: str) -> str:
    """FAQ 2556's page file with `purpose` (from line 5) and `prerequisites` at the end."""
    text = (STEPS / SEED).read_text("utf-8")
    head, rest = text.split("purpose:\n", 1)
    rest = rest.split("category:", 1)[1]
    page = head + purpose + "category:" + rest
    return page.split("prerequisites:")[0] + prerequisites


def _kb(tmp_path: Path, files: dict[str, str]):
    return kb_with(tmp_path, files, STEPS)


def test_asking_for_the_new_password_without_saying_which_is_reported(tmp_path: Path) -> None:
    problems = run(password_model, _kb(tmp_path, {SAMSUNG: OLD_SAMSUNG}))
    assert [(p.path, p.line, p.col, p.field) for p in problems] == [
        (f"steps/{SAMSUNG}", 2, 9, "intro.text")
    ]
    assert "'enter the new password' does not say which password" in problems[0].message


def test_the_seeds_enter_the_imap_password_needs_a_note_saying_which(tmp_path: Path) -> None:
    problems = run(password_model, _kb(tmp_path, {APPLE: OLD_APPLE}))
    assert [(p.line, p.col, p.field) for p in problems] == [
        (5, 11, "steps[0].text"),
        (7, 11, "steps[1].text"),
    ]
    # The seed's words stay; a note beside them says which password: that passes.
    kept = OLD_APPLE.replace(
        "    text: Enter the IMAP password.\n",
        "    text: Enter the IMAP password.\n"
        "    note:\n      text: Enter the password created for this device.\n",
    ).replace(
        "port number, etc.\n",
        "port number, etc.\n    note:\n      text: Enter the same password as for IMAP.\n",
    )
    assert run(password_model, _kb(tmp_path / "kept", {APPLE: kept})) == []


def test_the_same_password_before_any_step_said_which_is_reported(tmp_path: Path) -> None:
    first = OLD_SAMSUNG.replace("the new password", "a password").replace(
        "Enter the password created for this device for the incoming server.",
        "Open the incoming server.",
    )
    problems = run(password_model, _kb(tmp_path, {SAMSUNG: first}))
    assert where(problems) == [(f"steps/{SAMSUNG}", 9, 11)]


def test_the_old_model_without_a_note_beside_it_is_reported(tmp_path: Path) -> None:
    # FAQ 2556's purpose as the provider published it, with no device-password note.
    kb = _kb(tmp_path, {SEED: _seed_page(SEED_PURPOSE, "")})
    found = {(p.line, p.col, p.field): p.message for p in run(password_model, kb)}
    assert "before 2026-04" in found[(6, 9, "purpose.text")]
    assert "links nowhere" in found[(10, 7, "task")]
    assert len(found) == 2


def test_the_seeds_sentence_stays_beside_a_note_that_links_to_create(tmp_path: Path) -> None:
    kb = _kb(tmp_path, {SEED: _seed_page(SEED_PURPOSE, NOTE)})
    assert run(password_model, kb) == []


def test_a_note_without_the_link_is_not_enough(tmp_path: Path) -> None:
    unlinked = NOTE.split("    links:")[0]
    kb = _kb(tmp_path, {SEED: _seed_page(SEED_PURPOSE, unlinked)})
    assert sorted(p.field for p in run(password_model, kb)) == ["purpose.text", "task"]


def test_every_add_account_guide_links_to_where_readers_create_one(tmp_path: Path) -> None:
    page = "pages/add-an-email-address-to-gmail-android.yml"
    text = (STEPS / page).read_text("utf-8").split("prerequisites:")[0]
    (problem,) = run(password_model, _kb(tmp_path, {page: text}))
    assert (problem.path, problem.field) == (f"steps/{page}", "task")
    assert CREATE in problem.message


def test_the_repository_content_passes(tmp_path: Path) -> None:
    assert [str(p) for p in run(password_model, repository(tmp_path))] == []


def _update_password_pages(site) -> dict[str, str]:
    return {
        path: page.body
        for path, page in site.pages.items()
        if "/update-the-email-password-on-" in path and path.count("/") == 2
    }


def test_every_update_password_page_links_to_create_in_its_language() -> None:
    _, english = build(STEPS, dates=False)
    _, french = build(STEPS, language="fr", language_root=True, dates=False)
    pages = _update_password_pages(english)
    assert len(pages) == 5
    for path, body in pages.items():
        assert f"[Add a device (create an email password)]({CREATE})" in body, path
        # The provider publishes the FAQ in each language: French readers get /fr/.
        french_url = CREATE.replace("/en/support/", "/fr/support/")
        assert f"]({french_url})" in _update_password_pages(french)[path], path
