"""`kb preview --lang fr`: the pages in French from the catalogue, and a translation saved in
the PO editor shown again without restarting."""

from __future__ import annotations

from pathlib import Path

from i18nsupport import STEP, fill
from kb.build import load_knowledge_base
from kb.i18n.catalog import by_context, read
from kb.i18n.units import file_key
from kb.render.pages import page_path
from previewing import Running, free_port, start

NEW_FR = "Ouvrez Réglages sur votre iPhone, puis touchez Apps :"


def test_the_preview_shows_a_language_and_a_saved_translation(
    project: Path, tmp_path: Path
) -> None:
    kb = load_knowledge_base(project)
    page = next(
        p for p in kb.pages.values() if p.task == "update-password" and "ios-mail" in p.platforms
    )
    url = page_path(page).removesuffix(".md") + "/"
    french = by_context(read(project / "steps" / "locales" / "fr.po", "fr"))
    question = str(french["ui#feedback-question"].string)
    title = str(french[f"{file_key(page.path)}#title"].string)
    assert question != "Has this FAQ been helpful?" and title != page.title
    port = free_port()
    log = tmp_path / "preview.log"
    running = Running(
        f"http://127.0.0.1:{port}/",
        start(project / "mkdocs.yml", port, log, "--lang", "fr"),
        log,
    )
    try:
        body = running.until(url, lambda status, _: status == 200, "the French page")
        assert '<html lang="fr"' in body
        assert question in body, "the template's words are the catalogue's"
        assert title in body
        assert str(french[f"{STEP}/text"].string).split(" ")[0] in body
        assert NEW_FR not in body
        fill(project, "fr", {f"{STEP}/text": NEW_FR, f"{STEP}/ui/0": "Apps"})
        running.until(
            url,
            lambda _, b: NEW_FR.replace("Apps :", "<strong>Apps</strong>") in b,
            "the translation saved in fr.po",
        )
    finally:
        running.proc.terminate()
        running.proc.wait(30)
