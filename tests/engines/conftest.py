"""Each engine's build time, shown at the end of the test run (reported, never judged)."""

from __future__ import annotations

import pytest

BUILD_TIMES = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def build_times(request: pytest.FixtureRequest) -> list[str]:
    """Lines to show under "site engines" when the run ends."""
    return request.config.stash.setdefault(BUILD_TIMES, [])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = terminalreporter.config.stash.get(BUILD_TIMES, [])
    if lines:
        terminalreporter.section("site engines")
        for line in lines:
            terminalreporter.write_line(line)
