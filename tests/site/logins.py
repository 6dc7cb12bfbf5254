"""Log in to the test mailbox with settings read off a page, once per distinct connection."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.mailbox import Account, Mailbox
from kb.verify.probe import probe

from shown import SUSPECT, Connection, ShownColumn, Unreadable, connection


@dataclass
class Logins:
    """Turns each shown column into a login; remembers outcomes so a profile shown on many pages
    is tried once, while every page still gets its own verdict."""

    mailbox: Mailbox
    account: Account
    columns_read: int = 0
    pages_read: set[str] = field(default_factory=set)
    outcomes: dict[Connection, str | None] = field(default_factory=dict)

    def problem(self, url: str, shown: ShownColumn) -> str | None:
        """None when the shown settings log in; otherwise what is wrong, naming the setting."""
        self.columns_read += 1
        self.pages_read.add(url)
        try:
            conn = connection(shown)
        except Unreadable as exc:
            return str(exc)
        if conn not in self.outcomes:
            self.outcomes[conn] = self._log_in(conn)
        return self.outcomes[conn]

    def _log_in(self, conn: Connection) -> str | None:
        try:
            endpoint = self.mailbox.endpoint(conn.port)
        except KeyError:
            return f"Port {conn.port}: the mail service offers nothing on this port"
        result = probe(
            conn,
            self.account,
            connect_to=endpoint,
            ssl_context=self.mailbox.ssl_context(),
            timeout=3.0,
            deadline_s=8.0,
        )
        if result.ok:
            return None
        suspect = SUSPECT.get(result.kind, "a setting")
        return f"{suspect} looks wrong; login failed ({result.kind}): {result.detail}"

    def summary(self) -> str:
        failed = sum(1 for outcome in self.outcomes.values() if outcome)
        return (
            f"read {self.columns_read} settings columns off {len(self.pages_read)} pages; "
            f"{len(self.outcomes)} distinct logins, {failed} failed"
        )
