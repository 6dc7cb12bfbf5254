"""The help centre built from steps/ and served on loopback, searched in Debian's Chromium.

Without Chromium the run fails: a browser test that skips proves nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.bench.search import served_site


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_site(tmp_path_factory.mktemp("search")) as url:
        yield url
