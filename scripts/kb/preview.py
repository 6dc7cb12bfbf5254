"""`kb preview`: save a guide's YAML and see its page again within a second, at any KB size.

A full `mkdocs build` re-reads every YAML file and renders every page: far too slow per edit.
The preview keeps everything in memory instead: each file's parsed YAML (re-read only when its
stamp changes), the model, the generated Markdown, and MkDocs' files and navigation. A change
re-checks and re-renders only the pages that depend on it (a guide depends on its page file, its
procedures, platforms and task); settings.yml and structural changes (titles, slugs, categories,
added or removed files) regenerate the Markdown of every page, still in memory. MkDocs turns a
page into HTML only when it is requested, with the project's theme and configuration. Search, the
sitemap and strict whole-site checks are left to `kb site`, which CI runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import logging
import mimetypes
import shutil
import signal
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from kb import checks
from kb.build import results_path, site_inputs
from kb.checks import KIND_TO_MODEL as KINDS
from kb.checks import fields
from kb.errors import KbError, Problem, errors_and_warnings
from kb.feedback.limits import RateLimit
from kb.feedback.manifest import FILE_NAME as MANIFEST
from kb.feedback.manifest import parse_manifest
from kb.feedback.receiver import PATH as FEEDBACK_PATH
from kb.feedback.receiver import TOO_LARGE, Receiver, too_large
from kb.feedback.store import open_store
from kb.model import KnowledgeBase
from kb.model.assemble import assemble
from kb.render.markdown import Markdown
from kb.render.pages import Facts, page_facts, page_variants, render_page
from kb.render.site import Site, generate, write_twins
from kb.source import (
    LAYOUT,
    Source,
    display_path,
    find_root,
    natural_key,
    refuse_links,
    symlinks,
    through_link,
)
from kb.source.load import Loaded, load_file
from kb.source.schema import validate

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver


@dataclasses.dataclass
class Entry:
    """One file as last read: its stamp (mtime, size, inode), parsed YAML and problems."""

    stamp: tuple[int, int, int]
    kind: str
    key: str
    loaded: Loaded | None
    problems: list[Problem]


class Sources:
    """Every YAML file under `steps/`, each parsed and schema-checked again only when it changes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries: dict[Path, Entry] = {}
        self.links: list[Problem] = []  # every symbolic link under `root`, refused as by kb check

    def refresh(self) -> set[tuple[str, str]]:
        """Re-read added and changed files, forget removed ones; the (kind, key) of each."""
        links = symlinks(self.root)
        refused, self.links = self.links, refuse_links(self.root, links)
        found = {
            path: kind
            for kind, pattern in LAYOUT.items()
            for path in self.root.glob(pattern)
            if not (links and through_link(path, links))
        }
        changed = {(e.kind, e.key) for p, e in self.entries.items() if p not in found}
        if refused != self.links:
            changed.add(("(link)", ""))  # no file of the model changed, but the problems did
        self.entries = {p: e for p, e in self.entries.items() if p in found}
        for path, kind in found.items():
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            if path in self.entries and self.entries[path].stamp == stamp:
                continue
            loaded, problems = load_file(path, display_path(self.root, path))
            if loaded is not None:
                problems += validate(loaded, kind)
            key = natural_key(kind, self.root, path)
            self.entries[path] = Entry(stamp, kind, key, loaded, problems)
            changed.add((kind, key))
        return changed

    def problems(self) -> list[Problem]:
        return self.links + [p for e in self.entries.values() for p in e.problems]

    def source(self, only: set[tuple[str, str]] | None = None) -> Source:
        files: dict[str, dict[str, Loaded]] = {kind: {} for kind in LAYOUT}
        for path in sorted(self.entries):
            e = self.entries[path]
            wanted = only is None or (e.kind, e.key) in only
            if e.loaded is not None and not e.problems and wanted:
                files[e.kind][e.key] = e.loaded
        return Source(self.root, files)


def merge(kb: KnowledgeBase, sources: Sources, changed: set[tuple[str, str]]) -> KnowledgeBase:
    """`kb` with the changed files assembled again, in file order as a full load has them."""
    files = sources.source().files
    part = assemble(sources.source(changed), skip=set())
    updates = {}
    for kind, attr in KINDS.items():
        merged = getattr(kb, attr) | getattr(part, attr)
        updates[attr] = {key: merged[key] for key in files[kind]}
    if ("settings", "settings") in changed:
        updates["settings"] = part.settings
    return dataclasses.replace(kb, **updates)


def dependents(kb: KnowledgeBase, changed: set[tuple[str, str]]) -> set[str]:
    """Keys of the pages whose Markdown depends on a changed file."""
    if ("settings", "settings") in changed:
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
    """What the navigation, links and index pages are made of; when it changes, all is redone."""
    pages = tuple(
        (p.key, p.kind, p.faq_id, p.slug, p.title, p.category, p.task, p.platforms, p.per_platform)
        for p in kb.pages.values()
    )
    cats = tuple((c.key, c.title, c.summary, c.order) for c in kb.categories.values())
    return pages, cats, tuple(kb.platforms), tuple(kb.tasks), tuple(kb.procedures)


def check(kb: KnowledgeBase, pages: set[str] | None) -> list[Problem]:
    """Cross-reference problems of `pages` and their procedures (all pages when None)."""
    if pages is None:
        return checks.run(kb, {})
    procs = {f"{pl}/{kb.pages[k].task}" for k in pages for pl in kb.pages[k].platforms}
    sub = dataclasses.replace(
        kb,
        pages={k: kb.pages[k] for k in pages},
        procedures={k: v for k, v in kb.procedures.items() if k in procs},
    )
    problems = checks.run(sub, {"pages": set(kb.pages), "procedures": set(kb.procedures)})
    for attr in ("faq_id", "slug"):
        owner = {getattr(p, attr): p.path for p in kb.pages.values() if p.key not in pages}
        problems += [
            Problem(
                p.path,
                p.pos[attr].line,
                p.pos[attr].col,
                attr,
                f"duplicate {attr} {getattr(p, attr)!r}; also used by {owner[getattr(p, attr)]}",
            )
            for p in sub.pages.values()
            if getattr(p, attr) in owner
        ]
    return problems


@dataclasses.dataclass(frozen=True)
class Update:
    """Generated Markdown that changed: every page after a structural change, else a few."""

    full: bool
    pages: dict[str, Markdown]


class State:
    """The KB in memory: sources, model, generated site, and what is still to be rendered."""

    def __init__(self, root: Path, site_url: str, project: Path | None = None) -> None:
        self.sources = Sources(root)
        self.site_url = site_url
        self.results = results_path(project or root.parent)
        self.kb: KnowledgeBase | None = None
        self.site = Site()
        self.shape: tuple | None = None
        self.dirty: set[str] = set()
        self.problems: list[str] = []
        self.formats: dict[str, bytes] = {}
        self.facts = Facts()
        self.new_settings = True

    def refresh(self) -> Update | None:
        """Apply changed files: None when none changed; no pages while there are problems."""
        changed = self.sources.refresh()
        if self.kb is not None and not changed:
            return None
        loading = self.sources.problems()
        self.problems = [str(p) for p in sorted(loading)]
        if loading:
            return Update(False, {})
        first = self.kb is None
        kb = (
            assemble(self.sources.source(), set())
            if first
            else merge(self.kb, self.sources, changed)
        )
        self.kb, shape = kb, structure(kb)
        self.dirty = (self.dirty | dependents(kb, changed)) & set(kb.pages)
        self.new_settings |= ("settings", "settings") in changed
        full = self.new_settings or shape != self.shape
        problems = check(kb, None if full else self.dirty) + fields.check(self.sources.source(), kb)
        # A warning (content getting old) blocks no page.
        problems = errors_and_warnings(problems)[0]
        self.problems = [str(p) for p in sorted(problems)]
        if self.problems:
            return Update(False, {})
        try:
            return self._render(kb, full, shape)
        except KbError as err:
            self.problems = [str(p) for p in err.problems]
        except Exception as exc:  # noqa: BLE001 - shown in the browser; `kb site` fails on it too
            self.problems = [f"generating the pages failed: {exc!r}"]
        return Update(False, {})

    def _render(self, kb: KnowledgeBase, full: bool, shape: tuple) -> Update:
        if self.new_settings:
            self.formats, self.facts = site_inputs(kb, site_url=self.site_url, results=self.results)
            self.new_settings = False
        if full:
            self.site = generate(kb, formats=self.formats, facts=self.facts)
            self.shape, self.dirty = shape, set()
            return Update(True, self.site.pages)
        facts = page_facts(self.facts, self.formats)
        pages = {}
        for page in (kb.pages[key] for key in sorted(self.dirty)):
            for path, shown in page_variants(page):
                pages[path] = render_page(kb, page, path, shown, facts)
        self.site.pages.update(pages)
        self.dirty = set()
        return Update(False, pages)


class Renderer:
    """The project's MkDocs configuration, plugins and hooks, turning one page into HTML on request.

    It replays `mkdocs build` (mkdocs/commands/build.py) with one difference: the KB hook's
    `on_pre_build`, which loads and generates the whole KB, is replaced by `State`, whose site
    the hook's `on_files` then adds as usual. Pages go through MkDocs' own per-page steps and
    every other event (such as the hook's Content-Security-Policy), so a page looks as built.
    """

    def __init__(self, config_file: Path, site_dir: Path, url: str) -> None:
        from mkdocs.config import load_config

        config = load_config(str(config_file), site_dir=str(site_dir), site_url=url)
        self.config = config.plugins.on_config(config)
        self.hook = _kb_hook(self.config)
        for event in self.config.plugins.events["pre_build"]:
            if event != getattr(self.hook, "on_pre_build", None):  # bound methods: not `is`
                event(config=self.config)
        self.fresh: set[str] = set()
        self.by_url: dict[str, object] = {}

    @property
    def steps(self) -> Path:
        return Path(self.hook.config.steps)

    def load(self, site: Site) -> None:
        """Files and navigation of a whole generated site; static files are copied again."""
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation

        config = self.config
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        self.hook.use_site(site)  # what the hook's on_pre_build would have set
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        self.nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        self.env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files()
        write_twins(site, Path(config.site_dir))  # as on_post_build would
        self.files, self.docs = files, files.documentation_pages()
        self.by_url = {("" if f.url == "./" else f.url): f for f in self.docs}
        self.fresh = set()

    def update(self, pages: dict[str, Markdown]) -> None:
        for path, page in pages.items():
            file = self.files.get_file_from_path(path)
            if file is not None:
                file.content_string = page.body  # its metadata: the hook's on_page_markdown
            self.fresh.discard(path)

    def render(self, url: str) -> Path | None:
        """The HTML file of the page at `url`, rendered again if its Markdown changed."""
        from mkdocs.commands.build import _build_page, _populate_page
        from mkdocs.structure.pages import Page

        file = self.by_url.get(url)
        if file is None:
            return None
        if file.src_uri not in self.fresh:
            page = file.page or Page(None, file, self.config)
            _populate_page(page, self.config, self.files)
            _build_page(page, self.config, self.docs, self.nav, self.env)
            self.fresh.add(file.src_uri)
        return Path(file.abs_dest_path)


def _kb_hook(config: object) -> object:
    """The `kb` plugin of the configuration (`plugins: [search, kb]`)."""
    plugin = config.plugins.get("kb")
    if plugin is None:
        raise SystemExit("kb preview: the configuration does not use the plugin `kb`")
    return plugin


# Live reload: each page waits for the next version, then reloads. A file, not an inline script,
# so the pages' Content-Security-Policy ('self' scripts only) lets it run.
RELOAD_JS = b"""(function wait(v) {
  fetch("/.kb-preview/wait?since=" + v).then(function (r) { return r.text(); }).then(function (n) {
    if (n !== String(v)) { location.reload(); } else { wait(v); }
  }).catch(function () { setTimeout(function () { wait(v); }, 1000); });
})(Number(document.currentScript.dataset.version));
"""
RELOAD_TAG = '<script src="/.kb-preview/reload.js" data-version="%d"></script></body>'


class Preview:
    """State and Renderer behind one lock, and the version number live reload waits on."""

    def __init__(self, state: State, renderer: Renderer) -> None:
        self.state, self.renderer = state, renderer
        self.lock = threading.Lock()
        self.changed = threading.Event()
        self.bumped = threading.Condition()
        self.version = 0
        self.viewed: list[str] = []

    def sync(self, *, prerender: bool = False) -> None:
        """Apply what changed on disk; with `prerender`, also redo the pages last viewed."""
        with self.lock:
            self.changed.clear()
            start = time.perf_counter()
            try:
                update = self.state.refresh()
                if update is None:
                    return
                if update.full:
                    self.renderer.load(self.state.site)
                else:
                    self.renderer.update(update.pages)
            except Exception as exc:  # noqa: BLE001 - shown; the watcher must keep watching
                self.state.problems = [f"applying the change failed: {exc!r}; run kb check"]
                update = Update(False, {})
            for url in self.viewed[:3] if prerender and not self.state.problems else ():
                try:
                    self.renderer.render(url)
                except Exception:  # noqa: BLE001, S112 - shown when the page is requested
                    continue
            self._say(update, time.perf_counter() - start)
        with self.bumped:
            self.version += 1
            self.bumped.notify_all()

    def _say(self, update: Update, seconds: float) -> None:
        if self.state.problems:
            what = f"{len(self.state.problems)} problem(s)"
        else:
            what = f"{len(update.pages)} page(s) updated" + (" (all)" if update.full else "")
        print(f"kb preview: {what} in {seconds:.2f} s", file=sys.stderr, flush=True)

    def page(self, url: str) -> tuple[int, bytes] | None:
        """(status, HTML) of a generated page, or of the problem list; None if not a page."""
        if self.changed.is_set():
            self.sync()
        with self.lock:
            a_page = url in self.renderer.by_url or url.endswith("/") or not url
            if self.state.problems and a_page:
                return 500, _problems_html(self.state.problems)
            try:
                target = self.renderer.render(url)
            except Exception as exc:  # noqa: BLE001 - the same error fails `kb site`
                return 500, _problems_html([f"rendering /{url} failed: {exc!r}"])
            if target is None:
                return None
            self.viewed = [url, *(u for u in self.viewed if u != url)][:10]
            return 200, target.read_bytes()


def _problems_html(lines: list[str]) -> bytes:
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines[:200])
    return (
        f"<!doctype html><title>kb preview: problems</title><body><h1>{len(lines)} problem(s)"
        f"</h1><ul>{items}</ul><p>The page comes back when the files are fixed.</p>"
        "</body>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        preview = self.server.preview
        split = urlsplit(self.path)
        path = unquote(split.path)
        if path == "/.kb-preview/reload.js":
            return self._send(200, RELOAD_JS, "text/javascript")
        if path == "/.kb-preview/wait":
            since = int(parse_qs(split.query).get("since", ["0"])[0] or 0)
            with preview.bumped:
                preview.bumped.wait_for(lambda: preview.version != since, timeout=25)
                return self._send(200, str(preview.version).encode(), "text/plain")
        url = path.lstrip("/")
        url = url[: -len("index.html")] if url.endswith("index.html") else url
        found = preview.page(url)
        if found is not None:
            status, body = found
            tag = (RELOAD_TAG % preview.version).encode()
            return self._send(status, body.replace(b"</body>", tag, 1), "text/html; charset=utf-8")
        site = Path(preview.renderer.config.site_dir).resolve()
        target = (site / url).resolve()
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            return self.end_headers()
        target = target / "index.html" if target.is_dir() else target
        if not target.is_relative_to(site) or not target.is_file():
            return self._send(404, b"not found", "text/plain")
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._send(200, target.read_bytes(), kind)

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        """The feedback widget works while editing: votes go to the project's `.kb/` database
        through the same checks as `kb feedback serve`, against the site as it is now."""
        if urlsplit(self.path).path != FEEDBACK_PATH:
            return self._send(404, b"not found", "text/plain")
        receiver = self.server.feedback
        receiver.manifest = parse_manifest(
            self.server.preview.state.site.assets[MANIFEST], MANIFEST
        )
        declared = self.headers.get("Content-Length")
        if too_large(declared):
            status, answer = TOO_LARGE
        else:
            status, answer = receiver.accept(
                self.rfile.read(int(declared or 0)),
                content_type=self.headers.get("Content-Type", ""),
                origin_ok=receiver.origin_ok(
                    self.headers.get("Origin"),
                    self.headers.get("Sec-Fetch-Site"),
                    f"http://{self.headers.get('Host', '')}",
                ),
                client=self.client_address[0],
            )
        self._send(status, json.dumps(answer).encode(), "application/json")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload, a closed tab)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    preview: Preview
    feedback: Receiver


def _watch(preview: Preview, root: Path) -> BaseObserver:
    """Flag changes under `steps/` as they happen (inotify), and apply them in the background;
    the observer, to stop it."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    class OnChange(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            # Reading a file is an event too (opened, closed_no_write): ignore those.
            if event.event_type in ("created", "deleted", "modified", "moved", "closed"):
                preview.changed.set()

    def follow() -> None:
        while True:
            preview.changed.wait()
            time.sleep(0.05)  # let the editor finish writing
            preview.sync(prerender=True)

    observer = Observer()
    observer.schedule(OnChange(), str(root), recursive=True)
    observer.daemon = True
    observer.start()
    threading.Thread(target=follow, daemon=True).start()
    return observer


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="kb preview", description=__doc__.split("\n")[0])
    cli.add_argument("--config", default="mkdocs.yml", help="MkDocs configuration to render with")
    cli.add_argument("--host", default="127.0.0.1", help="address to serve on (loopback)")
    cli.add_argument("--port", type=int, default=8001)
    return cli


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # Stop cleanly on either signal, even if started with SIGINT ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    url = f"http://{args.host}:{args.port}/"
    site_dir = Path(tempfile.mkdtemp(prefix="kb-preview-"))
    try:
        server = Server((args.host, args.port), Handler)
        start = time.perf_counter()
        renderer = Renderer(Path(args.config).resolve(), site_dir, url)
        root = find_root(renderer.steps.resolve())
        project = Path(renderer.config.config_file_path).parent
        server.preview = Preview(State(root, url, project), renderer)
        server.preview.sync()
        votes = open_store(str(project / ".kb" / "feedback.sqlite3"))
        manifest = parse_manifest(server.preview.state.site.assets[MANIFEST], MANIFEST)
        server.feedback = Receiver(votes, manifest, frozenset(), RateLimit(0))
        state = server.preview.state
        print(
            f"kb preview: {len(state.sources.entries)} files of {root} read, "
            f"{len(state.site.pages)} pages ready in {time.perf_counter() - start:.1f} s; "
            f"serving {url}",
            file=sys.stderr,
            flush=True,
        )
        for line in state.problems:
            print(line, file=sys.stderr)
        _watch(server.preview, root)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
