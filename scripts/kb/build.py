"""The pipeline, `steps/` to the generated site, in one function; and writing its output to a
folder with no half-written state."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kb import checks
from kb.errors import KbError, Problem, errors_and_warnings
from kb.formats import FormatError, render_all
from kb.formats.consistency import check_consistency
from kb.i18n.language import localize
from kb.model import KnowledgeBase, Pos
from kb.model.assemble import assemble
from kb.output import fresh_folder, publish
from kb.render.addresses import PROVIDER_LANG
from kb.render.markdown import Markdown
from kb.render.pages import Facts, Stamp
from kb.render.site import Site, generate, published_as_is
from kb.source import find_root, read_source
from kb.source.history import last_changed
from kb.zensical import write_project

RESULTS_ENV = "KB_VERIFY_RESULTS"


def build(
    path: Path | str,
    *,
    results: Path | None = None,
    site_url: str | None = None,
    dates: bool = True,
    language: str = "en",
    language_root: bool = False,
    on_warning: Callable[[Problem], object] | None = None,
) -> tuple[KnowledgeBase, Site]:
    """The validated model of the KB at `path` and its whole generated site; raises KbError
    listing every problem (then nothing is rendered).

    `site_url` makes links inside machine-readable files absolute (clients need full URLs);
    `dates=False` leaves out git dates (golden files must not change with each commit);
    `language` renders the pages from its catalogue (`kb.i18n`), English where it is stale
    (`language_root`: the build is published at `/<language>/`, one of several languages);
    `on_warning` is given each warning (content getting old), which fails nothing, in order."""
    root = find_root(Path(path).resolve())
    # Read steps/: each file as strict YAML with positions, checked against its kind's schema.
    source, problems = read_source(root)
    every_file_read = not problems
    # Assemble the frozen model from the files that passed.
    kb = assemble(source, skip={p.path for p in problems})
    # Check cross-references; keys of files that failed above are not reported again. Warnings
    # go to the caller now, so they are shown whether or not the build then fails.
    found, warnings = errors_and_warnings(checks.cross_references(source, kb, problems))
    problems += found
    # The files as read are not needed past the checks: every later stage holds less.
    del source
    for warning in sorted(warnings) if on_warning else ():
        on_warning(warning)
    # Render the machine-readable formats, each proven to read back as the settings file says.
    formats: dict[str, bytes] = {}
    if every_file_read:
        try:
            formats = checked_formats(kb, site_url)
        except KbError as err:
            problems += err.problems
    if problems:
        raise KbError(problems)
    # Translate the texts from the language's catalogue; its mistakes stop the build.
    shown, lang = localize(kb, language)
    # Gather what pages show beyond steps/: the last passing verification, git dates.
    facts = replace(
        page_inputs(kb, formats, results=results, dates=dates),
        words=lang.words,
        provider_prefix="" if language_root else f"{PROVIDER_LANG}/",
    )
    # Render every page, the navigation, llms.txt and the Markdown twins.
    return shown, generate(shown, formats=formats, facts=facts)


def load_knowledge_base(path: Path | str) -> KnowledgeBase:
    """The validated model of the KB at `path`, the first stages of `build` (for `kb verify`);
    raises KbError listing every problem."""
    root = find_root(Path(path).resolve())
    source, problems = read_source(root)
    kb = assemble(source, skip={p.path for p in problems})
    problems += errors_and_warnings(checks.cross_references(source, kb, problems))[0]
    if problems:
        raise KbError(problems)
    return kb


def site_inputs(
    kb: KnowledgeBase, *, site_url: str | None, results: Path | None, dates: bool = True
) -> tuple[dict[str, bytes], Facts]:
    """The machine-readable files and the facts pages show beyond steps/ (`kb preview`, which
    regenerates pages one by one, needs them apart from `build`)."""
    formats = checked_formats(kb, site_url)
    return formats, page_inputs(kb, formats, results=results, dates=dates)


def page_inputs(
    kb: KnowledgeBase, formats: dict[str, bytes], *, results: Path | None, dates: bool
) -> Facts:
    """What pages show that does not come from steps/: the SRV zone, the last passing
    verification, and when each source file last changed."""
    return Facts(
        srv_zone=formats.get("dns/srv.zone.txt", b"").decode("utf-8") or None,
        stamp=read_stamp(results),
        history=last_changed(Path(kb.root)) if dates else {},
    )


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


def write_tree(site: Site, out: Path, config: Path | None = None) -> None:
    """Write the site to `out` for another engine, published only once everything is written:
    `docs/` (the pages and files the engine builds), `static/` (files to copy as they are over
    its output: see `published_as_is`) and `nav.json` (the navigation); with the MkDocs config
    `config`, also the Zensical project made from it (`kb.zensical`)."""
    out = out.absolute()
    with fresh_folder(out) as tmp:
        for rel, content in [*site.pages.items(), *site.assets.items()]:
            folder = "static" if rel in site.assets and published_as_is(rel) else "docs"
            target = tmp / folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.text if isinstance(content, Markdown) else content
            target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        (tmp / "nav.json").write_text(json.dumps(site.nav, indent=2) + "\n", "utf-8")
        if config is not None:
            write_project(tmp, config, site.nav, site.words)
        swap(tmp, out)


def swap(new: Path, out: Path) -> None:
    """Show `new` as `out` in one rename (`kb.output.publish`): never a moment without `out`."""
    publish(new, out)
