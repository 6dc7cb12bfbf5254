"""Shared set-up for the verifier's tests: the shipped KB, copies with one setting changed."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kb.build import load_knowledge_base
from kb.mailbox import Mailbox
from kb.model import KnowledgeBase
from kb.verify.backend import Backend, mailbox_backend

SHIPPED = Path(__file__).resolve().parents[2] / "steps"
Mutant = Callable[[str, str, str], Path]


@pytest.fixture(scope="session")
def shipped_path() -> Path:
    """The help centre's own steps/ folder."""
    return SHIPPED


@pytest.fixture(scope="session")
def shipped() -> KnowledgeBase:
    return load_knowledge_base(SHIPPED)


@pytest.fixture(scope="session")
def backend(mailbox: Mailbox) -> Iterator[Backend]:
    """The verifier's view of the session's test mailbox."""
    found = mailbox_backend(mailbox)
    yield found
    found.close()


@pytest.fixture(scope="session")
def mutant(tmp_path_factory: pytest.TempPathFactory) -> Mutant:
    """`mutant(profile, field, value)`: a copy of steps/ with that one setting changed."""
    return lambda profile, field, value: mutate(
        tmp_path_factory.mktemp("mutant"), profile, field, value
    )


def mutate(folder: Path, profile: str, field: str, value: str) -> Path:
    """A copy of the shipped steps/ in `folder` with one settings field changed in place.

    Only the value changes, so every line and column stays where the shipped file has it.
    """
    steps = folder / "steps"
    shutil.copytree(SHIPPED, steps)
    settings = steps / "settings.yml"
    lines = settings.read_text("utf-8").splitlines(keepends=True)
    start = lines.index(f"  {profile}:\n")
    for i in range(start + 1, len(lines)):
        if re.match(r"  \S", lines[i]):
            break
        if lines[i].startswith(f"    {field}: "):
            lines[i] = f"    {field}: {value}\n"
            settings.write_text("".join(lines), "utf-8")
            return steps
    raise AssertionError(f"profiles.{profile}.{field} not found in {settings}")
