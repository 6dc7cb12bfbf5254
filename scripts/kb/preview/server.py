"""HTTP for `kb preview`: pages as they are now, live reload, search, static files, feedback."""

from __future__ import annotations

import errno
import html
import json
import mimetypes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from kb.feedback.manifest import FILE_NAME as MANIFEST
from kb.feedback.manifest import parse_manifest
from kb.feedback.receiver import PATH as FEEDBACK_PATH
from kb.feedback.receiver import TOO_LARGE, Receiver, too_large

if TYPE_CHECKING:
    from kb.preview import Preview

# Live reload: each page waits for the next version, then reloads. A file, not an inline script,
# so the pages' Content-Security-Policy ('self' scripts only) lets it run.
RELOAD_JS = b"""(function wait(v) {
  fetch("/.kb-preview/wait?since=" + v).then(function (r) { return r.text(); }).then(function (n) {
    if (n !== String(v)) { location.reload(); } else { wait(v); }
  }).catch(function () { setTimeout(function () { wait(v); }, 1000); });
})(Number(document.currentScript.dataset.version));
"""
RELOAD_TAG = '<script src="/.kb-preview/reload.js" data-version="%d"></script></body>'
SEARCH_INDEX = "search/search_index.json"
NO_SITE = {"error": {"field": "site", "message": "the KB files have problems; see kb preview"}}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    preview: Preview
    feedback: Receiver


class ListenError(Exception):
    """The server cannot listen where asked; the message is one line for the terminal."""


def listen(host: str, port: int) -> Server:
    """The server bound to `host:port`; ListenError saying why when it cannot be."""
    try:
        return Server((host, port), Handler)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            why = f"port {port} is already in use on {host}; choose another with --port"
        else:
            why = f"cannot listen on {host} port {port}: {err.strerror or err}"
        raise ListenError(f"kb preview: {why}") from None


def problems_html(lines: list[str]) -> bytes:
    """The page shown in place of any page while the files have problems."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines[:200])
    return (
        f"<!doctype html><title>kb preview: problems</title><body><h1>{len(lines)} problem(s)"
        f"</h1><ul>{items}</ul><p>The page comes back when the files are fixed.</p>"
        "</body>"
    ).encode()


def wait_since(query: str) -> int | None:
    """The version a page has (`since=N`, one whole number >= 0); None when the query is bad."""
    values = parse_qs(query, keep_blank_values=True).get("since", [])
    try:
        since = int(values[0]) if len(values) == 1 else -1
    except ValueError:
        return None
    return since if since >= 0 else None


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        preview = self.server.preview
        split = urlsplit(self.path)
        path = unquote(split.path)
        if path == "/.kb-preview/reload.js":
            return self._send(200, RELOAD_JS, "text/javascript")
        if path == "/.kb-preview/wait":
            since = wait_since(split.query)
            if since is None:
                return self._send(400, b"since: expected a whole number >= 0", "text/plain")
            with preview.bumped:
                preview.bumped.wait_for(lambda: preview.version != since, timeout=25)
                return self._send(200, str(preview.version).encode(), "text/plain")
        url = path.lstrip("/")
        if url == SEARCH_INDEX and (index := preview.search_index()) is not None:
            return self._send(200, index, "application/json")
        url = url[: -len("index.html")] if url.endswith("index.html") else url
        found = preview.page(url)
        if found is not None:
            status, body = found
            tag = (RELOAD_TAG % preview.version).encode()
            return self._send(status, body.replace(b"</body>", tag, 1), "text/html; charset=utf-8")
        self._static(path, url)

    def _static(self, path: str, url: str) -> None:
        """A file of the built site (theme assets, generated files); folders redirect to `/`."""
        site = Path(self.server.preview.renderer.config.site_dir).resolve()
        target = (site / url).resolve()
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            return self.end_headers()
        target = target / "index.html" if target.is_dir() else target
        if not target.is_relative_to(site) or not target.is_file():
            return self._send(404, b"not found", "text/plain")
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._send(200, target.read_bytes(), kind)

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        """The feedback widget works while editing: votes go to the project's `.kb/` database
        through the same checks as `kb feedback serve`, against the site as it is now."""
        if urlsplit(self.path).path != FEEDBACK_PATH:
            return self._send(404, b"not found", "text/plain")
        receiver = self.server.feedback
        current = self.server.preview.state.site.assets.get(MANIFEST)
        if current is None:  # no site yet: the files have problems
            return self._send(503, json.dumps(NO_SITE).encode(), "application/json")
        receiver.manifest = parse_manifest(current, MANIFEST)
        declared = self.headers.get("Content-Length")
        if too_large(declared):
            status, answer = TOO_LARGE
        else:
            status, answer = receiver.accept(
                self.rfile.read(int(declared or 0)),
                content_type=self.headers.get("Content-Type", ""),
                origin_ok=receiver.origin_ok(
                    self.headers.get("Origin"),
                    self.headers.get("Sec-Fetch-Site"),
                    f"http://{self.headers.get('Host', '')}",
                ),
                client=self.client_address[0],
            )
        self._send(status, json.dumps(answer).encode(), "application/json")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload, a closed tab)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
