"""Log in with each unique profile, concurrently, and send a message through each outgoing one.

Each login has a per-operation timeout and a deadline (kb.verify.probe), the whole run an overall
deadline. When a login fails at the port or TLS stage, the port is sniffed (kb.verify.diagnose)
so the report can say whether the port or the security setting is wrong.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace

from kb.model import Connection
from kb.verify.backend import Backend
from kb.verify.classify import stopped
from kb.verify.collect import Collection, Target
from kb.verify.diagnose import SNIFFED_KINDS, diagnose
from kb.verify.probe import ProbeResult, probe, send_and_fetch
from kb.verify.scrub import hide_address


@dataclass(frozen=True)
class Options:
    """Seconds per network operation, per profile and for the whole run; profiles at once."""

    timeout: float = 3.0
    profile_deadline: float = 15.0
    deadline: float = 120.0
    workers: int = 8


@dataclass(frozen=True)
class Outcome:
    """The verdict on one target; `heard` is what the port answered when sniffed after a failure."""

    target: Target
    result: ProbeResult
    heard: tuple[str, str] | None = None
    stage: str = "login"


def run(collection: Collection, backend: Backend, options: Options | None = None) -> list[Outcome]:
    """Check every target: logins first, then a send-to-self through each outgoing one."""
    options = options or Options()
    until = time.monotonic() + options.deadline
    targets = collection.sorted_targets()
    logins = _pool(targets, lambda t, s: _login(t, backend, options, s), options, until)
    fetch = backend.fetch or _working_inbox(logins, backend)
    sent = [o.target for o in logins if o.result.ok and o.target.connection.protocol == "smtp"]
    trips = _pool(sent, lambda t, s: _round_trip(t, fetch, backend, options, s), options, until)
    by_target = {id(o.target): o for o in trips}
    outcomes = [_merge(o, by_target.get(id(o.target))) for o in logins]
    if backend.mode == "live":
        outcomes = [_without_address(o, backend.login.email) for o in outcomes]
    gone = backend.stopped()
    if gone:
        outcomes = [
            o if o.result.ok else replace(o, result=stopped(o.result, gone)) for o in outcomes
        ]
    return outcomes


def _pool(
    targets: list[Target],
    check: Callable[[Target, float], Outcome],
    options: Options,
    until: float,
) -> list[Outcome]:
    """Run `check(target, seconds_left)` on a small thread pool within the overall deadline."""
    if not targets:
        return []
    pool = ThreadPoolExecutor(max_workers=options.workers, thread_name_prefix="kb-verify")
    futures: list[Future[Outcome]] = []
    for target in targets:
        futures.append(pool.submit(_budgeted, check, target, options, until))
    wait(futures, timeout=max(0.0, until - time.monotonic()) + options.timeout + 1.0)
    pool.shutdown(wait=False, cancel_futures=True)
    return [
        f.result() if f.done() and not f.cancelled() else _late(t, options)
        for t, f in zip(targets, futures, strict=True)
    ]


def _budgeted(
    check: Callable[[Target, float], Outcome], target: Target, options: Options, until: float
) -> Outcome:
    left = min(options.profile_deadline, until - time.monotonic())
    if left <= 0.1:
        return _late(target, options)
    return check(target, left)


def _late(target: Target, options: Options) -> Outcome:
    detail = f"Not checked: the overall deadline of {options.deadline:g} s passed first."
    return Outcome(target, ProbeResult(False, "timeout", detail, 0.0))


def _login(target: Target, backend: Backend, options: Options, left: float) -> Outcome:
    connection = target.connection
    result = probe(
        connection,
        backend.login,
        connect_to=backend.route(connection),
        ssl_context=backend.ssl_context,
        timeout=options.timeout,
        deadline_s=left,
    )
    heard = None
    if result.kind in SNIFFED_KINDS:
        # Each sniff may wait its whole timeout; keep both within what the deadline leaves.
        timeout = min(options.timeout, 2.0, max(0.2, (left - result.seconds) / 2))
        heard = diagnose(connection, result.kind, backend, timeout)
    return Outcome(target, result, heard)


def _round_trip(
    target: Target,
    fetch: tuple[Connection, tuple[str, int]] | None,
    backend: Backend,
    options: Options,
    left: float,
) -> Outcome:
    if fetch is None:
        detail = "Logged in, but no IMAP setting worked to look for a message sent to yourself."
        return Outcome(target, ProbeResult(False, "unavailable", detail, 0.0))
    inbox, address = fetch
    result = send_and_fetch(
        target.connection,
        inbox,
        backend.login,
        smtp_connect_to=backend.route(target.connection),
        fetch_connect_to=address,
        ssl_context=backend.ssl_context,
        timeout=options.timeout,
        deadline_s=left,
    )
    return Outcome(target, result)


def _working_inbox(
    logins: list[Outcome], backend: Backend
) -> tuple[Connection, tuple[str, int]] | None:
    """Live mode has no reference inbox: use the first documented IMAP profile that logged in."""
    for outcome in sorted(logins, key=lambda o: o.target.connection.security != "ssl"):
        connection = outcome.target.connection
        if outcome.result.ok and connection.protocol == "imap":
            return connection, backend.route(connection)
    return None


def _merge(login: Outcome, trip: Outcome | None) -> Outcome:
    """An outgoing profile passes only if its message arrived; the details say both steps."""
    if trip is None:
        return login
    seconds = login.result.seconds + trip.result.seconds
    if trip.result.ok:
        detail = f"{login.result.detail} {trip.result.detail}"
        return replace(login, result=replace(login.result, detail=detail, seconds=seconds))
    detail = f"Logged in, but the message sent to yourself failed: {trip.result.detail}"
    failed = ProbeResult(False, trip.result.kind, detail, seconds)
    return replace(login, result=failed, stage="round-trip")


def _without_address(outcome: Outcome, email: str) -> Outcome:
    """A real user's address stays out of reports and results files, as the password does."""
    detail = hide_address(outcome.result.detail, email)
    return replace(outcome, result=replace(outcome.result, detail=detail))


def passed(collection: Collection, outcomes: list[Outcome]) -> bool:
    """Every profile logged in and every generated file could be made and read back."""
    return not collection.format_problems and all(o.result.ok for o in outcomes)
