"""`kb feedback`: run the receiver, read the votes, measure the receiver under load."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_DB = ".kb/feedback.sqlite3"
DEFAULT_MANIFEST = "site/feedback-manifest.json"


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from kb.feedback.app import create_app
        from kb.feedback.receiver import Receiver
    except ImportError:
        print("kb feedback serve needs the receiver's packages: pip install 'mailkb[feedback]'",
              file=sys.stderr)  # fmt: skip
        return 2
    from kb.feedback.limits import RateLimit
    from kb.feedback.manifest import FILE_NAME, read_manifest
    from kb.feedback.store import open_store

    try:
        manifest = read_manifest(Path(args.manifest or Path(args.site or "site") / FILE_NAME))
    except ValueError as err:
        print(f"kb feedback serve: {err}", file=sys.stderr)
        return 2
    store = open_store(args.db)
    receiver = Receiver(store, manifest, frozenset(args.origin), RateLimit(args.limit))
    uvicorn.run(
        create_app(receiver, Path(args.site) if args.site else None),
        host=args.host,
        port=args.port,
        access_log=False,
        log_level="warning",
        forwarded_allow_ips=args.forwarded_allow_ips,
        proxy_headers=bool(args.forwarded_allow_ips),
    )
    store.close()
    return 0


def _report(args: argparse.Namespace) -> int:
    from kb.feedback import report
    from kb.feedback.store import open_store

    store = open_store(args.db)
    try:
        table = report.rows(store.votes())
    finally:
        store.close()
    if args.html:
        Path(args.html).write_text(report.as_html(table, args.stylesheet), "utf-8")
        print(f"wrote {args.html}")
        return 0
    render = report.as_csv if args.csv else report.as_json if args.json else report.as_text
    sys.stdout.write(render(table))
    return 0


def _bench(args: argparse.Namespace) -> int:
    from kb.feedback.bench import main as bench

    return bench(args)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kb feedback", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="receive votes on POST /api/feedback")
    serve.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL (default: {DEFAULT_DB})"
    )
    serve.add_argument(
        "--manifest",
        default="",
        help="the build's feedback-manifest.json (default: the one in --site, else "
        f"{DEFAULT_MANIFEST})",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    serve.add_argument("--port", type=int, default=8001, help="port (default: %(default)s)")
    serve.add_argument(
        "--origin",
        action="append",
        default=[],
        help="site origin allowed to post, e.g. https://help.example.com (repeatable; "
        "default: the request's own host)",
    )
    serve.add_argument(
        "--limit",
        type=int,
        default=30,
        help="votes per client per 10 minutes, 0 for none (default: %(default)s)",
    )
    serve.add_argument(
        "--site", default="", help="also serve this built site folder (default: votes only)"
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="",
        help="proxy addresses whose X-Forwarded-For is trusted (default: none)",
    )
    rep = sub.add_parser("report", help="votes per FAQ, platform, language and content version")
    rep.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLite file or postgresql:// URL (default: {DEFAULT_DB})"
    )
    kind = rep.add_mutually_exclusive_group()
    kind.add_argument("--csv", action="store_true", help="CSV on standard output")
    kind.add_argument("--json", action="store_true", help="JSON on standard output")
    kind.add_argument("--html", metavar="FILE", help="a static HTML page for editors")
    rep.add_argument(
        "--stylesheet",
        default="",
        help="stylesheet URL for --html, e.g. the site's Material CSS (default: none)",
    )
    bench = sub.add_parser("bench", help="votes per second and votes lost when killed")
    bench.add_argument(
        "--seconds", type=float, default=10.0, help="load duration (default: %(default)s)"
    )
    bench.add_argument(
        "--kills", type=int, default=10, help="SIGKILL rounds (default: %(default)s)"
    )
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return {"serve": _serve, "report": _report, "bench": _bench}[args.command](args)
