"""What happens to one POST of a vote, whichever server received it (`kb feedback serve`, or
`kb preview` while editing): checks in order, then the vote is stored before the answer says so.

Answers: 201 once the vote is committed; 4xx with `{"error": {"field", "message"}}` naming what
was wrong (403 foreign origin, 413 too large, 415 not JSON, 422 invalid field, 429 too many votes).
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.feedback.limits import RateLimit
from kb.feedback.manifest import Manifest
from kb.feedback.store import Store
from kb.feedback.vote import MAX_BODY, VoteError, parse_vote

PATH = "/api/feedback"


@dataclass
class Receiver:
    """Where votes go, what is published, which site origins may post, and how often."""

    store: Store
    manifest: Manifest
    origins: frozenset[str]  # empty: the request's own origin only (same host)
    limit: RateLimit

    def origin_ok(self, origin: str | None, fetch_site: str | None, own: str) -> bool:
        """Browsers send Origin with every POST; a client without it (curl) is not a browser
        that another site could drive, unless Sec-Fetch-Site says the request is cross-site."""
        if origin is None:
            return fetch_site in (None, "same-origin", "none")
        return origin in self.origins if self.origins else origin == own

    def accept(
        self, body: bytes, *, content_type: str, origin_ok: bool, client: str
    ) -> tuple[int, dict]:
        """The answer to one POST: (HTTP status, JSON body)."""
        try:
            if not origin_ok:
                raise VoteError("origin", "votes are accepted from the help centre only", 403)
            if content_type.split(";")[0].strip().lower() != "application/json":
                raise VoteError("content-type", "expected application/json", 415)
            vote = parse_vote(body, self.manifest)
            if not self.limit.allow(client):
                raise VoteError("client", "too many votes from this client; try later", 429)
        except VoteError as err:
            return err.status, {"error": {"field": err.field, "message": err.message}}
        self.store.add(vote)
        return 201, {"ok": True}


def too_large(declared: str | None) -> bool:
    """A declared length over what a vote can be: refused before the body is read."""
    return declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY)


TOO_LARGE = (413, {"error": {"field": "body", "message": f"expected at most {MAX_BODY} bytes"}})
