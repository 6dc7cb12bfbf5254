"""The strict YAML loader: positions, accepted values, and hostile input that must not hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.source.events import MAX_DEPTH
from kb.source.load import load_file


def load(tmp_path: Path, text: str):
    path = tmp_path / "x.yml"
    path.write_text(text, "utf-8")
    return load_file(path, "x.yml")


def test_positions_are_one_based_for_keys_and_values(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "a: 1\nlist:\n  - id: x\n    text: hello\n")
    assert problems == []
    assert loaded.data == {"a": 1, "list": [{"id": "x", "text": "hello"}]}
    assert loaded.where(("list", 0, "text")) == (4, 11)
    assert loaded.where(("list", 0, "text"), key=True) == (4, 5)


def test_plain_true_false_and_decimal_integers_are_typed(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "a: true\nb: false\nc: 993\nd: -1\ne: '0993'\nf: ~\n")
    assert problems == []
    assert loaded.data == {"a": True, "b": False, "c": 993, "d": -1, "e": "0993", "f": None}


def test_quoted_yes_stays_text(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "tab: 'yes'\nlabel: \"ON\"\n")
    assert problems == [] and loaded.data == {"tab": "yes", "label": "ON"}


def test_billion_laughs_is_refused_before_anything_walks_it(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    loaded, problems = load(tmp_path, "\n".join(lines) + "\n")
    assert loaded is None
    assert {p.message.split()[0] for p in problems} == {"anchor", "alias"}


def test_deep_nesting_is_an_error_not_a_recursion_error(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "[" * 500 + "]" * 500 + "\n")
    assert loaded is None
    assert [p.message for p in problems] == [f"nesting deeper than {MAX_DEPTH} levels"]


def test_every_bad_character_is_reported(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: x\u200by\nb:\tz\nc: \u202eq\n")
    assert [(p.line, p.col) for p in problems] == [(1, 5), (2, 3), (3, 4)]


@pytest.mark.parametrize(
    "text",
    [
        "a:\n" + "".join(f"{'  ' * i}b{i}:\n" for i in range(1, MAX_DEPTH + 2)) + "  " * 12 + "x\n",
        "a: " + "{b: " * (MAX_DEPTH + 1) + "c" + "}" * (MAX_DEPTH + 1) + "\n",
        "a:\n" + "- " * (MAX_DEPTH + 1) + "x\n",
        "a:\n  -\n" + "".join(f"{'  ' * i}-\n" for i in range(2, MAX_DEPTH + 2)) + "    x\n",
    ],
    ids=["block-mappings", "flow-mappings", "compact-sequences", "sequences-on-own-lines"],
)
def test_every_way_to_nest_deeply_is_caught(tmp_path: Path, text: str) -> None:
    loaded, problems = load(tmp_path, text)
    assert loaded is None
    assert f"nesting deeper than {MAX_DEPTH} levels" in [p.message for p in problems]


def test_inline_comment_is_found_when_text_also_starts_with_a_comment(tmp_path: Path) -> None:
    text = "# yaml-language-server: $schema=x.json\ntitle: Use port 993 # not 143\n"
    loaded, problems = load(tmp_path, text)
    assert [(p.line, p.col, p.field) for p in problems] == [(2, 8, "title")]
    assert "comment" in problems[0].message


def test_a_file_without_any_risky_syntax_loads_in_one_pass(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "text: Enter {imap.port} and {imap.host}\nui: [Next]\n")
    assert problems == []
    assert loaded.data == {"text": "Enter {imap.port} and {imap.host}", "ui": ["Next"]}
