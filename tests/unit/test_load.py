"""The strict YAML loader: positions, accepted values, and hostile input that must not hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.source.events import MAX_DEPTH
from kb.source.load import load_file
from kb.source.text import MAX_BYTES, MAX_TEXT


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


def test_text_with_references_and_a_flow_list_loads_as_written(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "text: Enter {imap.port} and {imap.host}\nui: [Next]\n")
    assert problems == []
    assert loaded.data == {"text": "Enter {imap.port} and {imap.host}", "ui": ["Next"]}


@pytest.mark.parametrize(
    "text",
    [
        "a:\n" + " [\n" * 600 + " ]\n" * 600,
        "[\n" * 900 + "]\n" * 900,
        "a:\n" + " {b:\n" * 600 + " c" + "}" * 600 + "\n",
        "a:\n- - - [\n" + "   [\n" * 700,
    ],
    ids=["flow-lists-one-per-line", "flow-at-column-one", "flow-mappings", "lists-then-flow"],
)
def test_nesting_spread_over_many_lines_is_a_positioned_error(tmp_path: Path, text: str) -> None:
    loaded, problems = load(tmp_path, text)
    assert loaded is None
    assert [(p.field, p.message) for p in problems] == [
        ("(yaml)", f"nesting deeper than {MAX_DEPTH} levels")
    ]
    assert problems[0].line > 2 and problems[0].col <= 4  # where the 11th level opens


@pytest.mark.parametrize(
    ("escape", "what"),
    [
        ("\\u202e", "invisible character U+202E (bidirectional control)"),
        ("\\e", "control character U+001B"),
        ("\\x07", "control character U+0007"),
        ("\\r", "control character U+000D"),
        ("\\t", "tab character U+0009"),
        ("\\N", "control character U+0085"),
        ("\\L", "invisible character U+2028 (line separator)"),
        ("\\u200B", "invisible character U+200B (zero-width space)"),
    ],
)
def test_an_escape_is_refused_like_the_character_typed(
    tmp_path: Path, escape: str, what: str
) -> None:
    loaded, problems = load(tmp_path, f'a: ok\nlist:\n  - text: "Open {escape}Settings"\n')
    assert [str(p) for p in problems] == [
        f"x.yml:3:11: list[0].text: {what}, written as an escape; delete it"
    ]


def test_an_escaped_key_is_refused_and_not_shown(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, 'a:\n  "x\\e[31m": 1\n')
    assert [str(p) for p in problems] == [
        "x.yml:2:3: a: control character U+001B, written as an escape; delete it"
    ]
    assert loaded is not None and loaded.data == {"a": {}}


def test_harmless_escapes_are_text(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, 'a: "line\\nnext \\u00e9 \\"q\\" \\\\ \\x41"\n')
    assert problems == []
    assert loaded is not None and loaded.data == {"a": 'line\nnext \u00e9 "q" \\ A'}


def test_a_text_longer_than_the_limit_is_refused_with_its_length(tmp_path: Path) -> None:
    text = f"fits: {'x' * MAX_TEXT}\nlist:\n  - '{'y' * (MAX_TEXT + 1)}'\n"
    loaded, problems = load(tmp_path, text)
    assert [str(p) for p in problems] == [
        f"x.yml:3:5: list[0]: the text is {MAX_TEXT + 1} characters; the limit is {MAX_TEXT}"
    ]


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    loaded, problems = load(tmp_path, "a: b\n" + "# padding\n" * (MAX_BYTES // 10))
    size = (tmp_path / "x.yml").stat().st_size
    assert loaded is None
    assert [str(p) for p in problems] == [
        f"x.yml:1:1: (file): the file is {size} bytes; the limit is {MAX_BYTES}: split it"
    ]


def test_many_aliases_are_each_refused_and_never_expanded(tmp_path: Path) -> None:
    text = "a: &a [" + ", ".join(["x"] * 50) + "]\nb: [" + ", ".join(["*a"] * 5000) + "]\n"
    loaded, problems = load(tmp_path, text)
    assert loaded is None
    assert len(problems) == 5001
    assert all(p.line in (1, 2) and p.field == "(yaml)" for p in problems)


def test_a_folder_named_like_a_yaml_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "x.yml").mkdir()
    loaded, problems = load_file(tmp_path / "x.yml", "x.yml")
    assert loaded is None
    assert [str(p) for p in problems] == [
        "x.yml:1:1: (file): the file cannot be read: Is a directory"
    ]


@pytest.mark.parametrize("key", ["[a, b]", "{a: b}"])
def test_a_list_or_mapping_as_a_key_is_refused_and_the_rest_still_loads(
    tmp_path: Path, key: str
) -> None:
    loaded, problems = load(tmp_path, f"? {key}\n: [1, {{x: y}}]\nafter: text\n")
    assert [str(p) for p in problems] == [
        "x.yml:1:3: (document): a list or mapping cannot be a key; write a plain text key"
    ]
    assert loaded.data == {"after": "text"} and loaded.where(("after",)) == (3, 8)


def test_a_duplicate_key_keeps_the_first_value_and_says_where_it_was(tmp_path: Path) -> None:
    text = "steps:\n  - id: a\n    id: [b, {c: d}]\n    text: t\n"
    loaded, problems = load(tmp_path, text)
    assert [str(p) for p in problems] == ["x.yml:3:5: steps[0].id: duplicate key (first at line 2)"]
    assert loaded.data == {"steps": [{"id": "a", "text": "t"}]}
