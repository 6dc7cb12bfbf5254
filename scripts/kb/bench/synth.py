"""A KB-scale `steps/` tree for benchmarks: platforms, tasks, categories, procedures and guides.

Every guide is one task on one group of platforms (Outlook on three systems, Apple Mail on two),
with 10-15 steps per procedure that reference settings such as `{imap.port}`, UI labels, notes,
vendor links and links between guides. Text is drawn from a seeded vocabulary so the output is
byte-identical between runs and compresses like prose rather than like a repeated template.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import yaml

from kb.bench.prose import OBJECTS, VERBS, procedure, sentence, slug

PROFILES = {
    "imap": ("IMAP (recommended)", "imap", 993, "ssl", True),
    "imap-starttls": ("IMAP with STARTTLS", "imap", 143, "starttls", False),
    "pop3": ("POP3", "pop3", 995, "ssl", False),
    "smtp": ("SMTP (recommended)", "smtp", 587, "starttls", True),
    "smtp-ssl": ("SMTP with SSL/TLS", "smtp", 465, "ssl", False),
}
# key, name, tab; one guide shows one group of platforms, one tab each.
PLATFORMS = [
    ("thunderbird", "Thunderbird", "Windows, macOS, Linux"),
    ("apple-mail-macos", "Apple Mail (macOS)", "macOS"),
    ("ios-mail", "Mail (iPhone, iPad)", "iOS"),
    ("outlook-windows", "New Outlook (Windows)", "Windows"),
    ("outlook-macos", "Outlook (macOS)", "macOS"),
    ("outlook-ios", "Outlook (iPhone, iPad)", "iOS"),
    ("gmail-android", "Gmail (Android)", "Android"),
    ("samsung-email", "Samsung Email", "Samsung"),
    ("em-client", "eM Client", "eM Client"),
    ("k9-mail", "K-9 Mail", "K-9"),
    ("spark", "Spark", "Spark"),
    ("mailbird", "Mailbird", "Mailbird"),
    ("evolution", "Evolution (Linux)", "Linux"),
]
GROUPS = [
    ("Thunderbird", ["thunderbird"]),
    ("Apple Mail", ["apple-mail-macos", "ios-mail"]),
    ("Outlook", ["outlook-windows", "outlook-macos", "outlook-ios"]),
    ("Gmail (Android)", ["gmail-android"]),
    ("Samsung Email", ["samsung-email"]),
    ("eM Client", ["em-client"]),
    ("K-9 Mail", ["k9-mail"]),
    ("Spark", ["spark"]),
    ("Mailbird", ["mailbird"]),
    ("Evolution", ["evolution"]),
]
CATEGORIES = (
    "Email apps and devices|Sending and receiving|Passwords and security|"
    "Folders and filters|Signatures and replies|Synchronisation|Import, export and backup|"
    "Troubleshooting"
).split("|")


@dataclass(frozen=True)
class Synth:
    """A generated KB: its folder (holding steps/), sizes, and one guide the preview bench edits."""

    root: Path
    guides: int
    procedures: int
    edit_page: Path
    edit_procedure: Path
    edit_url: str


def _dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, "utf-8")


def _tasks(count: int) -> list[str]:
    combos = [f"{v} {o}" for o, v in product(OBJECTS, VERBS)]
    random.Random(1).shuffle(combos)
    return sorted(combos[:count], key=lambda t: (t != "Add an email address", t))


def _static(steps: Path) -> None:
    _dump(
        steps / "settings.yml",
        {
            "provider": {
                "name": "Infomaniak Mail",
                "short_name": "Infomaniak",
                "domains": ["ik.me", "etik.com", "ikmail.com"],
                "password_help": "Use a password created for this device or app.",
            },
            "profiles": {
                k: {
                    "label": label,
                    "protocol": proto,
                    "host": "mail.infomaniak.com",
                    "port": port,
                    "security": sec,
                    "authentication": "password-cleartext",
                    "username": "email-address",
                    "recommended": rec,
                    "why": f"Why {label} is offered.",
                }
                for k, (label, proto, port, sec, rec) in PROFILES.items()
            },
        },
    )
    for key, name, tab in PLATFORMS:
        _dump(
            steps / "platforms" / f"{key}.yml",
            {
                "name": name,
                "tab": tab,
                "client": name,
                "os": tab,
                "vendor_help": {"title": f"{name} help", "url": f"https://vendor.example/{key}"},
                "written_for": f"{name}, current version",
                "vocabulary": {"authentication": {"password-cleartext": "Password"}},
            },
        )
    for order, title in enumerate([*CATEGORIES, "Ports and server settings"], start=1):
        _dump(
            steps / "categories" / f"{slug(title)}.yml",
            {"title": title, "summary": f"Guides about {title.lower()}.", "order": order},
        )
    _dump(
        steps / "pages" / "mail-ports-and-settings.yml",
        {
            "kind": "settings-reference",
            "faq_id": 2000,
            "slug": "mail-ports-and-settings",
            "title": "Mail ports and settings",
            "purpose": {"text": "Every server name and port."},
            "category": "ports-and-server-settings",
            "settings": list(PROFILES),
        },
    )


def synthesize(root: Path, guides: int, *, seed: int = 0) -> Synth:
    """Write `root/steps/` with `guides` guide pages (plus one settings reference page)."""
    rng = random.Random(seed)
    steps = root / "steps"
    _static(steps)
    names = {key: name for key, name, _ in PLATFORMS}
    tasks = _tasks(-(-guides // len(GROUPS)))
    pairs = [(t, g) for t in tasks for g in GROUPS][:guides]
    first_page = {g[0]: slug(f"{tasks[0]} in {g[0]}") for g in GROUPS}
    for task in tasks:
        _dump(steps / "tasks" / f"{slug(task)}.yml", {"title": task, "summary": sentence(rng, 8)})
    procedures = 0
    for i, (task, (group, platforms)) in enumerate(pairs):
        title = f"{task} in {group}"
        for key in platforms:
            _dump(
                steps / "procedures" / key / f"{slug(task)}.yml", procedure(rng, names[key], task)
            )
            procedures += 1
        vendor = platforms[0]
        page = {
            "faq_id": 3000 + i,
            "slug": slug(title),
            "title": title,
            "purpose": {
                "text": f"This guide explains how to {task.lower()} in {group}. "
                + sentence(rng, rng.randint(10, 20))
            },
            "category": slug(CATEGORIES[tasks.index(task) % len(CATEGORIES)]),
            "task": slug(task),
            "platforms": platforms,
            "settings": ["imap", "smtp"] if i % 3 == 0 else [],
            "preamble": [
                {
                    "text": f"{sentence(rng, 12)} Also refer to the vendor help.",
                    "links": [{"phrase": "vendor help", "vendor": vendor}],
                }
            ],
        }
        if first_page[group] != page["slug"]:
            page["prerequisites"] = [
                {
                    "text": f"Add your address first: {first_page[group]}.",
                    "links": [
                        {
                            "phrase": "Add your address first",
                            "page": first_page[group],
                            "task": slug(tasks[0]),
                        }
                    ],
                }
            ]
        if len(platforms) > 1 and i % 4 == 0:
            page["per_platform"] = True
        if not page["settings"]:
            del page["settings"]
        _dump(steps / "pages" / f"{page['slug']}.yml", page)
    edit_task, (edit_group, edit_platforms) = pairs[len(pairs) // 2]
    edit = slug(f"{edit_task} in {edit_group}")
    return Synth(
        root,
        len(pairs),
        procedures,
        steps / "pages" / f"{edit}.yml",
        steps / "procedures" / edit_platforms[0] / f"{slug(edit_task)}.yml",
        f"faq/{3000 + len(pairs) // 2}/{edit}/",
    )
