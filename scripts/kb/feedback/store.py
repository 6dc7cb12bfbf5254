"""Where votes are kept: one SQLite file by default, PostgreSQL for several receiver instances.

Both run the same versioned migrations and the same queries (`?` placeholders are rewritten for
psycopg). A vote is acknowledged only after its transaction committed: a receiver killed at any
moment loses no acknowledged vote (SQLite in WAL mode keeps committed transactions in the WAL
file, which survives the process).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kb.feedback.vote import Vote

# Each entry upgrades the schema by one version; never edit one that has shipped, add another.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE votes (
        id {serial} PRIMARY KEY,
        received_at TEXT NOT NULL,
        faq_id INTEGER NOT NULL,
        platform TEXT NOT NULL,
        lang TEXT NOT NULL,
        content_version TEXT NOT NULL,
        helpful BOOLEAN NOT NULL,
        step TEXT,
        comment TEXT
    );
    CREATE INDEX votes_by_page ON votes (faq_id, platform, lang, content_version);
    """,
)
COLUMNS = "received_at, faq_id, platform, lang, content_version, helpful, step, comment"


class Store:
    """A database connection with the schema migrated; safe to share between threads."""

    def __init__(self, connection: Any, *, postgres: bool) -> None:
        self._db = connection
        self._postgres = postgres
        self._lock = threading.Lock()
        self._migrate()

    def _sql(self, query: str) -> str:
        return query.replace("?", "%s") if self._postgres else query

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock:
            cursor = self._db.cursor()
            try:
                yield cursor
                self._db.commit()
            except BaseException:
                self._db.rollback()
                raise
            finally:
                cursor.close()

    def _migrate(self) -> None:
        with self._transaction() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            cur.execute("SELECT MAX(version) FROM schema_version")
            current = cur.fetchone()[0] or 0
            serial = "BIGSERIAL" if self._postgres else "INTEGER"
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in script.format(serial=serial).split(";"):
                    if statement.strip():
                        cur.execute(statement)
                cur.execute(self._sql("INSERT INTO schema_version VALUES (?)"), (version,))

    def schema_version(self) -> int:
        with self._transaction() as cur:
            cur.execute("SELECT MAX(version) FROM schema_version")
            return int(cur.fetchone()[0])

    def add(self, vote: Vote) -> None:
        """Store one vote; returns only once it is committed."""
        row = (
            datetime.now(UTC).isoformat(timespec="milliseconds"),
            vote.faq_id, vote.platform, vote.lang, vote.content_version,
            vote.helpful, vote.step, vote.comment,
        )  # fmt: skip
        with self._transaction() as cur:
            cur.execute(self._sql(f"INSERT INTO votes ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?)"), row)

    def votes(self) -> list[tuple[Vote, str]]:
        """Every vote with the time it was received, oldest first."""
        with self._transaction() as cur:
            cur.execute(f"SELECT {COLUMNS} FROM votes ORDER BY id")
            rows: Sequence[tuple] = cur.fetchall()
        return [(Vote(r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7]), r[0]) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_store(url: str) -> Store:
    """`url` is a SQLite file path (created on first run) or a `postgresql://` URL."""
    if url.startswith(("postgresql://", "postgres://")):
        import psycopg  # only a provider running several receivers needs it

        return Store(psycopg.connect(url), postgres=True)
    path = Path(url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level="DEFERRED")
    db.execute("PRAGMA journal_mode=WAL")
    # NORMAL: a commit is in the WAL file before it returns; only a power cut (not a killed
    # process) can lose the last ones. FULL would fsync every vote.
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA busy_timeout=5000")
    return Store(db, postgres=False)
