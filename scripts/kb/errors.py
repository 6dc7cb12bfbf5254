"""The one exception type for author mistakes, and how problems are printed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """An author mistake at a 1-based position: `path:line:col: field: message`."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        text = f"{self.field}: {self.message}" if self.field else self.message
        # One problem, one line: a quoted value may hold line breaks (a `|` block, an escape).
        return f"{where}: " + text.replace("\r", "\\r").replace("\n", "\\n")

    def as_tuple(self) -> tuple[str, int, int, str, str]:
        """The fields as plain values (what `Problem(*fields)` takes back)."""
        return (self.path, self.line, self.col, self.field, self.message)

    def github(self) -> str:
        """The same problem as a GitHub Actions annotation."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line},col={self.col}::{text}"


class KbError(Exception):
    """Raised with every problem found in one run; nothing has been written when it is raised."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self, fmt: str = "text") -> str:
        if fmt == "github":
            return "\n".join(p.github() for p in self.problems)
        return "\n".join(str(p) for p in self.problems)


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    return KbError(problems).report(fmt)
