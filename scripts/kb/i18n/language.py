"""A knowledge base in one of its languages, and the state of every catalogue (`kb check`)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError

from kb.errors import KbError, Problem
from kb.i18n.catalog import LANGUAGES, locales_dir, read
from kb.i18n.check import Coverage, check_language
from kb.i18n.translate import ENGLISH, Language, translate
from kb.model import KnowledgeBase


def catalogue(kb: KnowledgeBase, language: str) -> tuple[Catalog, str]:
    """A language's catalogue and its path as editors see it; KbError if there is none."""
    root = Path(kb.root)
    po = locales_dir(root) / f"{language}.po"
    shown = po.relative_to(root.parent).as_posix()
    if language not in LANGUAGES[1:] or not po.is_file():
        known = ", ".join(LANGUAGES)
        message = f"no catalogue for language {language!r} (languages: {known}; kb i18n update)"
        raise KbError([Problem(shown, 1, 1, "(language)", message)])
    try:
        return read(po, language), shown
    except (PoFileError, ValueError) as err:
        raise KbError([Problem(shown, 1, 1, "(file)", f"not a PO file: {err}")]) from None


def localize(kb: KnowledgeBase, language: str) -> tuple[KnowledgeBase, Language]:
    """`kb` in `language` and its words; KbError listing every mistake of its catalogue."""
    if language == "en":
        return kb, ENGLISH
    catalog, shown = catalogue(kb, language)
    problems, cov = check_language(kb, catalog, language, shown)
    if problems:
        raise KbError(problems)
    # The pages need only what the check kept: the catalogue's messages go before the model is
    # rebuilt.
    del catalog
    return translate(kb, cov, language)


def coverage(kb: KnowledgeBase) -> tuple[list[Problem], list[Coverage]]:
    """Every catalogue present under `steps/locales/`, checked against the current English."""
    problems: list[Problem] = []
    found = []
    for language in LANGUAGES[1:]:
        if not (locales_dir(Path(kb.root)) / f"{language}.po").is_file():
            continue
        try:
            catalog, shown = catalogue(kb, language)
        except KbError as err:
            problems += err.problems
            continue
        more, cov = check_language(kb, catalog, language, shown)
        problems += more
        found.append(cov)
    return problems, found
