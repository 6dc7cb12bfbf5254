"""`settings.json`: every profile, typed, for scripts and apps that want the settings as data."""

from __future__ import annotations

import json
from typing import Any

from kb.formats.parse import (
    PROTOCOLS,
    SECURITIES,
    USERNAMES,
    Offered,
    advertised,
    typed_keys,
)
from kb.model import Connection, Settings
from kb.model.refs import filled

NAME = "settings-json"
VERSION = 1
_PROFILE_KEYS: dict[str, type] = {
    "key": str,
    "label": str,
    "protocol": str,
    "direction": str,
    "host": str,
    "port": int,
    "security": str,
    "authentication": str,
    "username": str,
    "recommended": bool,
    "why": str,
}
_CHOICES = {
    "protocol": PROTOCOLS,
    "security": SECURITIES,
    "username": USERNAMES,
    "direction": ("incoming", "outgoing"),
}


def render(settings: Settings, *, doc_url: str | None = None) -> bytes:
    """Provider and profiles (in the order clients offer them), sorted keys, 2-space indent."""
    provider = settings.provider
    every = {p.key: p for p in settings.profiles}
    data: dict[str, Any] = {
        "version": VERSION,
        "provider": {
            "name": provider.name,
            "short_name": provider.short_name,
            "domains": list(provider.domains),
            "password_help": provider.password_help,
        },
        "profiles": [
            {
                "key": p.key,
                "label": p.label,
                "protocol": p.protocol,
                "direction": p.direction,
                "host": p.host,
                "port": p.port,
                "security": p.security,
                "authentication": p.authentication,
                "username": p.username,
                "recommended": p.recommended,
                "why": filled(p.why, every),
            }
            for p in advertised(settings)
        ],
    }
    if doc_url:
        data["documentation"] = doc_url
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def validate(data: bytes) -> list[str]:
    """Every reason a program could not rely on this file, as `where: what`."""
    try:
        top = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"not valid UTF-8 JSON: {exc}"]
    if not isinstance(top, dict):
        return [f"expected an object at the top level but received {type(top).__name__}"]
    problems = []
    if top.get("version") != VERSION:
        problems.append(f"expected version {VERSION} but received {top.get('version')!r}")
    provider = top.get("provider")
    if not isinstance(provider, dict):
        problems.append("missing the provider object")
    else:
        if not isinstance(provider.get("name"), str) or not provider.get("name"):
            problems.append("provider: missing required key 'name'")
        domains = provider.get("domains")
        if (
            not isinstance(domains, list)
            or not domains
            or not all(isinstance(d, str) and d for d in domains)
        ):
            problems.append(
                f"provider: domains: expected a list of domain names but received {domains!r}"
            )
    profiles = top.get("profiles")
    if not isinstance(profiles, list) or not profiles:
        return problems + ["expected a non-empty profiles list"]
    for index, profile in enumerate(profiles, 1):
        problems += _profile_problems(f"profiles[{index}]", profile)
    return problems


def _profile_problems(where: str, profile: Any) -> list[str]:
    if not isinstance(profile, dict):
        return [f"{where}: expected an object but received {type(profile).__name__}"]
    problems = typed_keys(where, profile, _PROFILE_KEYS)
    for key, choices in _CHOICES.items():
        if isinstance(profile.get(key), str) and profile[key] not in choices:
            problems.append(
                f"{where}: {key}: expected one of {list(choices)} but received {profile[key]!r}"
            )
    if type(profile.get("port")) is int and not 1 <= profile["port"] <= 65535:
        problems.append(f"{where}: port: expected 1 to 65535 but received {profile['port']}")
    direction = "outgoing" if profile.get("protocol") == "smtp" else "incoming"
    if profile.get("direction") in _CHOICES["direction"] and profile["direction"] != direction:
        problems.append(
            f"{where}: direction: expected {direction!r} for protocol "
            f"{profile.get('protocol')!r} but received {profile['direction']!r}"
        )
    return problems


def parse(data: bytes) -> list[Offered]:
    """Each profile in file order; assumes `validate` passed."""
    return [
        Offered(
            f"profiles[{index}] ({p['key']})",
            Connection(
                protocol=p["protocol"],
                host=p["host"],
                port=p["port"],
                security=p["security"],
                username=p["username"],
            ),
        )
        for index, p in enumerate(json.loads(data.decode("utf-8"))["profiles"], 1)
    ]
