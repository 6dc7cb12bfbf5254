"""The seeded vocabulary of synthetic guides: sentences, steps and procedures that read like
prose (and compress like it) and reference settings, UI labels and links."""

from __future__ import annotations

import random
import re

VERBS = (
    "Add|Check|Change|Remove|Set up|Repair|Update|Export|Import|Rename|Turn on|Turn off|"
    "Find|Move|Reset"
).split("|")
OBJECTS = (
    "an email address|the email password|the SMTP server|a signature|a folder|"
    "an automatic reply|the sync interval|a filter rule|the display name|an alias|"
    "the spam folder|read receipts|the sent folder|notifications|the address book|"
    "a shared calendar|attachments|the trash settings|offline messages|the reply address|"
    "the account description|message rules|the server timeout|the default account|"
    "quoted text|images in messages|the junk filter|archived messages|encrypted messages|"
    "a mail profile"
).split("|")
WORDS = (
    "account mailbox message folder server connection window tab menu panel option setting "
    "device app computer phone tablet inbox draft copy list field box button screen address "
    "password certificate warning error change sync signature reply filter rule contact "
    "calendar attachment notification profile description provider network"
).split()
ADJ = (
    "new existing current default secure outgoing incoming shared local remote correct "
    "recent older selected empty full main"
).split()
UI = (
    "Settings|Accounts|Account Settings|Preferences|Mail|Advanced|Server|Save|Done|Next|"
    "OK|Continue|Edit|Tools|Options|More|Security|Sign in|Add Account|Manage Accounts|"
    "Server Settings|Outgoing Server|Incoming Server|Connection security|"
    "Authentication method|Apply|Close"
).split("|")
REFS = (
    "{imap.host}|{imap.port}|{imap.security}|{smtp.host}|{smtp.port}|{smtp.security}|"
    "{imap.username}|{smtp.authentication}"
).split("|")


def sentence(rng: random.Random, words: int) -> str:
    picks = [
        rng.choice(ADJ) + " " + rng.choice(WORDS) if rng.random() < 0.3 else rng.choice(WORDS)
        for _ in range(words)
    ]
    glue = ["the", "of the", "in the", "for your", "and the", "with the", "on this"]
    text = " ".join(
        p + (" " + rng.choice(glue) if i < words - 1 else "") for i, p in enumerate(picks)
    )
    return text[0].upper() + text[1:] + "."


def step(rng: random.Random, n: int, refs: bool) -> dict:
    kind = rng.random()
    if refs:
        chosen = rng.sample(REFS, 2)
        return {
            "id": f"step-{n}",
            "text": f"Enter {chosen[0]} in the first field and {chosen[1]} "
            f"in the second field. {sentence(rng, 5)}",
            **({"settings": [rng.choice(["imap", "smtp"])]} if kind < 0.3 else {}),
        }
    labels = rng.sample(UI, 2)
    step = {
        "id": f"step-{n}",
        "text": f"Click on {labels[0]}, then {labels[1]}. {sentence(rng, rng.randint(4, 12))}",
        "ui": labels,
    }
    if kind < 0.2:
        step["note"] = {"text": sentence(rng, rng.randint(8, 16))}
    return step


def procedure(rng: random.Random, name: str, task_title: str) -> dict:
    count = rng.randint(10, 15)
    with_refs = set(rng.sample(range(2, count), 2))
    steps = [{"id": "open-app", "text": f"Open {name}."}]
    steps += [step(rng, n, n in with_refs) for n in range(2, count + 1)]
    return {
        "intro": {"text": f"To {task_title[0].lower()}{task_title[1:]} in {name}:"},
        "sources": [f"https://vendor.example/help/{slug(name)}/{slug(task_title)}"],
        "steps": steps,
    }


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
