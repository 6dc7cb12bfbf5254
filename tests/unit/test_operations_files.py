"""What CI and annotations hand to GitHub: workflow commands that cannot be forged, a locked-down
workflow."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kb.errors import KbError, Problem

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "ci.yml"


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner reads it: `::name k=v,k=v::message`, then `%XX` decoded."""
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    decode = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}

    def unescape(text: str) -> str:
        return re.sub("%25|%0D|%0A|%3A|%2C", lambda m: decode[m.group()], text)

    props = dict(pair.split("=", 1) for pair in match.group(2).split(","))
    return match.group(1), {k: unescape(v) for k, v in props.items()}, unescape(match.group(3))


def test_a_crafted_file_name_and_message_stay_one_annotation() -> None:
    path = "steps/pages/a,line=1::x.yml"
    message = "bad value\n::warning file=evil::forged\r\n100% sure"
    report = KbError([Problem(path, 3, 5, "title", message)]).report("github")
    lines = report.splitlines()
    assert len(lines) == 1
    name, props, text = parse_command(lines[0])
    assert name == "error"
    assert props == {"file": path, "line": "3", "col": "5"}
    assert text == f"title: {message}"


def test_the_workflow_reads_only_and_pins_every_action() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    actions = [step for step in steps if "uses" in step]
    assert actions, "the workflow uses no action at all"
    for step in actions:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    checkouts = [s for s in actions if s["uses"].startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


def test_the_workflow_checks_out_the_whole_history() -> None:
    """A shallow checkout gives every page the date of the newest commit as "Last updated"."""
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert all(s.get("with", {}).get("fetch-depth") == 0 for s in checkouts)
