"""The help centre built from steps/ and served on loopback, searched in Debian's Chromium.

Without Chromium the run fails: a browser test that skips proves nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kb.bench.search import CHROMIUM, CHROMIUM_ARGS, served_site


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install chromium", pytrace=False)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_site(tmp_path_factory.mktemp("search")) as url:
        yield url
