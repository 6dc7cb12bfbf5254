"""Every connection profile the help centre documents, once each, with every place that shows it.

Sources are the pages (their `settings` lists, the steps of the procedures they show and the
`{profile.field}` references in their text) and each generated file, read back as a client reads
it. Profiles are keyed by what a client connects with, so checking costs one login per unique
profile however many pages or files show it.
"""

from __future__ import annotations

import plistlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from kb.formats import FORMATS, OUTPUTS, FormatError, apple_tls_mode, render_all
from kb.model import Connection, KnowledgeBase, Page, Pos, Procedure, Profile, Text
from kb.model.refs import references

PAGES = "pages"


@dataclass(frozen=True)
class Place:
    """One place in steps/ that shows a profile: a `settings` list, or a `{profile.field}` text."""

    pos: Pos
    field: str
    profile: str
    ref: str = ""

    @property
    def order(self) -> tuple[str, int, int, str, str, str]:
        return (self.pos.path, self.pos.line, self.pos.col, self.field, self.profile, self.ref)


@dataclass
class Target:
    """One unique connection and everything that documents it."""

    connection: Connection
    profiles: dict[str, Profile] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)
    places: dict[Place, set[str]] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)


@dataclass
class Collection:
    """The unique targets plus what was read to find them."""

    kb: KnowledgeBase
    targets: dict[Connection, Target] = field(default_factory=dict)
    files: dict[str, list[tuple[str, Connection]]] = field(default_factory=dict)
    format_problems: list[tuple[str, str]] = field(default_factory=list)

    def target(self, connection: Connection) -> Target:
        return self.targets.setdefault(connection, Target(connection))

    def sorted_targets(self) -> list[Target]:
        return [self.targets[c] for c in sorted(self.targets)]


def collect(
    kb: KnowledgeBase, *, formats: bool = True, doc_urls: dict[str, str] | None = None
) -> Collection:
    """The profiles `kb`'s pages document and, with `formats`, those each generated file offers."""
    found = Collection(kb)
    for page in sorted(kb.pages.values(), key=lambda p: p.key):
        for key, place in _shown(kb, page):
            profile = kb.settings.profile(key)
            target = found.target(profile.connection)
            target.profiles[key] = profile
            target.pages.add(page.key)
            target.places.setdefault(place, set()).add(page.key)
            target.sources.add(PAGES)
    if formats:
        _collect_formats(found, doc_urls or {})
    return found


def _shown(kb: KnowledgeBase, page: Page) -> Iterator[tuple[str, Place]]:
    """(profile key, place) for each profile the page shows: its list, texts and procedures."""
    keys = {p.key for p in kb.settings.profiles}
    where = page.pos.get("settings", Pos(page.path, 1, 1))
    for key in page.settings:
        yield key, Place(where, "settings", key)
    for text in (page.purpose, *page.preamble, *page.prerequisites):
        yield from _referenced(text, "text", keys)
    for proc in _procedures(kb, page):
        yield from _referenced(proc.intro, "intro.text", keys)
        for step in proc.steps:
            at = step.pos or Pos(proc.path, 1, 1)
            for key in step.settings:
                yield key, Place(at, f"steps.{step.id}.settings", key)
            yield from _referenced(step.text, f"steps.{step.id}.text", keys, at)
            yield from _referenced(step.note, f"steps.{step.id}.note", keys, at)


def _procedures(kb: KnowledgeBase, page: Page) -> Iterator[Procedure]:
    for platform in page.platforms:
        proc = kb.procedures.get(f"{platform}/{page.task}")
        if proc is not None:
            yield proc


def _referenced(
    text: Text | None, name: str, keys: set[str], fallback: Pos | None = None
) -> Iterator[tuple[str, Place]]:
    if text is None:
        return
    at = text.pos or fallback
    for match in references(text.text):
        if match[1] in keys and at is not None:
            yield match[1], Place(at, name, match[1], match[0])


def _collect_formats(found: Collection, doc_urls: dict[str, str]) -> None:
    """Render every file, read it back with its format's parser, add what it advertises."""
    files = _render(found, doc_urls)
    for file, data in files.items():
        notes = _apple_notes(data) if OUTPUTS[file].name == "mobileconfig" else {}
        try:
            parsed = OUTPUTS[file].parse(data)
        except Exception as exc:  # noqa: BLE001 - a file a client cannot read is a failure to show
            found.format_problems.append((file, f"cannot be read back: {exc}"))
            continue
        entries = found.files.setdefault(file, [])
        for offered in parsed:
            label = f"{file} {offered.origin}"
            if offered.origin in notes:
                label += f" ({notes[offered.origin]})"
            found.target(offered.connection).sources.add(label)
            entries.append((label, offered.connection))


def _render(found: Collection, doc_urls: dict[str, str]) -> dict[str, bytes]:
    """render_all's files; if it refuses, each format that renders alone, and the refusals."""
    settings = found.kb.settings
    try:
        return render_all(settings, doc_urls=doc_urls)
    except FormatError as err:
        problems = err.problems
    found.format_problems += problems
    failed = {file for file, _ in problems}
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        if failed.isdisjoint(fmt.files):
            data = fmt.render(settings, doc_url=doc_urls.get(fmt.name))
            files.update((file, data) for file in fmt.files)
    return dict(sorted(files.items()))


def _apple_notes(data: bytes) -> dict[str, str]:
    """For each server of a mobileconfig, the TLS mode Apple Mail picks for its port."""
    spoken = {"ssl": "SSL/TLS", "starttls": "STARTTLS"}
    notes = {}
    top = plistlib.loads(data, fmt=plistlib.FMT_XML)
    for index, payload in enumerate(top.get("PayloadContent", []), 1):
        for side in ("Incoming", "Outgoing"):
            port = payload.get(f"{side}MailServerPortNumber")
            use_ssl = payload.get(f"{side}MailServerUseSSL")
            if not isinstance(port, int) or not isinstance(use_ssl, bool):
                continue
            try:
                mode = spoken[apple_tls_mode(port, use_ssl)]
            except ValueError as exc:
                mode = f"no TLS mode: {exc}"
            flag = str(use_ssl).lower()
            notes[f"PayloadContent[{index}].{side}"] = (
                f"UseSSL {flag} on port {port}: Apple Mail uses {mode}"
            )
    return notes
