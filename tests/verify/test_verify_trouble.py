"""When the run itself breaks, `kb verify` says so instead of blaming steps/settings.yml."""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import replace

import pytest

from kb.mailbox import Mailbox
from kb.mailbox.procs import group_pids
from kb.model import Connection, KnowledgeBase
from kb.verify import verify
from kb.verify.backend import mailbox_backend

pytestmark = pytest.mark.mailbox


def test_a_mailbox_that_dies_mid_run_is_named_and_no_setting_is_blamed(
    shipped: KnowledgeBase,
) -> None:
    mailbox = Mailbox.start(prefer_documented_ports=False)  # its own, beside the session's
    backend = mailbox_backend(mailbox)
    pid = mailbox.pid
    assert pid is not None
    once, killed = threading.Lock(), threading.Event()
    route = backend.route

    def die_then_route(connection: Connection) -> tuple[str, int]:
        """The first check kills Dovecot (every process of it); no check connects before."""
        if once.acquire(blocking=False):
            os.killpg(pid, signal.SIGKILL)
            while group_pids(pid):
                time.sleep(0.01)
            killed.set()
        killed.wait()
        return route(connection)

    try:
        result = verify(shipped, replace(backend, route=die_then_route), formats=False)
    finally:
        backend.close()
        mailbox.stop()
    text = result.text()
    assert not result.passed
    assert "The test mailbox stopped during the run" in text
    assert "settings.yml" not in text
    assert "Settings to fix" not in text
    assert {p["kind"] for p in result.results()["profiles"]} == {"stopped"}
