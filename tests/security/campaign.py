"""Hostile input, one build per payload: every string an editor can write holds it at once.

Free text (titles, steps, labels, ...) must be built and shown as text. A constrained string (key,
slug, id, URL, host name, enum) may be refused, with a positioned error for the field: those are
poisoned in builds of their own, so a refusal there never keeps the free text from being built.
When a build is refused, the fields its errors point at are counted as refused and the rest are
built again, until a build succeeds or nothing poisoned is left.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import material

import livescan
import poison
import schemaslots as slots
from sitebuild import write_config


class Payload(NamedTuple):
    """A hostile text; MARK becomes the field's marker, so a dialog or a finding names the field.
    `bare`: a constrained field gets the payload alone (a `javascript:` URL must start the URL)
    instead of after its own value."""

    name: str
    text: str
    bare: bool = False


PAYLOADS = (
    Payload("script", "<script>alert(`MARK`)</script>"),
    Payload("event-handler", "<img src=x onerror=alert(`MARK`)>"),
    Payload("javascript-url", "javascript:alert(`MARK`)", bare=True),
    # Passes a URL pattern that only refuses blanks, quotes and angle brackets.
    Payload("url-breakout",
            "https://example.com/MARK){onclick=alert(`MARK`)}[x](javascript:alert(`MARK`))",
            bare=True),
    Payload("javascript-link", "[MARK](javascript:alert(`MARK`)) <a href=javascript:alert(1)>"),
    Payload("attr-list", '{ onclick="alert(`MARK`)" }'),
    Payload("jinja-expression", "{{7*7}}"),
    Payload("jinja-statement", "{%if 1%}JINJA-RAN{%endif%}"),
    Payload("comment-opener", "<!-- MARK"),
    Payload("close-title", "</title><script>alert(`MARK`)</script>"),
    Payload("double-quote", "\" onmouseover=alert(`MARK`) x=\""),
    Payload("single-quote", "' onfocus=alert(`MARK`) autofocus x='"),
    Payload("control-characters", "\x00\x07\x1b[31m\u202eMARK\u200b"),
    Payload("newline", "MARK\n<script>alert(`MARK`)</script>\n_x._tcp.ik.me. IN SRV 0 1 1 x.test."),
)  # fmt: skip
POSITIONED = re.compile(r"^(?P<file>steps/\S+?):(?P<line>\d+):(?P<col>\d+): \S")
HEADER = re.compile(r"(\d+) problem\(s\) in steps/:")


def augment(kb: dict[str, Any], steps: Path) -> None:
    """Give every optional field of the schemas a value somewhere, so each string property has
    an instance to poison: one guide's purpose, preamble and prerequisites, and one procedure's
    intro and steps, use every kind of link, a UI label, a note and a screenshot; the guide has
    a former slug."""

    def rich() -> dict[str, Any]:
        return {
            "text": "Open Settings, then read the vendor help, the settings page, the Apple "
            "guide, the setup guide or the profile.",
            "ui": ["Settings"],
            "links": [
                {"phrase": "vendor help", "vendor": "ios-mail"},
                {"phrase": "settings page", "page": "mail-ports-and-settings"},
                {"phrase": "Apple guide", "url": "https://support.apple.com/en-us/102400"},
                {"phrase": "profile", "download": "mobileconfig"},
                {
                    "phrase": "setup guide",
                    "page": "add-an-email-address-to-apple-mail-macos-ios",
                    "task": "add-account",
                },
            ],
        }

    page = kb["pages/set-up-email-automatically-on-apple-devices-macos-ios.yml"]
    # Added to what the guide has: its own prerequisite is the link to where readers create a
    # device password, which the password-model check requires of it.
    page.update(
        purpose=rich(), prerequisites=[*page.get("prerequisites", []), rich()], updated="2026-01-15"
    )
    page["former_slugs"] = ["set-up-email-on-apple-devices"]  # answers by a redirect page
    page["preamble"].append(rich())
    procedure = kb["procedures/ios-mail/install-profile.yml"]
    procedure["intro"] = rich()
    procedure["steps"][1].update(rich(), note=rich())
    procedure["steps"][1]["screenshot"] = {"src": "settings.png", "alt": "The Settings app"}
    (steps / "screenshots").mkdir(exist_ok=True)
    image = Path(material.__file__ or "").parent / "templates/assets/images/favicon.png"
    shutil.copy(image, steps / "screenshots/settings.png")


@dataclass
class Build:
    """One `mkdocs build --strict`: the site, or the refusal and how it was worded."""

    site: Path | None
    output: str
    errors: set[tuple[str, int]] = field(default_factory=set)  # (file, line) of each problem
    unclean: list[str] = field(default_factory=list)  # what is not `path:line:col: field: ...`


def build(steps: Path, out: Path) -> Build:
    config = write_config(out.parent, "http://127.0.0.1:8000/", steps)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_VERIFY_RESULTS": "/nonexistent"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    done = subprocess.run(cmd, cwd=out.parent, env=env, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    if done.returncode == 0:
        return Build(out, output)
    result = Build(None, output)
    lines = done.stderr.splitlines()
    header = next((i for i, line in enumerate(lines) if HEADER.search(line)), None)
    if "Traceback" in output or header is None:
        result.unclean.append(output[-2000:])
        return result
    for line in filter(None, lines[header + 1 :]):
        found = POSITIONED.match(line)
        if found:
            result.errors.add((found["file"].removeprefix("steps/"), int(found["line"])))
        if not found or livescan.CONTROL.search(line):
            result.unclean.append(line)  # a message cut by a newline, or a raw control character
    count = int(HEADER.search(lines[header]).group(1))  # type: ignore[union-attr]
    if count != len(lines) - header - 1 - len([x for x in lines[header + 1 :] if not x]):
        result.unclean.append(f"{count} problem(s) announced, {len(lines) - header - 1} lines")
    return result
    count = int(HEADER.search(lines[header]).group(1))  # type: ignore[union-attr]
    for line in lines[header + 1 : header + 1 + count]:
        found = POSITIONED.match(line)
        if found:
            result.errors.add((found["file"].removeprefix("steps/"), int(found["line"])))
        else:
            result.unclean.append(line)
    return result


@dataclass
class Outcome:
    """What became of each poisoned field for one payload."""

    payload: str
    built: list[slots.Instance] = field(default_factory=list)
    refused: list[slots.Instance] = field(default_factory=list)  # an error at the field itself
    refused_elsewhere: list[slots.Instance] = field(default_factory=list)  # errors elsewhere only
    findings: list[livescan.Finding] = field(default_factory=list)
    unclean: list[str] = field(default_factory=list)
    sites: list[Path] = field(default_factory=list)
    shown: int = 0  # built fields whose marker reached at least one output file


def run(
    kb: dict[str, Any],
    steps: Path,
    chosen: list[slots.Instance],
    payload: Payload,
    work: Path,
    clean: dict[str, livescan.Shape],
    outcome: Outcome,
) -> None:
    """Build with `chosen` poisoned, taking out what is refused, until a build succeeds."""
    left = list(chosen)
    for _ in range(len(chosen) + 1):
        if not left:
            return
        folder = Path(tempfile.mkdtemp(prefix=f"{payload.name}-", dir=work))
        poisoned = folder / "steps"
        shutil.copytree(steps, poisoned)  # screenshots and anything else beside the YAML
        poison.write_kb(poison.poison(kb, left, payload.text, payload.bare), steps, poisoned)
        done = build(poisoned, folder / "site")
        if done.site is not None:
            outcome.built += left
            outcome.sites.append(done.site)
            outcome.findings += livescan.scan(done.site, clean)
            everything = "".join(
                p.read_text("utf-8", "replace") for p in livescan.outputs(done.site).values()
            )
            outcome.shown += sum(i.marker in everything for i in left)
            return
        outcome.unclean += done.unclean
        where = poison.positions(kb, poisoned, left)
        hit = [i for i in left if where[i] & done.errors]
        outcome.refused += hit
        if not hit:  # refused at another line of the same file (a key, at its mapping)
            files = {file for file, _ in done.errors}
            hit = [i for i in left if i.file in files]
            outcome.refused_elsewhere += hit
        if not hit:
            outcome.refused_elsewhere += left
            return
        left = [i for i in left if i not in hit]
        shutil.rmtree(folder)


@dataclass
class Campaign:
    """The poisonable KB (every optional field given a value), its clean build, the outcomes."""

    work: Path
    steps: Path
    kb: dict[str, Any]
    slots: list[slots.Slot]
    instances: list[slots.Instance]
    clean: dict[str, livescan.Shape]
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def outcome(self, name: str) -> Outcome:
        """Every field poisoned with one payload: free text in one build, constrained fields in
        builds of their own (the first time it is asked for)."""
        if name not in self.outcomes:
            payload = next(p for p in PAYLOADS if p.name == name)
            outcome = Outcome(name)
            for constrained in (False, True):
                chosen = [i for i in self.instances if i.slot.constrained == constrained]
                run(self.kb, self.steps, chosen, payload, self.work, self.clean, outcome)
            self.outcomes[name] = outcome
        return self.outcomes[name]
