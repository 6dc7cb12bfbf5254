"""Shared test set-up: the mailbox and PostgreSQL fixture plugins, and Debian's Chromium for
every Playwright test (Playwright cannot download browsers here; without Chromium the run fails:
a browser suite that skips proves nothing)."""

from __future__ import annotations

from typing import Any

import pytest

from kb.bench.search import CHROMIUM, CHROMIUM_ARGS  # one set of flags for tests and bench

pytest_plugins = ["fixtures_mailbox", "fixtures_postgres"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium", pytrace=False)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}
