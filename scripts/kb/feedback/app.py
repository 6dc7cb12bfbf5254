"""The receiver as an ASGI app (Starlette): `POST /api/feedback` stores one vote.

Answers: 201 once the vote is committed; 4xx with `{"error": {"field", "message"}}` naming what
was wrong (403 foreign origin, 413 too large, 415 not JSON, 422 invalid field, 429 too many votes).
No cookie is set or read, and no client address is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kb.feedback.limits import RateLimit
from kb.feedback.manifest import Manifest
from kb.feedback.store import Store
from kb.feedback.vote import MAX_BODY, VoteError, parse_vote

PATH = "/api/feedback"


@dataclass
class Receiver:
    """What the app needs: where votes go, what is published, who may post, how often."""

    store: Store
    manifest: Manifest
    origins: frozenset[str]  # empty: the request's own origin only (same host)
    limit: RateLimit

    def origin_ok(self, request: Request) -> bool:
        origin = request.headers.get("origin")
        if origin is None:  # browsers send Origin on every POST; curl and friends do not
            return request.headers.get("sec-fetch-site") in (None, "same-origin")
        if self.origins:
            return origin in self.origins
        return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


def _refuse(err: VoteError) -> JSONResponse:
    body = {"error": {"field": err.field, "message": err.message}}
    return JSONResponse(body, status_code=err.status, headers={"Cache-Control": "no-store"})


async def _read_body(request: Request) -> bytes:
    """The body, refused as soon as it is longer than a vote can be (a huge one is never read)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise VoteError("body", f"expected at most {MAX_BODY} bytes", 413)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise VoteError("body", f"expected at most {MAX_BODY} bytes", 413)
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(receiver: Receiver) -> Starlette:
    async def feedback(request: Request) -> Response:
        try:
            if not receiver.origin_ok(request):
                raise VoteError("origin", "votes are accepted from the help centre only", 403)
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind != "application/json":
                raise VoteError("content-type", "expected application/json", 415)
            body = await _read_body(request)
            vote = parse_vote(body, receiver.manifest)
            client = request.client.host if request.client else ""
            if not receiver.limit.allow(client):
                raise VoteError("client", "too many votes from this client; try later", 429)
        except VoteError as err:
            return _refuse(err)
        # A local write of well under a millisecond: cheaper in the loop than a thread hop.
        receiver.store.add(vote)
        return JSONResponse({"ok": True}, status_code=201, headers={"Cache-Control": "no-store"})

    return Starlette(routes=[Route(PATH, feedback, methods=["POST"])])
