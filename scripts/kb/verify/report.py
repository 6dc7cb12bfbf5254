"""What a verification run means to an editor: which YAML field to fix, which pages show it.

Each failure is explained once per settings field (`steps/settings.yml:19:11: profiles.imap.port:
...`), once per page and once per step that shows it, in the `path:line:col: field: message` form
of every other check (or as GitHub annotations), then each generated file's proof.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kb.errors import Problem
from kb.model import Pos, Profile
from kb.model.refs import PROTOCOL, SECURITY, USERNAME
from kb.verify.classify import NOT_A_SETTING
from kb.verify.collect import Collection, Place, Target
from kb.verify.run import Outcome, passed

PAGES_SHOWN = 8


@dataclass(frozen=True)
class Verdict:
    """A failed outcome in editor terms: the profile field to fix and why."""

    outcome: Outcome
    field: str
    message: str


def explain(outcome: Outcome) -> Verdict:
    """The field most likely wrong, and a sentence saying what the server did instead."""
    c, result, heard = outcome.target.connection, outcome.result, outcome.heard
    asked = f"{PROTOCOL[c.protocol]} over {SECURITY[c.security]}"
    on = f"on port {c.port} of {c.host}"
    detail = result.detail.rstrip(".")
    if result.kind in NOT_A_SETTING:
        return Verdict(outcome, "", f"{asked} {on} was not checked: {detail}")
    if outcome.stage == "round-trip":
        return Verdict(outcome, "(profile)", f"{asked} {on} logged in, but {detail}")
    if heard and heard[0] != c.protocol:
        speaks = PROTOCOL[heard[0]]
        if heard[1] != c.security:
            speaks += f" with {SECURITY[heard[1]]}"
        why = f"port {c.port} did not answer {asked} for {c.host} (the port speaks {speaks})"
        return Verdict(outcome, "port", why)
    if heard and heard[1] != c.security:
        why = (
            f"port {c.port} of {c.host} speaks {PROTOCOL[c.protocol]} with "
            f"{SECURITY[heard[1]]}, not {SECURITY[c.security]}: set security to {heard[1]}"
        )
        return Verdict(outcome, "security", why)
    by_kind = {
        "refused": ("port", f"port {c.port} did not answer {asked} for {c.host} (nothing listens)"),
        "protocol": ("port", f"port {c.port} did not answer {asked} for {c.host} ({detail})"),
        "timeout": ("port", f"{asked} {on} gave no answer in time ({detail})"),
        "tls-mode": ("security", f"{asked} {on} failed ({detail})"),
        "plaintext-refused": ("security", f"{asked} {on} refused to log in ({detail})"),
        "certificate": (
            "host",
            f"the server on port {c.port} has no valid certificate for {c.host}: check the "
            f"host name ({detail.split(': ', 1)[-1]})",
        ),
        "wrong-credentials": (
            "username",
            f"{asked} {on} refused the login with {USERNAME[c.username]} as the user name",
        ),
    }
    field, why = by_kind.get(result.kind, ("(profile)", f"{asked} {on} failed ({detail})"))
    return Verdict(outcome, field, why)


def settings_problems(verdicts: Iterable[Verdict]) -> list[Problem]:
    """One problem per settings field to fix, listing the pages that show it."""
    problems = []
    for v in verdicts:
        target = v.outcome.target
        for key, profile in sorted(target.profiles.items()):
            at, name = _setting(profile, key, v.field)
            text = f"{v.message} — pages: {_pages(target.pages)}"
            problems.append(Problem(at.path, at.line, at.col, name, text))
    return sorted(problems)


def page_problems(collection: Collection, verdicts: Iterable[Verdict]) -> list[Problem]:
    """One problem per page showing a failing profile, at the page's own mention of it."""
    problems = []
    for v in verdicts:
        target = v.outcome.target
        fix = _fields(v)
        for key in sorted(target.pages):
            page = collection.kb.pages[key]
            place = _first_place(target, key, page.path)
            text = f"page {key} shows {place.profile}: {v.message} — fix {fix}"
            problems.append(
                Problem(place.pos.path, place.pos.line, place.pos.col, place.field, text)
            )
    return sorted(problems)


def step_problems(verdicts: Iterable[Verdict]) -> list[Problem]:
    """One problem per step or text that shows a failing profile (page lists are per page)."""
    problems = []
    for v in verdicts:
        shown: dict[tuple[Pos, str, str], tuple[list[str], set[str]]] = {}
        for place, pages in v.outcome.target.places.items():
            if place.field == "settings":
                continue
            refs, seen = shown.setdefault((place.pos, place.field, place.profile), ([], set()))
            refs.append(place.ref or f"the {place.profile} settings table")
            seen.update(pages)
        for (at, field, profile), (refs, pages) in shown.items():
            what = ", ".join(sorted(set(refs)))
            text = f"shows {what} of profiles.{profile}: {v.message} — pages: {_pages(pages)}"
            problems.append(Problem(at.path, at.line, at.col, field, text))
    return sorted(set(problems))


def render_text(
    collection: Collection, outcomes: list[Outcome], mode: str, fmt: str = "text"
) -> str:
    """The whole report: verdict, fixes by field, by page and by step, formats, every profile."""
    verdicts = [explain(o) for o in outcomes if _blames_a_setting(o)]
    show = (lambda p: p.github()) if fmt == "github" else str
    lines = [_headline(collection, outcomes, mode), *_not_checked(outcomes)]
    for title, found in (
        ("Settings to fix", settings_problems(verdicts)),
        ("Pages showing a failing setting", page_problems(collection, verdicts)),
        ("Steps and texts showing a failing setting", step_problems(verdicts)),
    ):
        if found:
            lines += ["", f"{title}:", *(show(p) for p in found)]
    lines += _format_lines(collection, outcomes)
    lines += ["", "Profiles checked:"]
    for o in outcomes:
        c, r = o.target.connection, o.result
        status = "ok  " if r.ok else "FAIL"
        lines.append(
            f"  {status} {c.protocol} {c.host}:{c.port} {SECURITY[c.security]} "
            f"({USERNAME[c.username]}) — {r.kind}, {r.seconds:.2f} s, "
            f"{len(o.target.pages)} page(s), {len(o.target.sources)} source(s): {r.detail}"
        )
    return "\n".join(lines)


def _headline(collection: Collection, outcomes: list[Outcome], mode: str) -> str:
    failed = [o for o in outcomes if _blames_a_setting(o)]
    unchecked = sum(1 for o in outcomes if o.result.kind in NOT_A_SETTING)
    pages = {p for o in failed for p in o.target.pages}
    where = "the test mailbox" if mode == "mailbox" else "the real provider"
    if passed(collection, outcomes):
        return (
            f"kb verify: passed — {len(outcomes)} unique profile(s) from "
            f"{len(collection.kb.pages)} page(s) and {len(collection.files)} generated file(s) "
            f"logged in to {where}."
        )
    if not failed and not collection.format_problems:
        return (
            f"kb verify: NOT VERIFIED — {unchecked} of {len(outcomes)} unique profile(s) could "
            f"not be checked against {where}; no setting was found wrong."
        )
    return (
        f"kb verify: FAILED — {len(failed)} of {len(outcomes)} unique profile(s) failed against "
        f"{where}, {unchecked} could not be checked; {len(pages)} of "
        f"{len(collection.kb.pages)} page(s) affected; "
        f"{len(collection.format_problems)} generated-file problem(s)."
    )


def _blames_a_setting(outcome: Outcome) -> bool:
    return not outcome.result.ok and outcome.result.kind not in NOT_A_SETTING


def _not_checked(outcomes: list[Outcome]) -> list[str]:
    """Why some profiles could not be checked at all (the run's fault, not the settings')."""
    stopped = [o for o in outcomes if o.result.kind == "stopped"]
    unresolved = sorted({o.target.connection.host for o in outcomes if o.result.kind == "dns"})
    lines = []
    if stopped:
        lines.append(
            f"The test mailbox stopped during the run: {len(stopped)} profile(s) were not "
            "checked, and no setting is blamed for them. Run kb verify again."
        )
    for host in unresolved:
        lines.append(
            f"DNS lookup failed for {host}: the profiles on it were not checked, and no setting "
            "is blamed for them. Check this machine's network and DNS (and the host name)."
        )
    return lines


def _format_lines(collection: Collection, outcomes: list[Outcome]) -> list[str]:
    """Each generated file's proof: every server it advertises and whether it logged in."""
    if not collection.files and not collection.format_problems:
        return []
    lines = ["", "Generated files (each read back as a client reads it):"]
    for file, message in collection.format_problems:
        lines.append(f"  FAIL {file}: {message}")
    verdict = {o.target.connection: o for o in outcomes}
    for file, entries in sorted(collection.files.items()):
        ok = all(verdict[c].result.ok for _, c in entries)
        lines.append(f"  {'ok  ' if ok else 'FAIL'} {file}")
        for label, c in entries:
            o = verdict[c]
            said = "logged in" if o.result.ok else explain(o).message
            spec = f"{c.protocol} {c.host}:{c.port} {SECURITY[c.security]}"
            lines.append(f"      {label.removeprefix(file + ' ')}: {spec} — {said}")
    return lines


def _first_place(target: Target, page: str, page_path: str) -> Place:
    """The page's own mention (its `settings` list or text) if any, else the first step."""
    mine = sorted((p for p, pages in target.places.items() if page in pages), key=_order)
    return next((p for p in mine if p.pos.path == page_path), mine[0])


def _order(place: Place) -> tuple[str, int, int, str, str, str]:
    return place.order


def _fields(verdict: Verdict) -> str:
    target = verdict.outcome.target
    if not target.profiles:
        return "the generated file"
    spots = [_setting(p, key, verdict.field) for key, p in sorted(target.profiles.items())]
    return ", ".join(f"{name} at {at}" for at, name in spots)


def _setting(profile: Profile, key: str, field: str) -> tuple[Pos, str]:
    """Where a profile's field is written in settings.yml, and its dotted name."""
    if field == "(profile)":
        return profile.pos["(profile)"], f"profiles.{key}"
    return profile.pos.get(field) or profile.pos["(profile)"], f"profiles.{key}.{field}"


def _pages(pages: Iterable[str]) -> str:
    names = sorted(pages)
    if not names:
        return "none (only generated files show it)"
    more = len(names) - PAGES_SHOWN
    shown = ", ".join(names[:PAGES_SHOWN])
    return f"{shown}, and {more} more" if more > 0 else shown
