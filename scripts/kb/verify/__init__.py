"""`kb verify`: prove every documented connection profile by logging in with it.

collect (pages and generated files -> unique `model.Connection`s) -> run (log in, send to self;
diagnose a failing port) -> report (what to fix, per settings field and per page) and results (the
file `kb build` stamps pages from). `backend` says where to log in: the test mailbox or the
provider. One login is `probe`: `sessions` (IMAP, POP3, SMTP logins over verified TLS), `classify`
(why it failed) and `scrub` (no password, nor a live user's address, in what it reports).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kb.model import KnowledgeBase
from kb.verify import report, results
from kb.verify.backend import Backend
from kb.verify.collect import Collection, collect
from kb.verify.run import Options, Outcome, passed, run


@dataclass(frozen=True)
class Verification:
    """One run: what was collected, each outcome, and how long the checks took."""

    collection: Collection
    outcomes: list[Outcome]
    mode: str
    date: str
    seconds: float

    @property
    def passed(self) -> bool:
        return passed(self.collection, self.outcomes)

    def text(self, fmt: str = "text") -> str:
        return report.render_text(self.collection, self.outcomes, self.mode, fmt)

    def results(self) -> dict[str, Any]:
        return results.results(self.collection, self.outcomes, self.mode, self.date)


def verify(
    kb: KnowledgeBase, backend: Backend, *, formats: bool = True, options: Options | None = None
) -> Verification:
    """Collect every documented profile of `kb` (and its generated files) and check each once."""
    collection = collect(kb, formats=formats)
    began = time.monotonic()
    outcomes = run(collection, backend, options)
    date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Verification(collection, outcomes, backend.mode, date, time.monotonic() - began)
