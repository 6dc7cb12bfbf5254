"""The whole pipeline in one call, and writing its output to a folder with no half-written state."""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.errors import KbError, Problem
from kb.formats import FormatError, render_all
from kb.formats.consistency import check_consistency
from kb.generate import Facts, Site, Stamp, generate, published_as_is
from kb.history import last_changed
from kb.model import KnowledgeBase, Pos
from kb.pipeline import load_unchecked
from kb.streamed import Streamed

RESULTS_ENV = "KB_VERIFY_RESULTS"


def build(
    path: Path | str,
    *,
    results: Path | None = None,
    site_url: str | None = None,
    dates: bool = True,
) -> tuple[KnowledgeBase, Site]:
    """Load and validate `steps/`, render every format and page; raises KbError on any problem.

    `site_url` makes links inside machine-readable files absolute (clients need full URLs);
    `dates=False` leaves out git dates (golden files must not change with each commit)."""
    with _no_cycle_collection():
        kb, formats, facts, check = _validated(path, results, site_url, dates)
        return kb, generate(kb, formats=formats, facts=facts, meanwhile=check)


def start_site(
    path: Path | str, *, results: Path | None = None, site_url: str | None = None
) -> Streamed:
    """As `build`, for a MkDocs build: everything is validated when this returns (raises
    KbError listing every problem), but on two cores the guides are still being rendered by a
    child, and arrive as MkDocs asks for them (`kb.streamed`)."""
    with _no_cycle_collection():
        return Streamed(*_validated(path, results, site_url, dates=True))


def _validated(
    path: Path | str, results: Path | None, site_url: str | None, dates: bool
) -> tuple[KnowledgeBase, dict[str, bytes], Facts, Callable[[], None]]:
    """The model, its machine-readable files and facts, and the cross-reference check still to
    run (it raises KbError; the caller runs it while the other core starts on the pages).
    Raises KbError with every problem found so far, cross-references included."""
    kb, loading, cross_references = load_unchecked(path)
    if loading:
        raise KbError(loading + cross_references())
    try:
        formats, facts = site_inputs(kb, site_url=site_url, results=results, dates=dates)
    except KbError as err:
        raise KbError(err.problems + cross_references()) from err

    def check() -> None:
        problems = cross_references()
        if problems:
            raise KbError(problems)

    return kb, formats, facts, check


def site_inputs(
    kb: KnowledgeBase, *, site_url: str | None, results: Path | None, dates: bool = True
) -> tuple[dict[str, bytes], Facts]:
    """The machine-readable files and the facts pages show beyond steps/ (used by `kb preview`
    too, which regenerates pages one by one)."""
    formats = checked_formats(kb, site_url)
    return formats, Facts(
        srv_zone=formats.get("dns/srv.zone.txt", b"").decode("utf-8") or None,
        stamp=read_stamp(results),
        history=last_changed(Path(kb.root)) if dates else {},
    )


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Loading builds millions of small acyclic objects (nodes, positions, the model) that
    reference counting frees; the cycle collector would only re-scan them, repeatedly."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def checked_formats(kb: KnowledgeBase, site_url: str | None) -> dict[str, bytes]:
    """Every machine-readable file, proven to read back as the settings file says."""
    ref = next((p for p in kb.pages.values() if p.kind == "settings-reference"), None)
    doc = f"{site_url.rstrip('/')}/faq/{ref.faq_id}/{ref.slug}/" if ref and site_url else None
    urls = {name: doc for name in ("autoconfig", "mobileconfig", "settings-json")} if doc else {}
    where = Pos(kb.settings.path, 1, 1)
    try:
        files = render_all(kb.settings, doc_urls=urls)
    except FormatError as err:
        raise KbError(_problem(where, f"{f}: {m}") for f, m in err.problems) from err
    problems = check_consistency(kb.settings, files)
    if problems:
        raise KbError(_problem(where, message) for message in problems)
    return files


def _problem(where: Pos, message: str) -> Problem:
    return Problem(where.path, where.line, where.col, "(formats)", message)


def results_path(project: Path) -> Path:
    """Where `kb verify` leaves its results: `$KB_VERIFY_RESULTS`, else `.kb/` of the project."""
    return Path(os.environ.get(RESULTS_ENV) or project / ".kb" / "verify-results.json")


def read_stamp(results: Path | None) -> Stamp | None:
    """A verification results file counts only if its run passed; anything else shows nothing."""
    if results is None or not results.is_file():
        return None
    try:
        data = json.loads(results.read_text("utf-8"))
        if data.get("passed") is not True or data.get("mode") != "mailbox":
            return None
        proven = frozenset(
            (p["protocol"], p["host"], int(p["port"]), p["security"])
            for p in data["profiles"]
            if p.get("ok") is True
        )
        return Stamp(str(data["date"])[:10], proven)
    except (ValueError, KeyError, TypeError):
        return None


def write_tree(site: Site, out: Path) -> None:
    """Write the site to `out` for another engine, replacing it only once everything is written:
    `docs/` (the pages and files the engine builds), `static/` (files to copy as they are over
    its output: see `published_as_is`) and `nav.json` (the navigation)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for rel, content in [*site.pages.items(), *site.assets.items()]:
            folder = "static" if rel in site.assets and published_as_is(rel) else "docs"
            target = tmp / folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.write_bytes(data)
        (tmp / "nav.json").write_text(json.dumps(site.nav, indent=2) + "\n", "utf-8")
        swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def swap(new: Path, out: Path) -> None:
    """Replace `out` by `new` with two renames; the old tree is removed afterwards."""
    old = out.with_name(f".{out.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
