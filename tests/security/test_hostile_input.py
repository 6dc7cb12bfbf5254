"""Whatever an editor writes in any string property of any file, nothing of it runs for a reader.

The cases come from the JSON Schemas: every string property of every kind of file holds each
payload at once (one build per payload), and every output file of the build is scanned for live
markup against the clean build; a sample of the poisoned pages is opened in Chromium.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from campaign import PAYLOADS, Campaign

MARKUP = [p.name for p in PAYLOADS if p.name not in ("control-characters", "newline")]
# Payloads that call alert() by themselves once live, opened in Chromium.
RUNNABLE = ["script", "event-handler", "close-title", "double-quote", "single-quote"]
# A guide, a one-platform page, a category, the home page, the settings page and the 404 page.
SAMPLE = (
    "faq/2620/set-up-email-automatically-on-apple-devices-macos-ios/",
    "faq/2602/add-an-email-address-to-outlook-windows-macos-ios/outlook-ios/",
    "categories/email-apps/",
    "",
    "faq/2000/mail-ports-and-settings/",
    "404.html",
)
RECORD = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__blocked.push(`${e.effectiveDirective} blocked ${e.blockedURI}`));
"""


def test_every_string_property_of_every_schema_has_a_value_to_poison(hostile: Campaign) -> None:
    unpoisoned = [str(s) for s in hostile.slots if not any(i.slot == s for i in hostile.instances)]
    assert not unpoisoned, f"no value to poison in the KB copy: {unpoisoned}"
    assert {s.kind for s in hostile.slots} == {"settings", "platform", "task", "category",
                                               "procedure", "page"}  # fmt: skip


@pytest.mark.parametrize("name", [p.name for p in PAYLOADS])
def test_hostile_text_is_shown_as_text_or_refused_with_its_position(
    hostile: Campaign, name: str
) -> None:
    outcome = hostile.outcome(name)
    tried = outcome.built + outcome.refused + outcome.refused_elsewhere
    assert sorted(i.marker for i in tried) == sorted(i.marker for i in hostile.instances), (
        "some fields were never poisoned"
    )
    problems = [f"LIVE {f}" for f in outcome.findings] + [
        f"refusal not a `path:line:col: field: message` line: {line[:200]!r}"
        for line in outcome.unclean
    ]
    if name in MARKUP:  # text is text: what an editor types in free text is taken as written
        problems += [f"free text refused: {i}" for i in tried if not i.slot.constrained and i
                     not in outcome.built]  # fmt: skip
    print(
        f"{name}: {len(tried)} fields tried, built {len(outcome.built)} ({outcome.shown} seen in"
        f" an output), refused at the field {len(outcome.refused)}, refused elsewhere"
        f" {len(outcome.refused_elsewhere)}, live {len(outcome.findings)}"
    )
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


@functools.cache
def _handler(folder: Path) -> Callable[..., http.server.SimpleHTTPRequestHandler]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    return functools.partial(Quiet, directory=str(folder))


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a built folder on a free loopback port; the URL it is served at."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(folder))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
@pytest.mark.parametrize("name", RUNNABLE)
def test_poisoned_pages_run_no_editor_script_in_chromium(
    hostile: Campaign,
    new_context: Callable[..., BrowserContext],
    serve: Callable[[Path], str],
    name: str,
    bypass_csp: bool,
) -> None:
    """No dialog opens; with the policy, nothing is even blocked (there was nothing to block);
    without it, escaping alone keeps every payload inert."""
    outcome = hostile.outcome(name)
    assert outcome.sites, f"no build with free text poisoned by {name}"
    url = serve(outcome.sites[0])
    context = new_context(bypass_csp=bypass_csp)
    context.add_init_script(RECORD)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    blocked = []
    for path in SAMPLE:
        page.goto(url + path)
        page.mouse.move(200, 200)  # an injected onmouseover would fire
        page.keyboard.press("Tab")  # an injected onfocus would fire
        blocked += [f"{path}: {b}" for b in page.evaluate("window.__blocked")]
        assert "XQ" in page.content(), f"{path}: the poisoned text did not reach the page"
    assert not dialogs, f"editor text ran as script: {dialogs}"
    assert not blocked, f"editor text became script the policy had to block: {blocked}"
