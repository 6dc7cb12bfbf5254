"""Pytest plugin: one PostgreSQL server for the session, from Debian's `postgresql` package.

It runs in the foreground of its own data folder under a short temp dir, as the unprivileged
`postgres` user (PostgreSQL refuses root), listening on a unix socket only; never the system
service. A missing PostgreSQL fails the run with the install hint: a skipped database test would
prove nothing.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

INSTALL_HINT = "apt-get install postgresql"


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if not found:
        pytest.fail(f"PostgreSQL is missing; the feedback tests need it: {INSTALL_HINT}",
                    pytrace=False)  # fmt: skip
    return Path(found[-1]).parent


def _as_postgres(user: pwd.struct_passwd | None) -> dict:
    if user is None:
        return {}
    return {"user": user.pw_uid, "group": user.pw_gid}


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A `postgresql://` URL to an empty database of a server started for this session."""
    bin_dir = _binaries()
    user = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    tmp = Path(tempfile.mkdtemp(prefix="kbpg-", dir="/tmp"))  # a socket path must stay short
    data = tmp / "data"
    if user is not None:
        os.chown(tmp, user.pw_uid, user.pw_gid)
    run = _as_postgres(user)
    subprocess.run(
        [bin_dir / "initdb", "-D", data, "-U", "kb", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True, capture_output=True, **run,
    )  # fmt: skip
    server = subprocess.Popen(
        [bin_dir / "postgres", "-D", data, "-k", tmp, "-c", "listen_addresses=", "-c", "fsync=on"],
        stdout=subprocess.DEVNULL, stderr=(tmp / "log").open("wb"), **run,
    )  # fmt: skip
    url = f"postgresql://kb@/postgres?host={tmp}"
    deadline = time.monotonic() + 30
    while True:
        ready = subprocess.run([bin_dir / "pg_isready", "-h", tmp, "-U", "kb"], capture_output=True)
        if ready.returncode == 0:
            break
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            log = (tmp / "log").read_text(errors="replace")[-2000:]
            pytest.fail(f"PostgreSQL did not start:\n{log}", pytrace=False)
        time.sleep(0.1)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


def fresh_database(url: str) -> str:
    """A new, empty database on the session's server, so tests never see each other's votes."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return url.replace("/postgres?", f"/{name}?")


def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """For a fixture parametrized with "sqlite" and "postgresql": a fresh, empty database."""
    if request.param == "sqlite":
        return str(tmp_path / "votes.sqlite3")
    return fresh_database(request.getfixturevalue("postgres_url"))
