"""Votes -> what editors read: per FAQ x platform x language x content version.

A content version whose helpful share is lower than the previous version's (same FAQ, platform
and language) by `DROP` or more is flagged: the edit that made it probably made things worse.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from kb.feedback.vote import Vote

DROP = 0.10  # a fall of ten points of "helpful" share
MIN_VOTES = 5  # fewer votes than this on either version say nothing about a drop
LATEST = 3  # comments shown per row


@dataclass
class Row:
    faq_id: int
    platform: str
    lang: str
    content_version: str
    first_vote: str
    votes: int = 0
    helpful: int = 0
    steps: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    dropped: bool = False

    @property
    def share(self) -> float:
        return self.helpful / self.votes if self.votes else 0.0


def rows(votes: list[tuple[Vote, str]]) -> list[Row]:
    """One row per FAQ x platform x language x version, versions in the order they were seen."""
    table: dict[tuple, Row] = {}
    steps: dict[tuple, Counter[str]] = {}
    for vote, when in votes:
        key = (vote.faq_id, vote.platform, vote.lang, vote.content_version)
        row = table.setdefault(key, Row(*key, first_vote=when))
        row.votes += 1
        row.helpful += vote.helpful
        if vote.step:
            steps.setdefault(key, Counter())[vote.step] += 1
        if vote.comment:
            row.comments = [vote.comment, *row.comments][:LATEST]
    ordered = sorted(table.values(), key=lambda r: (r.faq_id, r.platform, r.lang, r.first_vote))
    previous: Row | None = None
    for row in ordered:
        key = (row.faq_id, row.platform, row.lang, row.content_version)
        row.steps = sorted(steps.get(key, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        same_page = previous and previous.faq_id == row.faq_id and previous.platform == row.platform
        if same_page and previous.lang == row.lang and _dropped(previous, row):
            row.dropped = True
        previous = row
    return ordered


def _dropped(before: Row, after: Row) -> bool:
    enough = before.votes >= MIN_VOTES and after.votes >= MIN_VOTES
    return enough and before.share - after.share >= DROP


def as_text(table: list[Row]) -> str:
    if not table:
        return "no votes yet\n"
    out = []
    for r in table:
        flag = "  DROPPED against the previous version" if r.dropped else ""
        out.append(
            f"FAQ {r.faq_id} {r.platform} [{r.lang}] version {r.content_version}: "
            f"{r.votes} votes, {r.share:.0%} helpful{flag}"
        )
        if r.steps:
            out.append("  steps named: " + ", ".join(f"{s} ({n})" for s, n in r.steps))
        out += [f"  comment: {_one_line(c)}" for c in r.comments]
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    """A comment shown in a terminal: no line breaks, no control characters."""
    return " ".join(text.split())


def as_json(table: list[Row]) -> str:
    data = [{**asdict(r), "share_helpful": round(r.share, 4)} for r in table]
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def as_csv(table: list[Row]) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(
        ["faq_id", "platform", "lang", "content_version", "first_vote", "votes",
         "share_helpful", "steps_named", "latest_comments", "dropped"]
    )  # fmt: skip
    for r in table:
        steps = "; ".join(f"{s} ({n})" for s, n in r.steps)
        comments = " | ".join(_cell(c) for c in r.comments)
        out.writerow(
            [r.faq_id, r.platform, r.lang, r.content_version, r.first_vote, r.votes,
             f"{r.share:.4f}", steps, comments, "yes" if r.dropped else ""]
        )  # fmt: skip
    return buffer.getvalue()


def _cell(text: str) -> str:
    """No spreadsheet formula from a reader's comment (CSV injection)."""
    text = _one_line(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def as_html(table: list[Row], stylesheet: str = "") -> str:
    """A static page for editors, with the site's stylesheet when given; every value escaped."""
    e = html.escape
    link = f'<link rel="stylesheet" href="{e(stylesheet)}">' if stylesheet else ""
    body = []
    for r in table:
        steps = ", ".join(f"{e(s)} ({n})" for s, n in r.steps)
        comments = "".join(f"<li>{e(c)}</li>" for c in r.comments)
        flag = '<strong class="kb-dropped">dropped</strong>' if r.dropped else ""
        body.append(
            f"<tr><td>{r.faq_id}</td><td>{e(r.platform)}</td><td>{e(r.lang)}</td>"
            f"<td><code>{e(r.content_version)}</code></td><td>{r.votes}</td>"
            f"<td>{r.share:.0%} {flag}</td><td>{steps}</td><td><ul>{comments}</ul></td></tr>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'self'\">"
        f'<meta name="robots" content="noindex"><title>Feedback report</title>{link}</head>'
        '<body><main class="md-main"><div class="md-content"><article class="md-typeset">'
        "<h1>Feedback report</h1><table><thead><tr><th>FAQ</th><th>Platform</th><th>Language</th>"
        "<th>Version</th><th>Votes</th><th>Helpful</th><th>Steps named</th>"
        "<th>Latest comments</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table></article></div></main></body></html>\n"
    )
