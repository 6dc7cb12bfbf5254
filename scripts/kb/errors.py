"""The one exception type for author mistakes, and how problems are printed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, order=True)
class Problem:
    """An author mistake at a 1-based position: `path:line:col: field: message`.

    A `warning` is content that is only getting old (`kb.checks.written_for`): it is printed as
    `path:line:col: warning: field: message` and fails nothing (`errors_and_warnings`)."""

    path: str
    line: int
    col: int
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    @property
    def warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        """One line, whatever the texts it quotes hold (a line break, an escape sequence or a
        bidi control from a YAML file never reaches the terminal as such)."""
        where = f"{shown(self.path)}:{self.line}:{self.col}"
        if self.warning:
            where += ": warning"
        message = shown(self.message)
        return f"{where}: {shown(self.field)}: {message}" if self.field else f"{where}: {message}"

    def github(self) -> str:
        """The same problem as a GitHub Actions annotation, escaped as the runner expects."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        where = f"file={_property(self.path)},line={self.line},col={self.col}"
        return f"::{self.severity} {where}::{_data(text)}"


def errors_and_warnings(problems: Iterable[Problem]) -> tuple[list[Problem], list[Problem]]:
    """`problems` split into those that fail the check and the warnings."""
    problems = list(problems)
    return [p for p in problems if not p.warning], [p for p in problems if p.warning]


def shown(text: str) -> str:
    """`text` with every character that is not printable written as its escape (`\\n`, `\\x1b`,
    `\\u202e`): what a terminal or a log shows is exactly what the file holds."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _data(text: str) -> str:
    """A workflow command's message: the runner ends it at a line break and decodes `%XX`."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value: `,` would start the next property and `:` the
    message, so both are encoded too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


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
