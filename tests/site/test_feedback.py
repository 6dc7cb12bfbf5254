"""A reader answers "Has this FAQ been helpful?" in Chromium, and the vote reaches the database
and the editors' report, through SQLite and through PostgreSQL. The site and the receiver are
served together by `kb feedback serve --site`, as a provider would route them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from fixtures_postgres import database
from kb.feedback.store import open_store

from pages import FaqPage, Watch
from sitebuild import ROOT, build

SEED = "faq/2556/update-the-email-password-on-apple-mail-macos-ios/"  # not the short link
COMMENT = 'Step 2 says "Apps" <b>but</b> I see <script>alert(1)</script>'


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path_factory.mktemp("feedback") / "site"
    build(out, f"http://127.0.0.1:{port}/")
    return out, port


@pytest.fixture(params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest, built: tuple[Path, int], tmp_path: Path
           ) -> Iterator[tuple[str, str]]:  # fmt: skip
    """(site URL, database URL) with `kb feedback serve --site` running."""
    site, port = built
    db = database(request, tmp_path)
    path = os.pathsep.join([str(ROOT / "scripts"), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kb", "feedback", "serve", "--site", str(site), "--db", db,
         "--port", str(port)],
        env=env, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(
                    f"kb feedback serve did not start: {proc.stderr.read().decode()[-800:]}"
                )
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/", db
    proc.terminate()
    proc.wait(timeout=10)


def test_no_with_a_step_and_a_comment_lands_in_the_database_and_the_report(
    page: Page, served: tuple[str, str], watch: Watch
) -> None:
    url, db = served
    page.goto(url + SEED)
    FaqPage(page, url).choose("iOS")
    no = page.get_by_role("button", name="No", exact=True)
    no.focus()
    page.keyboard.press("Enter")  # keyboard only from here on
    step = page.get_by_label("Which step did not match what you saw?")
    expect(step).to_be_focused()
    option = step.locator("option").nth(2)
    step_id = option.get_attribute("value")
    assert option.inner_text().startswith("Step 2: ")
    step.select_option(step_id)
    page.get_by_label("Anything else we should know?", exact=False).fill(COMMENT)
    page.get_by_role("button", name="Send").press("Enter")
    expect(page.get_by_role("status")).to_have_text("Thank you for your feedback!")
    version = page.locator("form.kb-feedback").get_attribute("data-content-version")

    store = open_store(db)
    [(vote, _)] = store.votes()
    store.close()
    assert (vote.faq_id, vote.platform, vote.lang, vote.helpful) == (2556, "ios-mail", "en", False)
    assert (vote.step, vote.comment, vote.content_version) == (step_id, COMMENT, version)
    report = subprocess.run(
        [sys.executable, "-m", "kb", "feedback", "report", "--db", db],
        capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")},
    ).stdout  # fmt: skip
    assert f"FAQ 2556 ios-mail [en] version {version}: 1 votes, 0% helpful" in report
    assert f"steps named: {step_id} (1)" in report
    assert not watch.dialogs and not watch.problems


def test_a_failed_vote_says_so_and_thanks_nobody(page: Page, served: tuple[str, str]) -> None:
    url, db = served
    page.route("**/api/feedback", lambda route: route.fulfill(status=503, body="down"))
    page.goto(url + SEED)
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("could not be sent")
    expect(page.get_by_role("status")).to_be_hidden()
    store = open_store(db)
    assert store.votes() == []
    store.close()
