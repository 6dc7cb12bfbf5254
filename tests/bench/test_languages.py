"""`kb bench --languages`: the synthetic KB, pseudo-translated, is built in each of the five
languages, every page in its language with nothing left in English, and the figures name every
language's build and search index."""

from __future__ import annotations

import re
from pathlib import Path

from kb.bench.languages import LANGUAGES, bench_languages, pseudo
from kb.i18n.check import PLACEHOLDER


def test_the_pseudo_translation_keeps_placeholders_and_labels_inside_their_sentence() -> None:
    english = "Tap Settings, then enter {imap.port} in Port:"
    french = pseudo(english, "fr")
    assert french != english
    assert PLACEHOLDER.findall(french) == ["{imap.port}"]
    assert pseudo("Settings", "fr") in french and pseudo("Port", "fr") in french


def test_five_languages_are_built_each_in_its_own_words(tmp_path: Path) -> None:
    report = bench_languages(6, tmp_path, 2, lambda _: None)
    per = report["per_language"]
    assert list(per) == list(LANGUAGES)
    assert all(v["search_index_gzip_bytes"] > 0 and v["peak_mb"] > 0 for v in per.values())
    site = tmp_path / "languages-6" / "site"
    for lang in LANGUAGES:
        home = (site / lang / "index.html").read_text("utf-8")
        assert f'<html lang="{lang}"' in home
        title = re.search(r"<h1[^>]*>([^<]*)", home)[1]
        assert title == (pseudo("How can we help?", lang) if lang != "en" else "How can we help?")
        pages = list((site / lang).rglob("index.html"))
        assert not any("kb-untranslated" in p.read_text("utf-8") for p in pages), lang
