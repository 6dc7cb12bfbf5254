"""The KB in memory for `kb preview`: read, checked and generated again only where files changed.

Reading is the pipeline's own (`kb.source.read_source`, which also refuses symbolic links and
misplaced files) with a reader that remembers each file until its stamp changes. A change
assembles only the changed files into the model, checks the pages that depend on them with the
pipeline's cross-reference rules (and every free-text field, `kb.checks.fields`), and renders
those pages again; settings.yml and structural changes (titles, slugs, categories, added or
removed files) regenerate every page, still in memory.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kb import checks
from kb.build import results_path, site_inputs
from kb.checks import KIND_TO_MODEL as KINDS
from kb.checks import fields
from kb.errors import KbError, Problem, errors_and_warnings
from kb.i18n.catalog import locales_dir
from kb.i18n.language import localize
from kb.model import KnowledgeBase
from kb.model.assemble import assemble
from kb.preview.files import Remembered
from kb.render.markdown import Markdown
from kb.render.pages import Facts, page_facts
from kb.render.related import Related
from kb.render.site import Site, generate, guide_files
from kb.source import LAYOUT, Source

SETTINGS = ("settings", "settings")


def merge(kb: KnowledgeBase, source: Source, changed: set[tuple[str, str]]) -> KnowledgeBase:
    """`kb` with the changed files assembled again, in file order as a full load has them."""
    part = Source(source.root, {k: {} for k in LAYOUT})
    for kind, key in changed:
        if key in source.files[kind]:
            part.files[kind][key] = source.files[kind][key]
    new = assemble(part, skip=set())
    updates = {}
    for kind, attr in KINDS.items():
        merged = getattr(kb, attr) | getattr(new, attr)
        updates[attr] = {key: merged[key] for key in source.files[kind]}
    if SETTINGS in changed:
        updates["settings"] = new.settings
    return dataclasses.replace(kb, **updates)


def dependents(kb: KnowledgeBase, changed: set[tuple[str, str]]) -> set[str]:
    """Keys of the pages whose Markdown depends on a changed file."""
    if SETTINGS in changed:
        return set(kb.pages)
    of = {kind: {key for k, key in changed if k == kind} for kind in KINDS}
    return {
        p.key
        for p in kb.pages.values()
        if p.key in of["page"]
        or p.task in of["task"]
        or of["platform"] & set(p.platforms)
        or of["procedure"] & {f"{platform}/{p.task}" for platform in p.platforms}
    }


def structure(kb: KnowledgeBase) -> tuple:
    """What the navigation, links, index pages and whole-site files are made of: when it changes,
    all is redone. (A guide's purpose, shown in llms.txt, is not: llms.txt waits for `kb site`.)"""
    pages = tuple(
        (p.key, p.kind, p.faq_id, p.slug, p.title, p.category, p.task, p.platforms, p.per_platform)
        + (p.former_slugs,)  # redirect pages, and slugs checked across the whole KB
        for p in kb.pages.values()
    )
    cats = tuple((c.key, c.title, c.summary, c.order) for c in kb.categories.values())
    # Step ids: the feedback manifest (votes name a step) is made with the whole site.
    steps = tuple((k, tuple(s.id for s in p.steps)) for k, p in kb.procedures.items())
    return pages, cats, tuple(kb.platforms), tuple(kb.tasks), steps


def check(kb: KnowledgeBase, pages: set[str] | None) -> list[Problem]:
    """The pipeline's cross-reference rules over every page but only the procedures `pages`
    show (all of them when None): procedures hold most of the text, and the others did not change.
    The procedures left out still exist, so references to them are not unknown."""
    if pages is None:
        return checks.run(kb, {})
    shown = {f"{pl}/{kb.pages[k].task}" for k in pages for pl in kb.pages[k].platforms}
    procedures = {k: v for k, v in kb.procedures.items() if k in shown}
    return checks.run(
        dataclasses.replace(kb, procedures=procedures), {"procedures": set(kb.procedures)}
    )


class Texts:
    """`kb.checks.fields` (references and literal hosts/ports in free text) of every file, done
    again only for changed files: a file's findings depend on its own text and settings.yml."""

    def __init__(self) -> None:
        self.found: dict[str, list[Problem]] = {}  # display path -> its problems

    def check(
        self, source: Source, kb: KnowledgeBase, changed: set[tuple[str, str]] | None
    ) -> list[Problem]:
        """Every file's problems, checking only `changed` files again (all of them when None)."""
        todo = source
        if changed is not None:
            todo = Source(source.root, {k: {} for k in LAYOUT})
            for kind, key in changed:
                if key in source.files.get(kind, {}):
                    todo.files[kind][key] = source.files[kind][key]
        shown = {loaded.path for files in source.files.values() for loaded in files.values()}
        self.found = {p: v for p, v in self.found.items() if p in shown}
        self.found |= {
            loaded.path: [] for files in todo.files.values() for loaded in files.values()
        }
        for problem in fields.check(todo, kb):
            self.found.setdefault(problem.path, []).append(problem)
        return [problem for found in self.found.values() for problem in found]


@dataclasses.dataclass(frozen=True)
class Update:
    """Generated Markdown that changed: every page after a structural change, else a few."""

    full: bool
    pages: dict[str, Markdown]


class State:
    """The KB in memory: its files, model, generated site, and what is still to be rendered."""

    def __init__(
        self, root: Path, site_url: str, project: Path | None = None, language: str = "en"
    ) -> None:
        self.files = Remembered(root)
        # Pages in this language (`kb preview --lang`): its catalogue is read again when saved.
        self.language = language
        self.catalogue = locales_dir(root) / f"{language}.po"
        self.catalogue_stamp: tuple[int, int] | None = None
        self.site_url = site_url
        self.results = results_path(project or root.parent)
        self.kb: KnowledgeBase | None = None
        self.site = Site()
        self.shape: tuple | None = None
        self.dirty: set[str] = set()
        self.pending: set[tuple[str, str]] = set()
        self.problems: list[str] = []
        self.loading: list[Problem] = []
        self.texts = Texts()
        self.formats: dict[str, bytes] = {}
        self.facts = Facts()
        self.new_settings = True

    def refresh(self) -> Update | None:
        """Apply changed files: None when none changed; no pages while there are problems."""
        source, loading = self.files.read()
        catalogue = self._catalogue_stamp()
        new_catalogue = catalogue != self.catalogue_stamp
        self.catalogue_stamp = catalogue
        # A symbolic link or a misplaced file is no file of the model, but a problem all the same.
        unchanged = not self.files.changed and loading == self.loading and not new_catalogue
        if self.kb is not None and unchanged:
            return None
        self.loading = loading
        # Kept until merged: a file changed while another one had a problem is not forgotten.
        self.pending |= self.files.changed
        self.problems = [str(p) for p in sorted(loading)]
        if loading and self.kb is None:
            # As `kb check` reports it: cross-references too, minus those to the failed files.
            kb = assemble(source, {p.path for p in loading})
            found = errors_and_warnings(checks.cross_references(source, kb, loading))[0]
            self.problems += map(str, sorted(found))
        if loading:
            return Update(False, {})
        changed, self.pending = self.pending, set()
        kb = assemble(source, set()) if self.kb is None else merge(self.kb, source, changed)
        self.kb, shape = kb, structure(kb)
        self.dirty = (self.dirty | dependents(kb, changed)) & set(kb.pages)
        self.new_settings |= SETTINGS in changed
        full = self.new_settings or shape != self.shape or new_catalogue
        problems = check(kb, None if full else self.dirty)
        problems += self.texts.check(source, kb, None if self.new_settings else changed)
        problems = errors_and_warnings(problems)[0]  # a warning (old content) blocks no page
        self.problems = [str(p) for p in sorted(problems)]
        if self.problems:
            return Update(False, {})
        try:
            return self._render(kb, full, shape)
        except KbError as err:
            self.problems = [str(p) for p in err.problems]
        except Exception as exc:  # noqa: BLE001 - shown to the editor; `kb site` fails on it too
            self.problems = [f"generating the pages failed: {exc!r}"]
        return Update(False, {})

    def _catalogue_stamp(self) -> tuple[int, int] | None:
        if self.language == "en":
            return None
        try:
            st = self.catalogue.stat()
        except OSError:
            return None  # localize reports the missing catalogue
        return st.st_mtime_ns, st.st_size

    def _render(self, kb: KnowledgeBase, full: bool, shape: tuple) -> Update:
        if self.new_settings:
            self.formats, self.facts = site_inputs(kb, site_url=self.site_url, results=self.results)
            self.new_settings = False
        # The pages' language, as `build(language=)` gives it: English where a unit is stale.
        kb, lang = localize(kb, self.language)
        shown = dataclasses.replace(self.facts, words=lang.words)
        if full:
            self.site = generate(kb, formats=self.formats, facts=shown)
            self.shape, self.dirty = shape, set()
            return Update(True, self.site.pages)
        facts = page_facts(shown, self.formats)
        memo: dict[object, str] = {}
        related = Related(kb)
        pages: dict[str, Markdown] = {}
        for key in sorted(self.dirty):
            texts, (here, data) = guide_files(kb, kb.pages[key], facts, memo, related)
            pages.update(texts)
            self.site.assets[here] = data  # its Markdown twin
        self.site.pages.update(pages)
        self.dirty = set()
        return Update(False, pages)
