"""A generated site for a build that goes on while its guides are rendered on the second core.

`kb.build.build` renders every page before it returns. A MkDocs build does not need them that
early: after the hook validates `steps/`, MkDocs cleans the site folder, finds the theme's files
and builds the navigation, and then reads its pages one at a time, spending several milliseconds
on each page's Markdown. So the guides are rendered by a forked child (`kb.parallel.Stream`), in
the order MkDocs reads them, while MkDocs works; `content()` waits only if MkDocs gets ahead.
The child also splits each page's front matter from its body, as the hook hands them to MkDocs.

The child also writes the guides' Markdown twins, once `release()` says the site folder is clean.
Where the work cannot be split (one CPU, threads as under `mkdocs serve`, a small KB) or the
child fails, everything is done here instead, with the same result.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from kb.generate import (
    Facts,
    Site,
    by_title,
    frame,
    guide_files,
    guide_paths,
    page_facts,
    short_link_path,
)
from kb.model import KnowledgeBase, Page
from kb.parallel import Stream, in_background, stream, succeeded
from kb.render_markdown import split_front_matter

# A page as MkDocs gets it: its metadata (None if it has no front matter) and its Markdown body.
Content = tuple[dict | None, str]


class Streamed:
    """The site of one build: every page's path from the start, guide texts as they arrive.

    `site.pages` lists every page in output order; a page in `waiting` has no text there yet
    (ask `content()`). `site.assets` holds everything but the Markdown twins, which `release()`
    and `finish()` write into the site folder."""

    def __init__(
        self,
        kb: KnowledgeBase,
        formats: dict[str, bytes],
        facts: Facts,
        check: Callable[[], None],
    ) -> None:
        self.kb, self.facts = kb, page_facts(facts, formats)
        # The order MkDocs reads them in: by path (`faq/ID/...`).
        self.guides: list[Page] = sorted(kb.pages.values(), key=short_link_path)
        self.memo: dict[int, str] = {}
        self.twins: list[tuple[str, bytes]] = []
        self.child_cpu_s = 0.0  # CPU time of the rendering child, known after `finish`
        self._writer: int | None = None  # the child writing twins, when not streaming
        self._folder: str | None = None
        self.received: dict[str, Content] = {}
        self.stream: Stream | None = stream(self._split, self.guides, self._write_twins)
        try:
            check()  # the cross-references, while the child starts
        except BaseException:
            self.stop()
            raise
        self.site = frame(kb, formats, self.facts, by_title(kb))
        self.waiting: set[str] = set()
        if self.stream is None:
            for page in self.guides:
                self.site.pages.update(self._render(page))
        else:
            self.waiting = {path for page in self.guides for path in guide_paths(page)}
            self.site.pages |= dict.fromkeys(self.waiting, "")
        self.site.pages = dict(sorted(self.site.pages.items()))
        self.site.assets = dict(sorted(self.site.assets.items()))

    @classmethod
    def from_site(cls, site: Site) -> Streamed:
        """A site generated in full (as `kb preview` does), to be handed over the same way."""
        done = cls.__new__(cls)
        done.stream, done.waiting, done._writer, done._folder = None, set(), None, None
        done.received, done.child_cpu_s = {}, 0.0
        done.twins = [(p, d) for p, d in site.assets.items() if is_twin(p)]
        assets = {p: d for p, d in site.assets.items() if not is_twin(p)}
        done.site = Site(pages=site.pages, assets=assets, nav=site.nav)
        return done

    def _render(self, page: Page) -> list[tuple[str, str]]:
        """One guide's pages; its twin is kept for `_write_twins` (in the child, if any)."""
        texts, twin = guide_files(self.kb, page, self.facts, self.memo)
        self.twins.append(twin)
        return texts

    def _split(self, page: Page) -> list[tuple[str, Content]]:
        """`_render`, each page split into what MkDocs gets (in the child)."""
        return [(path, content_of(text)) for path, text in self._render(page)]

    def content(self, path: str) -> Content:
        """Page `path` as MkDocs gets it, waiting for the child to send it if need be."""
        while path in self.waiting:
            batch = self.stream.take() if self.stream is not None else None
            if batch is None:  # the child failed or died: the rest is rendered here
                for page in self.guides[self.stream.taken if self.stream else 0 :]:
                    self._receive(self._split(page))
                break
            for pages in batch:
                self._receive(pages)
        found = self.received.get(path)
        return found if found is not None else content_of(self.site.pages[path])

    def _receive(self, pages: list[tuple[str, Content]]) -> None:
        for path, content in pages:
            self.received[path] = content
            self.waiting.discard(path)

    def release(self, folder: str) -> None:
        """The site folder is clean: the twins may be written into it now."""
        self._folder = folder
        if self.stream is not None:
            self.stream.release(folder.encode("utf-8"))
        else:
            self._writer = in_background(lambda: write_files(self.twins, folder))

    def finish(self) -> None:
        """Wait until every page was received and every twin written (here, if the child
        failed: the twins are rendered again)."""
        while self.waiting:  # pages nothing read: the child must not be left writing them
            self.content(next(iter(self.waiting)))
        if self.stream is not None:
            ok = self.stream.finish()
            self.child_cpu_s = self.stream.cpu_s
            if not ok and self._folder is not None:
                self.twins = []
                for page in self.guides:
                    self._render(page)
                write_files(self.twins, self._folder)
        elif self._folder is not None and (self._writer is None or not succeeded(self._writer)):
            write_files(self.twins, self._folder)
        self.stream = self._writer = self._folder = None

    def stop(self) -> None:
        """The build failed: nothing more is written."""
        if self.stream is not None:
            self.stream.stop()
        if self._writer is not None:
            succeeded(self._writer, stop=True)
        self.stream = self._writer = None

    def _write_twins(self, folder: bytes) -> None:
        write_files(self.twins, folder.decode("utf-8"))


def content_of(text: str) -> Content:
    """A generated page's front matter as data and its body; other text as it is."""
    return split_front_matter(text) or (None, text)


def is_twin(path: str) -> bool:
    """A guide's Markdown twin (`faq/ID/slug/index.md`): published as a file, not a page."""
    return path.endswith(".md")


def write_files(files: Iterable[tuple[str, bytes]], folder: str) -> None:
    """Each file at its path below `folder` (folders are made if needed)."""
    for path, data in files:
        target = os.path.join(folder, path)
        try:
            out = open(target, "wb")
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            out = open(target, "wb")
        with out:
            out.write(data)
