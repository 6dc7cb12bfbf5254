"""`kb preview`: save a guide's YAML and see its page again within a second, at any KB size.

A full `mkdocs build` re-reads every YAML file and renders every page: far too slow per edit.
The preview keeps the KB in memory instead (`state`): each file's parsed YAML, the model and the
generated Markdown, redone only where files changed. MkDocs turns a page into HTML only when it
is requested (`renderer`), with the project's theme, plugins and configuration. `server` answers
the browser (pages, live reload, search, feedback votes) and `watch` applies each saved change.
The sitemap and strict whole-site checks are left to `kb site`, which CI runs.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from kb.feedback.limits import RateLimit
from kb.feedback.manifest import Manifest
from kb.feedback.receiver import Receiver
from kb.feedback.store import open_store
from kb.i18n.catalog import LANGUAGES
from kb.preview.renderer import Renderer
from kb.preview.server import ListenError, Server, listen, problems_html
from kb.preview.state import State, Update
from kb.preview.watch import watch
from kb.source import find_root

__all__ = ["Preview", "Renderer", "Server", "State", "main", "parser"]


class Preview:
    """State and Renderer behind one lock, and the version number live reload waits on."""

    def __init__(self, state: State, renderer: Renderer) -> None:
        self.state, self.renderer = state, renderer
        self.lock = threading.Lock()
        self.changed = threading.Event()
        self.bumped = threading.Condition()
        self.version = 0
        self.viewed: list[str] = []
        self.reload = True  # MkDocs has not taken the whole current site yet

    def sync(self, *, prerender: bool = False) -> None:
        """Apply what changed on disk; with `prerender`, also redo the pages last viewed."""
        with self.lock:
            self.changed.clear()
            start = time.perf_counter()
            try:
                update = self.state.refresh()
            except Exception as exc:  # noqa: BLE001 - shown; the watcher must keep watching
                self.state.problems = [f"applying the change failed: {exc!r}; run kb check"]
                update = Update(False, {})
            if update is None:
                return
            try:
                self._hand_to_mkdocs(update)
            except Exception as exc:  # noqa: BLE001 - shown to the editor; `kb site` fails too
                self.state.problems = [f"MkDocs failed on the generated pages: {exc!r}"]
                self.reload = True
            for url in self.viewed[:3] if prerender and not self.state.problems else ():
                try:
                    self.renderer.render(url)
                except Exception:  # noqa: BLE001, S112 - shown when the page is requested
                    continue
            self._say(update, time.perf_counter() - start)
        with self.bumped:
            self.version += 1
            self.bumped.notify_all()

    def _hand_to_mkdocs(self, update: Update) -> None:
        if self.state.problems:
            return
        if update.full or self.reload:
            self.renderer.load(self.state.site)
            self.reload = False
        else:
            self.renderer.update(update.pages)

    def _say(self, update: Update, seconds: float) -> None:
        """One line per change in the terminal, then each problem as the browser shows it."""
        problems = self.state.problems
        if problems:
            what = f"{len(problems)} problem(s)"
        else:
            what = f"{len(update.pages)} page(s) updated" + (" (all)" if update.full else "")
        lines = [f"kb preview: {what} in {seconds:.2f} s", *problems]
        print("\n".join(lines), file=sys.stderr, flush=True)

    def page(self, url: str) -> tuple[int, bytes] | None:
        """(status, HTML) of a generated page, or of the problem list; None if not a page."""
        if self.changed.is_set():
            self.sync()
        with self.lock:
            a_page = url in self.renderer.by_url or url.endswith("/") or not url
            if self.state.problems and a_page:
                return 500, problems_html(self.state.problems)
            try:
                found = self.renderer.render(url)
            except Exception as exc:  # noqa: BLE001 - the same error fails `kb site`
                return 500, problems_html([f"rendering /{url} failed: {exc!r}"])
            if found is not None:
                self.viewed = [url, *(u for u in self.viewed if u != url)][:10]
                return 200, found
            return None

    def search_index(self) -> bytes | None:
        """The search index of the pages as they are now; pages are indexed one lock at a time,
        so edits are applied in between (the first request indexes every page)."""
        if self.changed.is_set():
            self.sync()
        with self.lock:
            todo = self.renderer.unindexed()
        for src_uri in todo:
            with self.lock:
                try:
                    self.renderer.index(src_uri)
                except Exception:  # noqa: BLE001, S112 - shown when the page is requested
                    continue
        with self.lock:
            return self.renderer.search_index()


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="kb preview",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    cli.add_argument(
        "--config",
        default="mkdocs.yml",
        help="MkDocs configuration to render with; steps/ is its kb plugin's `steps` option",
    )
    cli.add_argument("--host", default="127.0.0.1", help="address to serve on (keep it loopback)")
    cli.add_argument("--port", type=int, default=8001, help="port to serve on (0: any free one)")
    cli.add_argument(
        "--lang",
        default="en",
        choices=LANGUAGES,
        metavar="LANG",
        help="the pages in this language, from steps/locales/<lang>.po (English where stale)",
    )
    return cli


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # Stop cleanly on either signal, even if started with SIGINT ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server = listen(args.host, args.port)
    except ListenError as err:
        print(err, file=sys.stderr)
        return 2
    url = f"http://{args.host}:{server.server_address[1]}/"  # the port chosen for --port 0
    site_dir = Path(tempfile.mkdtemp(prefix="kb-preview-"))
    # The kb plugin takes the theme and search language from it, as in `kb site --languages`.
    os.environ["KB_LANGUAGE"] = args.lang
    try:
        start = time.perf_counter()
        renderer = Renderer(Path(args.config).resolve(), site_dir, url)
        root = find_root(renderer.steps.resolve())
        project = Path(renderer.config.config_file_path).parent
        server.preview = Preview(State(root, url, project, args.lang), renderer)
        server.preview.sync()
        votes = open_store(str(project / ".kb" / "feedback.sqlite3"))
        state = server.preview.state
        # The manifest is the current site's, taken at each vote (server.Handler.do_POST).
        server.feedback = Receiver(votes, Manifest({}, ()), frozenset(), RateLimit(0))
        print(
            f"kb preview: {len(state.files.entries)} files of {root} read, "
            f"{len(state.site.pages)} pages ready in {time.perf_counter() - start:.1f} s; "
            f"serving {url}",
            file=sys.stderr,
            flush=True,
        )
        watch(server.preview, root)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
