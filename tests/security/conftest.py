"""Hostile-input tests: the KB copy every string property is poisoned in, its clean build, and
one campaign of builds per payload, run once per session and shared by the static and the browser
tests. Chromium is Debian's (`/usr/bin/chromium`); without it the browser tests fail.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))  # sitebuild, htmlscan

import campaign  # noqa: E402
import livescan  # noqa: E402
import poison  # noqa: E402
import schemaslots  # noqa: E402
from campaign import Campaign  # noqa: E402
from sitebuild import STEPS  # noqa: E402

OUTCOMES = pytest.StashKey[dict[str, campaign.Outcome]]()


@pytest.fixture(scope="session")
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Campaign:
    work = tmp_path_factory.mktemp("hostile")
    steps = work / "clean" / "steps"
    shutil.copytree(STEPS, steps)
    kb = schemaslots.read_kb(steps)
    campaign.augment(kb, steps)
    poison.write_kb(kb, STEPS, steps)
    built = campaign.build(steps, work / "clean" / "site")
    assert built.site is not None, f"the clean KB copy does not build:\n{built.output[-3000:]}"
    slots = schemaslots.slots()
    found = Campaign(
        work, steps, kb, slots, schemaslots.instances(kb, slots), livescan.shapes(built.site)
    )
    request.config.stash[OUTCOMES] = found.outcomes
    return found


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    outcomes = config.stash.get(OUTCOMES, {})
    if not outcomes:
        return
    count = {
        key: sum(len(getattr(o, key)) for o in outcomes.values())
        for key in ("built", "refused", "refused_elsewhere", "findings", "unclean")
    }
    fields = {i.slot for o in outcomes.values() for i in o.built + o.refused}
    tried = sum(count[k] for k in ("built", "refused", "refused_elsewhere"))
    shown = sum(o.shown for o in outcomes.values())
    terminalreporter.write_line(
        f"hostile input: {len(fields)} string properties, {tried} field values x payload "
        f"({len(outcomes)} payloads) tried: built {count['built']} ({shown} seen in an output), "
        f"refused at the field {count['refused']}, refused elsewhere "
        f"{count['refused_elsewhere']}; live results: {count['findings']}; "
        f"unclean refusal lines: {count['unclean']}"
    )
