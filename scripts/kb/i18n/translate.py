"""A knowledge base in another language: the model with each unit's translation, and the
units still shown in English (missing, fuzzy, or made from an older English).

A Text is translated as a whole: its sentence, UI labels and link phrases all translated and
current, or it stays English, marked `lang="en"` so the page says so (one notice per block).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kb.i18n.check import Coverage
from kb.i18n.ui import UI, Words, split_keywords
from kb.i18n.units import file_key
from kb.model import KnowledgeBase, Page, Procedure, Step, Text
from kb.render.addresses import provider_url


@dataclass(frozen=True)
class Language:
    code: str
    words: Words
    # Contexts shown in English on this language's pages.
    stale: frozenset[str] = frozenset()
    # Procedures shown as draft in this language (a unit of theirs carries kb-draft).
    drafts: frozenset[str] = frozenset()


ENGLISH = Language("en", UI)


class _Lookup:
    def __init__(self, cov: Coverage, code: str) -> None:
        self.code = code  # the language: the provider's own FAQs are linked in it
        self.translations = cov.current
        self.stale: set[str] = set()

    def current(self, context: str, english: str) -> str | None:
        """The translation of a unit if it is done and made from this English (`check_language`
        compared them: `english` is the unit's)."""
        found = self.translations.get(context)
        if found is None:
            self.stale.add(context)
        return found

    def string(self, context: str, english: str) -> str:
        return self.current(context, english) or english

    def text(self, prefix: str, text: Text) -> Text:
        parts = [self.current(f"{prefix}/text", text.text)]
        ui = [self.current(f"{prefix}/ui/{n}", label) for n, label in enumerate(text.ui)]
        phrases = [
            self.current(f"{prefix}/links/{n}/phrase", link.phrase)
            for n, link in enumerate(text.links)
        ]
        if None in parts or None in ui or None in phrases:
            return replace(text, lang="en")
        links = tuple(
            replace(link, phrase=str(p), url=link.url and provider_url(link.url, self.code))
            for link, p in zip(text.links, phrases, strict=True)
        )
        return replace(text, text=str(parts[0]), ui=tuple(map(str, ui)), links=links)


def translate(kb: KnowledgeBase, cov: Coverage, code: str) -> tuple[KnowledgeBase, Language]:
    """`kb` in the language `code` from its catalogue's coverage (`check_language`), and that
    language's words and English leftovers."""
    t = _Lookup(cov, code)
    words = {key: t.string(f"ui#{key}", english) for key, english in UI.items()}
    s = kb.settings
    sf = file_key(s.path)
    settings = replace(
        s,
        provider=replace(
            s.provider,
            password_help=t.string(f"{sf}#provider/password_help", s.provider.password_help),
        ),
        profiles=tuple(
            replace(
                p,
                label=t.string(f"{sf}#profiles/{p.key}/label", p.label),
                why=t.string(f"{sf}#profiles/{p.key}/why", p.why),
            )
            for p in s.profiles
        ),
    )
    platforms = {}
    for key, pl in kb.platforms.items():
        f = file_key(pl.path)
        platforms[key] = replace(
            pl,
            name=t.string(f"{f}#name", pl.name),
            tab=t.string(f"{f}#tab", pl.tab),
            client=t.string(f"{f}#client", pl.client),
            vendor_help_title=t.string(f"{f}#vendor_help/title", pl.vendor_help_title),
            written_for=t.string(f"{f}#written_for", pl.written_for),
            keywords=_keywords(t, f, pl.keywords),
            vocabulary={
                field: {
                    value: t.string(f"{f}#vocabulary/{field}/{value}", word)
                    for value, word in values.items()
                }
                for field, values in pl.vocabulary.items()
            },
        )
    tasks = {
        k: replace(
            v,
            title=t.string(f"{file_key(v.path)}#title", v.title),
            summary=t.string(f"{file_key(v.path)}#summary", v.summary),
            keywords=_keywords(t, file_key(v.path), v.keywords),
        )
        for k, v in kb.tasks.items()
    }
    categories = {
        k: replace(
            v,
            title=t.string(f"{file_key(v.path)}#title", v.title),
            summary=t.string(f"{file_key(v.path)}#summary", v.summary),
        )
        for k, v in kb.categories.items()
    }
    procedures = {k: _procedure(t, v) for k, v in kb.procedures.items()}
    pages = {k: _page(t, v) for k, v in kb.pages.items()}
    drafts = {k for k, v in kb.procedures.items() if file_key(v.path) in cov.flagged}
    procedures = {k: replace(v, draft=True) if k in drafts else v for k, v in procedures.items()}
    out = replace(
        kb,
        settings=settings,
        platforms=platforms,
        tasks=tasks,
        categories=categories,
        procedures=procedures,
        pages=pages,
    )
    return out, Language(code, words, frozenset(t.stale), frozenset(drafts))


def _keywords(t: _Lookup, f: str, english: tuple[str, ...]) -> tuple[str, ...]:
    if not english:
        return english
    return split_keywords(t.string(f"{f}#keywords", ", ".join(english)))


def _step(t: _Lookup, f: str, step: Step) -> Step:
    at = f"{f}#steps/{step.id}"
    shot = step.screenshot
    return replace(
        step,
        text=t.text(at, step.text),
        note=t.text(f"{at}/note", step.note) if step.note else None,
        screenshot=replace(shot, alt=t.string(f"{at}/screenshot/alt", shot.alt)) if shot else None,
    )


def _procedure(t: _Lookup, proc: Procedure) -> Procedure:
    f = file_key(proc.path)
    return replace(
        proc,
        intro=t.text(f"{f}#intro", proc.intro),
        steps=tuple(_step(t, f, s) for s in proc.steps),
    )


def _page(t: _Lookup, page: Page) -> Page:
    f = file_key(page.path)
    return replace(
        page,
        title=t.string(f"{f}#title", page.title),
        purpose=t.text(f"{f}#purpose", page.purpose),
        preamble=tuple(t.text(f"{f}#preamble/{n}", x) for n, x in enumerate(page.preamble)),
        prerequisites=tuple(
            t.text(f"{f}#prerequisites/{n}", x) for n, x in enumerate(page.prerequisites)
        ),
    )
