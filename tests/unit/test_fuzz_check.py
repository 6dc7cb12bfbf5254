"""`kb check` on the real KB with one file mangled at random: positioned messages, never a crash."""

from __future__ import annotations

import contextlib
import io
import random
import re
import traceback
from pathlib import Path

import pytest

from kb.cli import main
from kbfixtures import copy_kb

CASES = 2000
SEED = 20261130
POSITIONED = re.compile(r"^[^:\n]+:\d+:\d+: ")
WARNING = re.compile(r"^[^:\n]+:\d+:\d+: warning: ")


def _lines(rng: random.Random, text: str) -> tuple[list[str], int]:
    lines = text.split("\n")
    return lines, rng.randrange(len(lines))


def delete_line(rng: random.Random, text: str) -> str:
    lines, i = _lines(rng, text)
    return "\n".join(lines[:i] + lines[i + 1 :])


def duplicate_lines(rng: random.Random, text: str) -> str:
    lines, i = _lines(rng, text)
    block = lines[i : i + rng.randint(1, 4)]
    return "\n".join(lines[:i] + block * rng.randint(2, 40) + lines[i:])


def indent(rng: random.Random, text: str) -> str:
    lines, i = _lines(rng, text)
    for j in range(i, min(len(lines), i + rng.randint(1, 6))):
        shift = rng.choice((-4, -2, -1, 1, 2, 3, 4))
        lines[j] = " " * shift + lines[j] if shift > 0 else lines[j][-shift:]
    return "\n".join(lines)


def delete_span(rng: random.Random, text: str) -> str:
    start = rng.randrange(len(text))
    return text[:start] + text[start + rng.randint(1, 30) :]


def duplicate_span(rng: random.Random, text: str) -> str:
    """A few characters repeated, on one line or each on its own (deep nesting over lines)."""
    start = rng.randrange(len(text))
    span = text[start : start + rng.randint(1, 12)] + rng.choice(("", "\n"))
    return text[:start] + span * rng.randint(2, 1000) + text[start:]


ESCAPES = ("\\e", "\\u202e", "\\x07", "\\t", "\\r", "\\L", "\\n", "\\u00e9", "\\q", "\\")


def quote_with_escape(rng: random.Random, text: str) -> str:
    """A `key: value` line rewritten as a double-quoted value holding an escape."""
    lines, i = _lines(rng, text)
    key, colon, value = lines[i].partition(": ")
    if colon and value:
        at = rng.randrange(len(value) + 1)
        value = value[:at].replace('"', "") + rng.choice(ESCAPES) + value[at:].replace('"', "")
        lines[i] = f'{key}: "{value}"'
    return "\n".join(lines)


MUTATIONS = (delete_line, duplicate_lines, indent, delete_span, duplicate_span, quote_with_escape)


def check(kb: Path) -> tuple[int | str, list[str], list[str]]:
    """`kb check` in this process: its exit code (or the traceback it raised), stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code: int | str = main(["check", str(kb)])
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else str(exit_.code)
    except BaseException:  # noqa: BLE001 - a crash is the finding
        code = traceback.format_exc()
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


def well_behaved(code: int | str, out: list[str], err: list[str]) -> bool:
    """Exit 1 with only positioned problems on stdout, or exit 0 without any (a positioned
    warning on stderr, content getting old, fails nothing); no traceback."""
    if any("Traceback" in line for line in out + err):
        return False
    if code == 1:
        return bool(out) and all(POSITIONED.match(line) for line in out)
    problems = out + [line for line in err if not WARNING.match(line)]
    return code == 0 and not any(POSITIONED.match(line) for line in problems)


def test_a_mangled_file_gives_positioned_messages_and_never_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_JOBS", "1")
    kb = copy_kb(tmp_path).parent
    files = sorted((kb / "steps").rglob("*.yml"))
    assert check(kb)[0] == 0  # the real KB passes before it is mangled
    rng = random.Random(SEED)
    wrong, refused = [], 0
    for case in range(CASES):
        path = rng.choice(files)
        original = path.read_text("utf-8")
        text = original
        for mutate in rng.choices(MUTATIONS, k=rng.randint(1, 3)):
            text = mutate(rng, text) or "\n"
        path.write_text(text, "utf-8")
        code, out, err = check(kb)
        path.write_text(original, "utf-8")
        if not well_behaved(code, out, err):
            wrong.append(f"case {case}, {path.relative_to(kb)}: {code}\n" + "\n".join(out + err))
        refused += code == 1
    first = "\n".join(wrong[:3])
    assert not wrong, f"{len(wrong)} of {CASES} cases went wrong; the first:\n{first}"
    # Most mangled files must really be refused, or the test would prove nothing.
    assert refused > CASES // 2, f"only {refused} of {CASES} mangled KBs were refused"
