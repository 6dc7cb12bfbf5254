"""Cross-reference checks over the model: everything a page points at must exist and agree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.checks import slugs
from kb.errors import Problem
from kb.model import KnowledgeBase, Pos, Procedure, Profile, Text
from kb.refs import FIELDS, references


def _at(pos: Pos | None, field: str, message: str) -> Problem:
    pos = pos or Pos("?", 1, 1)
    return Problem(pos.path, pos.line, pos.col, field, message)


def check(kb: KnowledgeBase, broken: dict[str, set[str]]) -> list[Problem]:
    """Every cross-reference problem. `broken` holds keys whose files failed earlier stages:
    references to them are not reported again."""
    known = {
        kind: set(getattr(kb, kind)) | broken.get(kind, set())
        for kind in ("platforms", "tasks", "categories", "procedures", "pages")
    }
    profiles = broken.get("profiles", set())
    # An unreadable settings file stands for every profile (a set that contains everything).
    known["profiles"] = profiles if profiles else set()
    known["profiles"] = (
        profiles | {p.key for p in kb.settings.profiles}
        if not hasattr(profiles, "everything")
        else profiles
    )
    checks = [
        _pages(kb, known),
        _procedures(kb, known, bool(broken.get("pages"))),
        _texts(kb, known),
        _unique_ids(kb),
        slugs.check(kb),
        _recommendations(kb),
    ]
    return [problem for found in checks for problem in found]


def _pages(kb: KnowledgeBase, known: dict[str, set[str]]) -> Iterator[Problem]:
    for page in kb.pages.values():
        pos = page.pos
        if page.category not in known["categories"]:
            yield _at(
                pos["category"],
                "category",
                f"unknown category '{page.category}'; "
                f"expected one of: {', '.join(sorted(known['categories']))}",
            )
        for key in page.settings:
            if key not in known["profiles"]:
                yield _unknown_profile(pos["settings"], "settings", key, known)
        if page.kind != "guide":
            continue
        if page.task not in known["tasks"]:
            yield _at(
                pos["task"],
                "task",
                f"unknown task '{page.task}'; expected one of: {', '.join(sorted(known['tasks']))}",
            )
        tabs: dict[str, str] = {}
        for key in page.platforms:
            if key not in known["platforms"]:
                yield _at(
                    pos["platforms"],
                    "platforms",
                    f"unknown platform '{key}'; expected one "
                    f"of: {', '.join(sorted(known['platforms']))}",
                )
            elif f"{key}/{page.task}" not in known["procedures"] and page.task in known["tasks"]:
                yield _at(
                    pos["platforms"],
                    "platforms",
                    f"no procedure for platform '{key}' and "
                    f"task '{page.task}'; expected file procedures/{key}/{page.task}.yml",
                )
            elif key in kb.platforms:
                tab = kb.platforms[key].tab
                if tab in tabs:
                    yield _at(
                        pos["platforms"],
                        "platforms",
                        f"platforms '{tabs[tab]}' and '{key}'"
                        f" share the tab label '{tab}'; a page needs one tab per label",
                    )
                tabs[tab] = key


def _procedures(
    kb: KnowledgeBase, known: dict[str, set[str]], pages_broken: bool
) -> Iterator[Problem]:
    shown = {f"{p}/{page.task}" for page in kb.pages.values() for p in page.platforms}
    root = Path(kb.root)
    for proc in kb.procedures.values():
        top = Pos(proc.path, 1, 1)
        if proc.platform not in known["platforms"]:
            yield _at(
                top,
                "(file)",
                f"folder '{proc.platform}' is not a known platform; expected "
                f"one of: {', '.join(sorted(known['platforms']))}",
            )
        if proc.task not in known["tasks"]:
            yield _at(
                top,
                "(file)",
                f"file name '{proc.task}' is not a known task; expected one "
                f"of: {', '.join(sorted(known['tasks']))}",
            )
        if proc.key not in shown and not pages_broken:
            yield _at(
                top,
                "(file)",
                "this procedure is not shown on any page; add its platform "
                "to a page with the same task",
            )
        seen: dict[str, int] = {}
        for i, step in enumerate(proc.steps):
            if step.id in seen:
                yield _at(
                    step.pos,
                    f"steps[{i}].id",
                    f"duplicate step id '{step.id}' (also "
                    f"steps[{seen[step.id]}]); step ids must be unique and stable",
                )
            seen.setdefault(step.id, i)
            for key in step.settings:
                if key not in known["profiles"]:
                    yield _unknown_profile(step.pos, f"steps[{i}].settings", key, known)
            if step.screenshot and not (root / "screenshots" / step.screenshot.src).is_file():
                yield _at(
                    step.pos,
                    f"steps[{i}].screenshot.src",
                    f"no such file: screenshots/{step.screenshot.src}",
                )


def _unknown_profile(pos: Pos | None, field: str, key: str, known: dict[str, set[str]]) -> Problem:
    return _at(
        pos,
        field,
        f"unknown settings profile '{key}'; expected one of: "
        f"{', '.join(sorted(known['profiles']))}",
    )


def _all_texts(kb: KnowledgeBase) -> Iterator[tuple[Text, str]]:
    for page in kb.pages.values():
        yield page.purpose, "purpose"
        yield from ((t, f"preamble[{i}].text") for i, t in enumerate(page.preamble))
        yield from ((t, f"prerequisites[{i}].text") for i, t in enumerate(page.prerequisites))
    for proc in kb.procedures.values():
        yield proc.intro, "intro.text"
        for i, step in enumerate(proc.steps):
            yield step.text, f"steps[{i}].text"
            if step.note:
                yield step.note, f"steps[{i}].note.text"


def _texts(kb: KnowledgeBase, known: dict[str, set[str]]) -> Iterator[Problem]:
    literals = _literals(kb)
    for text, field in _all_texts(kb):
        for label in text.ui:
            if not _contains(text.text, label):
                yield _at(text.pos, field, f"UI label '{label}' does not appear in the text")
        for link in text.links:
            if not _contains(text.text, link.phrase):
                yield _at(
                    text.pos, field, f"link phrase '{link.phrase}' does not appear in the text"
                )
            if link.page and link.page not in known["pages"]:
                yield _at(text.pos, field, f"link to unknown page '{link.page}'")
            if link.vendor and link.vendor not in known["platforms"]:
                yield _at(text.pos, field, f"link to the help of unknown platform '{link.vendor}'")
        for match in references(text.text) if "{" in text.text else ():
            key, name = match.groups()
            if key not in known["profiles"]:
                yield _unknown_profile(text.pos, field, key, known)
            elif name not in FIELDS:
                yield _at(
                    text.pos,
                    field,
                    f"unknown settings field '{name}' in {match.group()};"
                    f" expected one of: {', '.join(FIELDS)}",
                )
        found = literals.find(text.text)
        for what, ref in (literals.names[group] for group in sorted(found)):
            yield _at(
                text.pos,
                field,
                f"literal {what} in text; write {ref} instead so the "
                "settings file stays the single source",
            )


@dataclass(frozen=True)
class _Literals:
    """One alternation over every host and port (one search per text), and for each of its named
    groups what was found and the reference to write instead."""

    pattern: re.Pattern[str]
    names: dict[str, tuple[str, str]]
    needles: tuple[str, ...]

    def find(self, text: str) -> set[str]:
        # Substring tests first (a plain loop: faster than any() or one case-insensitive
        # pattern): most texts hold no host name or port at all.
        lowered = text.lower()
        for needle in self.needles:
            if needle in lowered:
                return {m.lastgroup for m in self.pattern.finditer(text) if m.lastgroup}
        return set()


def _literals(kb: KnowledgeBase) -> _Literals:
    found: dict[str, tuple[str, str, str]] = {}
    for p in sorted(kb.settings.profiles, key=lambda p: not p.recommended):
        host = rf"(?<![\w.-]){re.escape(p.host)}(?![\w-])"
        found.setdefault(p.host, (host, f"host name '{p.host}'", f"{{{p.key}.host}}"))
        port = rf"(?<![\w{{.]){p.port}(?![\w}}])"
        found.setdefault(str(p.port), (port, f"port {p.port}", f"{{{p.key}.port}}"))
    groups = {f"l{n}": item for n, item in enumerate(found.values())}
    alternatives = "|".join(f"(?P<{name}>{regex})" for name, (regex, _, _) in groups.items())
    pattern = re.compile(alternatives or r"(?!)", re.I)
    names = {name: (what, ref) for name, (_, what, ref) in groups.items()}
    return _Literals(pattern, names, tuple(key.lower() for key in found))


def _contains(text: str, phrase: str) -> bool:
    return _phrase(phrase).search(text) is not None


@cache
def _phrase(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def _unique_ids(kb: KnowledgeBase) -> Iterator[Problem]:
    for attr in ("faq_id", "slug"):
        first: dict[object, str] = {}
        for page in sorted(kb.pages.values(), key=lambda p: p.path):
            value = getattr(page, attr)
            if value in first:
                yield _at(
                    page.pos[attr], attr, f"duplicate {attr} {value!r}; also used by {first[value]}"
                )
            first.setdefault(value, page.path)


def _recommendations(kb: KnowledgeBase) -> Iterator[Problem]:
    """No two places may recommend different settings for the same purpose."""
    by_direction: dict[str, list[str]] = {}
    for p in kb.settings.profiles:
        if p.recommended:
            by_direction.setdefault(p.direction, []).append(p.key)
    for direction, keys in sorted(by_direction.items()):
        if len(keys) > 1:
            second = kb.settings.profile(keys[1])
            yield _at(
                second.pos["recommended"],
                f"profiles.{keys[1]}.recommended",
                f"both "
                f"'{keys[0]}' and '{keys[1]}' are recommended for {direction} mail; "
                "recommend one",
            )
    procs = {proc.key: proc for proc in kb.procedures.values()}
    # Only a profile that is not recommended can be a problem.
    others = {p.key: p for p in kb.settings.profiles if not p.recommended}
    for page in kb.pages.values():
        if page.kind != "guide":
            continue
        for key in page.settings:
            yield from _not_recommended(kb, others.get(key), page.pos["settings"], "settings")
        for platform in page.platforms:
            proc = procs.get(f"{platform}/{page.task}")
            if proc:
                yield from _procedure_recommendations(kb, proc, others)


def _procedure_recommendations(
    kb: KnowledgeBase, proc: Procedure, others: dict[str, Profile]
) -> Iterator[Problem]:
    for i, step in enumerate(proc.steps):
        text = step.text.text
        keys = [*step.settings, *(m.group(1) for m in references(text))] if "{" in text else []
        for key in dict.fromkeys(keys or step.settings):
            if key in others:
                yield from _not_recommended(kb, others[key], step.pos, f"steps[{i}]")


def _not_recommended(
    kb: KnowledgeBase, profile: Profile | None, pos: Pos | None, field: str
) -> Iterator[Problem]:
    if profile is None or profile.recommended:
        return
    key = profile.key
    better = [p for p in kb.settings.profiles if p.recommended and p.direction == profile.direction]
    if better:
        rec = better[0]
        yield _at(
            pos,
            field,
            f"a guide recommends '{key}' ({profile.protocol} port "
            f"{profile.port}) for {profile.direction} mail, but {rec.pos['recommended']} "
            f"recommends '{rec.key}' (port {rec.port}); guides show the recommended "
            "profile, other profiles belong on the settings reference page",
        )
