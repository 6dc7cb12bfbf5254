"""`kb preview` as an editor meets it: in the terminal and over HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from kb.bench.measure import hook_config
from kb.bench.synth import Synth
from previewing import ROOT, Running, edit, get, start


def test_a_taken_port_is_one_clear_line_and_exit_status_2(synth: Synth, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        log = tmp_path / "preview.log"
        proc = start(hook_config(tmp_path, synth.root / "steps"), port, log)
        assert proc.wait(60) == 2
    assert log.read_text("utf-8").splitlines() == [
        f"kb preview: port {port} is already in use on 127.0.0.1; choose another with --port"
    ]


def test_port_0_serves_on_a_free_port_and_says_which(synth: Synth, tmp_path: Path) -> None:
    log = tmp_path / "preview.log"
    proc = start(hook_config(tmp_path, synth.root / "steps"), 0, log)
    try:
        running = Running("", proc, log)
        shown = running.until_said(r"serving (http://127\.0\.0\.1:(\d+)/)$")
        assert shown[2] != "0"
        assert get(shown[1] + synth.edit_url)[0] == 200
    finally:
        proc.terminate()
        proc.wait(30)


def test_the_help_gives_every_option_its_default() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "kb", "preview", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "scripts")},
    ).stdout
    for option, default in (
        ("--config", "mkdocs.yml"),
        ("--host", "127.0.0.1"),
        ("--port", "8001"),
    ):
        assert option in shown and f"(default: {default})" in shown


def test_bad_query_parameters_are_refused_with_400(preview: Running) -> None:
    for query in ("since=abc", "since=-1", "since=1&since=2", ""):
        assert get(f"{preview.url}.kb-preview/wait?{query}")[0] == 400, query
    status, version = get(f"{preview.url}.kb-preview/wait?since=999999")
    assert status == 200 and version.isdigit()


def test_an_edit_shows_and_a_mistake_is_shown_in_browser_and_terminal(
    preview: Running, synth: Synth
) -> None:
    good = synth.edit_page.read_text("utf-8")
    edit(synth.edit_page, "This guide explains", "Edited, this guide explains")
    preview.until(synth.edit_url, lambda _, body: "Edited, this guide explains" in body, "the edit")

    synth.edit_page.write_text(good.replace("platforms:\n- ", "platforms:\n- nowhere\n- ", 1))
    where = f"steps/pages/{synth.edit_page.name}:"
    shown = preview.until(
        synth.edit_url, lambda status, body: status == 500 and "nowhere" in body, "the problem"
    )
    said = [line for line in preview.terminal().splitlines() if line.startswith(where)]
    problem = next(line for line in said if "unknown platform 'nowhere'" in line)
    assert problem.replace("'", "&#x27;") in shown

    synth.edit_page.write_text(good.replace("This guide explains", "Fixed, this guide explains"))
    preview.until(synth.edit_url, lambda _, body: "Fixed, this guide explains" in body, "the fix")


def test_the_watcher_outlives_a_file_it_cannot_read(preview: Running, synth: Synth) -> None:
    folder = synth.edit_page.with_name("not-a-file.yml")
    folder.mkdir()  # a folder named like a page file: it cannot be read as one
    problem = "steps/pages/not-a-file.yml:1:1: (file): the file cannot be read"
    preview.until(synth.edit_url, lambda _, body: problem in body, "the problem list")
    assert problem in preview.terminal()
    folder.rmdir()
    edit(synth.edit_page, "This guide explains", "Still watching, this guide explains")
    preview.until(synth.edit_url, lambda _, body: "Still watching" in body, "the next edit")


def vote(preview: Running, faq_id: int, platform: str, step: str) -> int:
    """The status the preview answers a "No" vote naming `step` with, posted as the widget does."""
    body = {"faq_id": faq_id, "platform": platform, "lang": "en", "content_version": "0123abcd"}
    body |= {"helpful": False, "step": step}
    request = urllib.request.Request(
        preview.url + "api/feedback",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Origin": preview.url.rstrip("/")},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_a_vote_is_taken_against_the_site_as_it_is_now(preview: Running, synth: Synth) -> None:
    status, manifest = get(preview.url + "feedback-manifest.json")
    assert status == 200
    faq = int(synth.edit_url.split("/")[1])  # faq/ID/slug/
    tab = synth.edit_procedure.parent.name
    assert tab in json.loads(manifest)["faqs"][str(faq)]
    assert vote(preview, faq, tab, "step-2") == 201
    assert vote(preview, faq, tab, "renamed-step") == 422
    edit(synth.edit_procedure, "- id: step-2\n", "- id: renamed-step\n")
    preview.until(
        "feedback-manifest.json", lambda _, body: "renamed-step" in body, "the new step id"
    )
    assert vote(preview, faq, tab, "renamed-step") == 201
    assert vote(preview, faq, tab, "step-2") == 422
