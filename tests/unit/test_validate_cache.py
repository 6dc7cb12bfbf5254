"""Compiled schema validators are kept like .pyc files and behave exactly as freshly compiled."""

from __future__ import annotations

from pathlib import Path

import fastjsonschema
import pytest

from kb.source import LAYOUT
from kb.source import schema as validate

VALID_TASK = {"title": "Add an account", "summary": "Set up the address in a mail app."}
INVALID_TASKS = [{"title": "x"}, {"title": "", "summary": "s"}, {**VALID_TASK, "extra": 1}, []]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(validate, "CODE_CACHE", tmp_path / "__pycache__")
    validate._fast.cache_clear()
    yield tmp_path / "__pycache__"
    validate._fast.cache_clear()


def _verdicts(check, documents: list) -> list[bool]:
    out = []
    for document in documents:
        try:
            check(document)
            out.append(True)
        except fastjsonschema.JsonSchemaException:
            out.append(False)
    return out


def test_cached_validators_judge_as_freshly_compiled_ones(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = [VALID_TASK, *INVALID_TASKS]
    fresh = _verdicts(fastjsonschema.compile(validate.schema("task")), documents)
    assert fresh == [True, False, False, False, False]
    assert _verdicts(validate._fast("task"), documents) == fresh
    for kind in LAYOUT:
        validate._fast(kind)
    assert sorted(p.name.split(".")[0] for p in cache_dir.glob("*.marshal")) == sorted(LAYOUT)

    # A new process (cache cleared) loads the kept code instead of compiling.
    validate._fast.cache_clear()

    def no_compiling(*args: object, **kwargs: object) -> str:
        raise AssertionError("compiled again instead of loading the kept code")

    monkeypatch.setattr(fastjsonschema, "compile_to_code", no_compiling)
    assert _verdicts(validate._fast("task"), documents) == fresh


def test_a_damaged_or_outdated_cache_file_is_compiled_again(cache_dir: Path) -> None:
    validate._fast("task")
    (kept,) = cache_dir.glob("task.*.marshal")
    kept.write_bytes(b"not marshal data")
    (cache_dir / "task.0000000000000000.marshal").write_bytes(b"from another schema version")
    validate._fast.cache_clear()
    assert _verdicts(validate._fast("task"), [VALID_TASK, INVALID_TASKS[0]]) == [True, False]
    assert [p.name for p in cache_dir.glob("task.*.marshal")] == [kept.name]
    assert kept.read_bytes() != b"not marshal data"


def test_a_read_only_place_only_costs_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setattr(validate, "CODE_CACHE", blocker / "__pycache__")
    validate._fast.cache_clear()
    try:
        assert _verdicts(validate._fast("task"), [VALID_TASK, INVALID_TASKS[0]]) == [True, False]
    finally:
        validate._fast.cache_clear()
