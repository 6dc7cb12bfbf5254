"""A copy of the project's KB in a temp folder, with catalogues, for the i18n tests."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kb.i18n.catalog import by_context, read, write
from kb.i18n.cli import main as i18n_main

ROOT = Path(__file__).resolve().parents[2]
STEP = "procedures/ios-mail/update-password.yml#steps/open-settings-apps"
LANGS = ("fr", "de", "it", "es")
# The reader's proof reuses the site suite's page readers and logins (tests/site/*.py).
sys.path.insert(0, str(ROOT / "tests" / "site"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The project's steps/, docs/, overrides/ and mkdocs.yml, catalogues up to date."""
    for name in ("steps", "docs", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "kb").symlink_to(ROOT / "scripts" / "kb")  # mkdocs.yml watches it
    assert i18n_main(["update", str(tmp_path)]) == 0
    return tmp_path


Fill = Callable[[Path, str, dict[str, str]], None]


def fill(project: Path, lang: str, strings: dict[str, str]) -> None:
    """Translate some units, as a translator would in a PO editor."""
    po = project / "steps" / "locales" / f"{lang}.po"
    catalog = read(po, lang)
    messages = by_context(catalog)
    for context, text in strings.items():
        messages[context].string = text
    write(po, catalog)


def po_line(project: Path, lang: str, context: str) -> int:
    """The line of a unit's msgid in a catalogue, as a PO editor shows it."""
    lines = (project / "steps" / "locales" / f"{lang}.po").read_text("utf-8").splitlines()
    at = lines.index(f'msgctxt "{context}"')
    return at + 2
