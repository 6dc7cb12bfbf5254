"""`kb feedback serve`'s ASGI app (Starlette): `POST /api/feedback`, answered by `Receiver`.

No cookie is set or read, and no client address is stored.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from kb.feedback.receiver import PATH, TOO_LARGE, Receiver, too_large
from kb.feedback.vote import MAX_BODY

NO_STORE = {"Cache-Control": "no-store"}


async def _body(request: Request) -> bytes | None:
    """The body, or None as soon as it is longer than a vote can be (never read whole)."""
    if too_large(request.headers.get("content-length")):
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(receiver: Receiver, site: Path | None = None) -> Starlette:
    """The receiver; with `site`, the built site is served beside it (a small deployment)."""

    async def feedback(request: Request) -> Response:
        body = await _body(request)
        if body is None:
            status, answer = TOO_LARGE
        else:
            own = f"{request.url.scheme}://{request.headers.get('host', '')}"
            status, answer = receiver.accept(
                body,
                content_type=request.headers.get("content-type", ""),
                origin_ok=receiver.origin_ok(
                    request.headers.get("origin"), request.headers.get("sec-fetch-site"), own
                ),
                client=request.client.host if request.client else "",
            )
        # A local write of well under a millisecond (in `accept`) costs less in the event loop
        # than a hop to a worker thread would.
        return JSONResponse(answer, status_code=status, headers=NO_STORE)

    routes: list[BaseRoute] = [Route(PATH, feedback, methods=["POST"])]
    if site is not None:
        routes.append(Mount("/", StaticFiles(directory=site, html=True)))
    return Starlette(routes=routes)
