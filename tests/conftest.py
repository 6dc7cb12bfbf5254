"""Shared test set-up: the mailbox and PostgreSQL fixture plugins, and Debian's Chromium for
every Playwright test (Playwright cannot download browsers here; without Chromium the run fails:
a browser suite that skips proves nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# No background traffic: the machine reaches no network, and a test must not try.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytest_plugins = ["fixtures_mailbox", "fixtures_postgres"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium", pytrace=False)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}
