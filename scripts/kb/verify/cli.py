"""`kb verify`: log in with every setting the help centre documents and every generated file.

Without --live it starts the test mailbox (a local Dovecot), checks against it and stops it. With
--live it logs in to the real provider as KB_LIVE_USER with KB_LIVE_PASSWORD from the environment;
a password is never accepted on the command line.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from kb.build import load_knowledge_base
from kb.errors import KbError
from kb.model import KnowledgeBase
from kb.secret import Secret
from kb.verify import Verification, verify
from kb.verify.backend import Backend, Login, live_backend, mailbox_backend
from kb.verify.results import write_results
from kb.verify.run import Options

DEFAULT_RESULTS = Path(".kb/verify-results.json")
LIVE_SKIPPED = (
    "kb verify --live: skipped: set KB_LIVE_USER and KB_LIVE_PASSWORD to log in to the real "
    "provider (no results file was written)."
)


def main(argv: list[str] | None = None) -> int:
    """Verify, print the report and write the results file; 0 when every profile logged in."""
    args = _parser().parse_args(argv)
    login = live_login(os.environ) if args.live else None
    if args.live and login is None:
        print(LIVE_SKIPPED)
        return 0
    try:
        kb = load_knowledge_base(args.path)
    except KbError as err:
        print(err.report(args.format))
        print(f"{len(err.problems)} problem(s); fix them before verifying.", file=sys.stderr)
        return 1
    options = Options(args.timeout, args.profile_deadline, args.deadline, args.workers)
    if login is not None:
        return _finish(verify(kb, live_backend(login), formats=args.formats, options=options), args)
    return _with_mailbox(kb, options, args)


def live_login(env: Mapping[str, str]) -> Login | None:
    """The live account from the environment, or None when either variable is missing."""
    user, password = env.get("KB_LIVE_USER", ""), env.get("KB_LIVE_PASSWORD", "")
    return Login(user, Secret(password)) if user and password else None


def _with_mailbox(kb: KnowledgeBase, options: Options, args: argparse.Namespace) -> int:
    # Imported here: the mailbox needs test-only packages (trustme, aiosmtpd) that --live does not.
    from kb.mailbox import Mailbox, MailboxError, ProfileError

    try:
        mailbox = Mailbox.start()
    except (MailboxError, ProfileError) as exc:
        print(f"kb verify: the test mailbox did not start: {exc}", file=sys.stderr)
        return 1
    print(f"Test mailbox for {mailbox.host} started in {mailbox.start_seconds:.2f} s.", flush=True)
    with mailbox:
        backend: Backend = mailbox_backend(mailbox)
        try:
            result = verify(kb, backend, formats=args.formats, options=options)
        finally:
            backend.close()
    return _finish(result, args)


def _finish(result: Verification, args: argparse.Namespace) -> int:
    print(result.text(args.format))
    write_results(Path(args.results), result.results())
    collection = result.collection
    print(
        f"Verified {len(result.outcomes)} unique profile(s) documented by "
        f"{len(collection.kb.pages)} page(s) and {len(collection.files)} generated file(s) "
        f"in {result.seconds:.2f} s; results in {args.results}."
    )
    return 0 if result.passed else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb verify", description=__doc__)
    parser.add_argument("path", nargs="?", default=".", help="KB folder (or its steps/)")
    parser.add_argument(
        "--live",
        action="store_true",
        help="log in to the real provider (needs KB_LIVE_USER and KB_LIVE_PASSWORD)",
    )
    parser.add_argument(
        "--formats",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also check every generated settings file, read back as a client reads it",
    )
    parser.add_argument("--results", default=str(DEFAULT_RESULTS), help="results JSON to write")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds per network operation")
    parser.add_argument(
        "--profile-deadline", type=float, default=15.0, help="seconds for one profile's checks"
    )
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds for the whole run")
    parser.add_argument("--workers", type=int, default=8, help="profiles checked at once")
    return parser
