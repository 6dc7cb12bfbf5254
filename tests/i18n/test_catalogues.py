"""Catalogues: extract/update keep translations by context, mark changed English fuzzy, and
`kb check` reports coverage, stale units and a translation's mistakes at their PO line."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from i18nsupport import LANGS, STEP, fill, po_line
from kb.build import build, load_knowledge_base
from kb.cli import main as kb_main
from kb.errors import KbError
from kb.i18n.catalog import by_context, read
from kb.i18n.cli import main as i18n_main
from kb.i18n.units import units

OLD = "Open your iPhone's settings and tap Apps:"
NEW = "Open the Settings app of your iPhone and tap Apps:"
FR = "Ouvrez les réglages de votre iPhone et touchez Apps :"


def edit_english(project: Path) -> None:
    path = project / "steps" / "procedures" / "ios-mail" / "update-password.yml"
    text = path.read_text("utf-8")
    assert f'"{OLD}"' in text
    path.write_text(text.replace(f'"{OLD}"', f'"{NEW}"'), "utf-8")


def summary(out: str, lang: str) -> tuple[int, ...]:
    """A language's coverage line of `kb check`: units, translated, fuzzy, missing."""
    found = re.search(
        rf"^{lang}: (\d+) units, (\d+) translated \(\d+ %\), (\d+) fuzzy, (\d+) missing$",
        out,
        re.M,
    )
    assert found, out
    return tuple(int(n) for n in found.groups())


def message(project: Path, lang: str, context: str):
    return by_context(read(project / "steps" / "locales" / f"{lang}.po", lang))[context]


def test_an_english_edit_makes_that_unit_fuzzy_in_every_catalogue(project: Path) -> None:
    for lang in LANGS:
        fill(project, lang, {f"{STEP}/text": f"{lang}: {FR}", f"{STEP}/ui/0": "Apps"})
    edit_english(project)
    assert i18n_main(["update", str(project)]) == 0
    for lang in LANGS:
        m = message(project, lang, f"{STEP}/text")
        assert m.id == NEW and m.fuzzy, lang
        assert m.string == f"{lang}: {FR}", "the translation is kept for the translator"
        assert m.previous_id == [OLD], "the English it was made from is kept (#| msgid)"
        label = message(project, lang, f"{STEP}/ui/0")
        assert label.string == "Apps" and not label.fuzzy, "unchanged units stay as they are"
    po = (project / "steps" / "locales" / "fr.po").read_text("utf-8")
    assert f'#| msgid "{OLD}"' in po


def test_update_is_deterministic_and_keeps_units_when_steps_move(project: Path) -> None:
    fill(project, "fr", {f"{STEP}/text": FR})
    before = (project / "steps" / "locales" / "fr.po").read_bytes()
    path = project / "steps" / "procedures" / "ios-mail" / "update-password.yml"
    text = path.read_text("utf-8")
    first, rest = text.split("  - id: apps-mail", 1)
    head, step = first.split("  - id: open-settings-apps", 1)
    path.write_text(
        head
        + "  - id: apps-mail"
        + rest.rstrip("\n")
        + "\n  - id: open-settings-apps"
        + step.rstrip("\n")
        + "\n",
        "utf-8",
    )
    assert i18n_main(["update", str(project)]) == 0
    assert (project / "steps" / "locales" / "fr.po").read_bytes() == before


def test_kb_check_reports_coverage_and_require_fails_on_stale_units(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(project, "fr", {f"{STEP}/text": FR, f"{STEP}/ui/0": "Apps"})
    capsys.readouterr()
    assert kb_main(["check", str(project)]) == 0
    before = summary(capsys.readouterr().out, "fr")
    edit_english(project)
    assert i18n_main(["update", str(project)]) == 0
    capsys.readouterr()
    assert kb_main(["check", str(project)]) == 0, "stale units do not fail by default"
    out = capsys.readouterr().out
    count = len(units(load_knowledge_base(project)))
    units_, translated, fuzzy, missing = before
    assert summary(out, "fr") == (count, translated - 1, fuzzy + 1, missing) and units_ == count
    line = po_line(project, "fr", f"{STEP}/text")
    assert f"steps/locales/fr.po:{line}: {STEP}/text: fuzzy" in out
    assert kb_main(["check", str(project), "--require", "fr"]) == 1
    assert "--require fr" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("translation", "says"),
    [
        ("Ouvrez les réglages ({imap.port}) et touchez Apps :", "placeholders must be exactly"),
        ("Ouvrez mail.infomaniak.com et touchez Apps :", "literal host name"),
        ("Ouvrez les <b>réglages</b> et touchez Apps :", "markup </ <b is shown as typed"),
        ("Ouvrez les réglages et touchez Applications :", "the UI label 'Apps'"),
    ],
)
def test_a_bad_translation_is_an_error_at_its_po_line(
    project: Path, capsys: pytest.CaptureFixture[str], translation: str, says: str
) -> None:
    fill(project, "fr", {f"{STEP}/text": translation, f"{STEP}/ui/0": "Apps"})
    capsys.readouterr()
    assert kb_main(["check", str(project)]) == 1
    line = po_line(project, "fr", f"{STEP}/text")
    out = capsys.readouterr().out
    assert f"steps/locales/fr.po:{line}:1: {STEP}/text: " in out
    assert says in out
    with pytest.raises(KbError):
        build(project, language="fr", dates=False)


def test_a_language_build_shows_translations_and_stale_units_in_english_with_a_notice(
    project: Path,
) -> None:
    fill(
        project,
        "fr",
        {
            f"{STEP}/text": FR,
            f"{STEP}/ui/0": "Apps",
            "procedures/ios-mail/update-password.yml#steps/apps-mail/text": "Touchez Mail :",
            "procedures/ios-mail/update-password.yml#steps/apps-mail/ui/0": "Mail",
            "ui#untranslated": "Pas encore traduit",
            "ui#instructions": "Marche à suivre",
        },
    )
    edit_english(project)  # the first step's French is now fuzzy
    assert i18n_main(["update", str(project)]) == 0
    fill(project, "fr", {"ui#instructions": "Marche à suivre <b>"})  # markup stays text...
    with pytest.raises(KbError):  # ...and is refused
        build(project, language="fr", dates=False)
    fill(project, "fr", {"ui#instructions": "Marche à suivre"})
    _, site = build(project, language="fr", dates=False)
    body = site.pages["faq/2556/update-the-email-password-on-apple-mail-macos-ios.md"].body
    assert "Touchez **Mail**" in body
    assert "## Marche à suivre" in body
    assert FR not in body, "a fuzzy translation is never shown"
    assert (
        '<span lang="en">Open the Settings app of your iPhone and tap **Apps**:</span> '
        '<small class="kb-untranslated">(Pas encore traduit)</small>'
    ) in body


def test_one_languages_build_answers_the_providers_address_of_that_language(
    project: Path,
) -> None:
    """`/fr/support/faq/<id>/<slug>/` (the provider's form, in French) leads to the French FAQ."""
    guide = "faq/2556/update-the-email-password-on-apple-mail-macos-ios"
    provider = "support/faq/2556/update-the-email-password-on-apple-mail-macos-ios"
    go = str(message(project, "fr", "ui#go-to-guide").string)
    _, alone = build(project, language="fr", dates=False)
    assert f"en/{provider}.md" in alone.pages, "a one-language site keeps the English form"
    _, several = build(project, language="fr", language_root=True, dates=False)
    assert f"en/{provider}.md" not in several.pages
    redirect = several.pages[f"{provider}.md"]
    assert posixpath.normpath(posixpath.join(f"{provider}/", redirect.meta["redirect"])) == guide
    assert f"[{go}](" in redirect.body


def test_a_languages_search_words_are_its_own(project: Path) -> None:
    """The words readers of a language search with (its catalogue's `keywords`) index its guides."""
    words = str(message(project, "fr", "tasks/update-password.yml#keywords").string)
    _, site = build(project, language="fr", dates=False)
    guide = site.pages["faq/2556/update-the-email-password-on-apple-mail-macos-ios.md"]
    tags = guide.meta["tags"]
    assert "mot de passe" in words and "mot de passe" in tags
    assert "password" not in tags, "the English search words are not mixed in"


def test_a_label_keeps_its_translation_when_the_labels_before_it_change(project: Path) -> None:
    """Labels are keyed by position: dropping the first one moves the others up a place, and
    each keeps its translation (the same English in the same step), in every catalogue."""
    path = project / "steps" / "procedures" / "apple-mail-macos" / "add-account.yml"
    step = "procedures/apple-mail-macos/add-account.yml#steps/incoming-connection-settings"
    before = {lang: message(project, lang, f"{step}/ui/1").string for lang in LANGS}
    labels = "ui: [Automatically manage connection settings, Use TLS/SSL, Authentication, Password]"
    text = path.read_text("utf-8")
    assert labels in text
    path.write_text(text.replace(labels, "ui: [Use TLS/SSL, Authentication, Password]"), "utf-8")
    assert i18n_main(["update", str(project)]) == 0
    for lang in LANGS:
        moved = message(project, lang, f"{step}/ui/0")
        assert moved.id == "Use TLS/SSL" and moved.string == before[lang], lang
        assert not moved.fuzzy, lang
