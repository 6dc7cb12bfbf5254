"""`kb feedback report`: what editors read, in text, CSV, JSON and HTML, from either database."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

from kb.feedback import report
from kb.feedback.cli import main
from kb.feedback.store import Store
from kb.feedback.vote import Vote

V1, V2 = "aaaa1111", "bbbb2222"


def _votes(store: Store) -> None:
    for n in range(10):  # version 1: 8 of 10 helpful
        store.add(Vote(2556, "apple-mail-macos", "en", V1, n < 8))
    for n in range(10):  # version 2: 3 of 10 helpful, the reader names a step
        step = "mail-menu" if n >= 3 and n < 8 else ("save" if n >= 8 else None)
        comment = f"comment {n}" if n >= 3 else None
        store.add(Vote(2556, "apple-mail-macos", "en", V2, n < 3, step, comment))
    store.add(Vote(2556, "apple-mail-macos", "fr", V2, True))


def test_each_version_is_a_row_and_a_drop_is_flagged(store: Store) -> None:
    _votes(store)
    rows = report.rows(store.votes())
    key = [(r.lang, r.content_version, r.votes, r.share, r.dropped) for r in rows]
    assert key == [("en", V1, 10, 0.8, False), ("en", V2, 10, 0.3, True), ("fr", V2, 1, 1.0, False)]
    assert rows[1].steps == [("mail-menu", 5), ("save", 2)]
    assert rows[1].comments == ["comment 9", "comment 8", "comment 7"]  # latest first


def test_text_csv_and_json_say_the_same(store: Store, db_url: str, capsys) -> None:
    _votes(store)
    assert main(["report", "--db", db_url]) == 0
    text = capsys.readouterr().out
    assert f"FAQ 2556 apple-mail-macos [en] version {V2}: 10 votes, 30% helpful  DROPPED" in text
    assert "steps named: mail-menu (5), save (2)" in text
    assert main(["report", "--db", db_url, "--csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["content_version"], r["votes"], r["dropped"]) for r in table] == [
        (V1, "10", ""), (V2, "10", "yes"), (V2, "1", "")
    ]  # fmt: skip
    assert main(["report", "--db", db_url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["share_helpful"] for d in data] == [0.8, 0.3, 1.0]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_a_comment_with_markup_is_text_in_every_report(store: Store, db_url: str, tmp_path,
                                                       capsys) -> None:  # fmt: skip
    typed = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    store.add(Vote(2556, "apple-mail-macos", "en", V1, False, None, typed))
    store.add(Vote(2556, "apple-mail-macos", "en", V1, False, None, '=HYPERLINK("x")'))
    out = tmp_path / "report.html"
    assert main(["report", "--db", db_url, "--html", str(out)]) == 0
    page = _Elements()
    page.feed(out.read_text("utf-8"))
    assert "script" not in page.tags and "img" not in page.tags
    assert typed in "".join(page.text)
    assert main(["report", "--db", db_url, "--csv"]) == 0
    assert "'=HYPERLINK" in capsys.readouterr().out  # no formula in a spreadsheet
