"""Fixtures for the machine-readable formats: the real settings, built without the YAML loader."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from kb.model import Connection, Profile, Provider, Settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_YML = ROOT / "steps" / "settings.yml"
GOLDEN = Path(__file__).with_name("golden")
HELP = "https://help.example.org/en/mail/server-settings"
DOC_URLS = {"autoconfig": HELP, "mobileconfig": HELP, "settings-json": HELP, "srv": HELP}


def settings_from_yaml(path: Path) -> Settings:
    """A `Settings` from `steps/settings.yml`, built by hand while the real loader is written."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    provider = raw["provider"]
    return Settings(
        path="steps/settings.yml",
        provider=Provider(
            name=provider["name"],
            short_name=provider["short_name"],
            domains=tuple(provider["domains"]),
            password_help=provider["password_help"],
        ),
        profiles=tuple(_profile(key, p) for key, p in raw["profiles"].items()),
    )


def _profile(key: str, raw: dict) -> Profile:
    connection = {f.name: raw.pop(f.name) for f in fields(Connection)}
    return Profile(key=key, connection=Connection(**connection), **raw)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return settings_from_yaml(SETTINGS_YML)


@pytest.fixture(scope="session")
def load_settings():
    """`settings_from_yaml`, for tests that need a fresh build (imported conftests can collide)."""
    return settings_from_yaml


@pytest.fixture(scope="session")
def doc_urls() -> dict[str, str]:
    return dict(DOC_URLS)


@pytest.fixture(scope="session")
def golden() -> Path:
    return GOLDEN
