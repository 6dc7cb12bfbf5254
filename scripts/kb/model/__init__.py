"""The typed, frozen model of a knowledge base, built from validated YAML.

Nothing here knows about YAML, Markdown or MkDocs: every stage after validation works on these
types. Each entity keeps the source position of its fields so later stages (cross-reference
checks, the verifier) can point an editor at the exact line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# The settings file's types, in a module of their own; every module imports them from here.
from kb.model.settings import (  # noqa: F401
    Connection,
    Direction,
    Passwords,
    Profile,
    Protocol,
    Provider,
    Security,
    Settings,
    UsernameForm,
)


@dataclass(frozen=True)
class Pos:
    """A 1-based position in a source file."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Link:
    """A phrase inside a text that links to a page (by key), a platform vendor's help, a generated
    download (by name, see DOWNLOADS) or a URL."""

    phrase: str
    page: str | None = None
    vendor: str | None = None
    url: str | None = None
    download: str | None = None
    task: str | None = None  # for a page link: the task the reader is promised there


# Generated files a text may offer for download, by the name editors write.
DOWNLOADS = {"mobileconfig": "downloads/infomaniak-mail.mobileconfig"}


@dataclass(frozen=True)
class Text:
    """Editor text plus the structured decorations the renderer applies to it.

    `text` may hold `{profile.field}` references; `ui` phrases are shown bold; `links` turn a phrase
    into a link. The renderer escapes everything else.
    """

    text: str
    ui: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    pos: Pos | None = field(default=None, compare=False, hash=False)
    # The language of the text when it is not the page's (English shown for a missing or
    # out-of-date translation): the renderer marks it and says so.
    lang: str | None = None


@dataclass(frozen=True)
class Screenshot:
    src: str
    alt: str


@dataclass(frozen=True)
class Step:
    id: str
    text: Text
    settings: tuple[str, ...] = ()
    screenshot: Screenshot | None = None
    note: Text | None = None
    pos: Pos | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class CurrentVersion:
    """The platform's current major version, as looked up on `source` on the date `checked`."""

    major: int
    released: str
    source: str
    checked: str


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    tab: str
    client: str
    os: str
    vendor_help_title: str
    vendor_help_url: str
    written_for: str
    path: str
    written_for_major: int | None = None
    current: CurrentVersion | None = None
    # The app's own word for a settings value, by field then value: {"authentication":
    # {"password-cleartext": "Password"}}.
    vocabulary: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)
    keywords: tuple[str, ...] = ()  # search only, never shown
    pos: dict[str, Pos] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    summary: str
    path: str
    keywords: tuple[str, ...] = ()  # search only, never shown


@dataclass(frozen=True)
class Procedure:
    platform: str
    task: str
    intro: Text
    steps: tuple[Step, ...]
    sources: tuple[str, ...]
    path: str
    draft: bool = False
    review_note: str = ""

    @property
    def key(self) -> str:
        return f"{self.platform}/{self.task}"


@dataclass(frozen=True)
class Category:
    key: str
    title: str
    summary: str
    order: int
    path: str


PageKind = Literal["guide", "settings-reference"]


@dataclass(frozen=True)
class Page:
    key: str
    kind: PageKind
    faq_id: int
    slug: str
    title: str
    purpose: Text
    category: str
    updated: str | None
    preamble: tuple[Text, ...]
    prerequisites: tuple[Text, ...]
    task: str | None
    platforms: tuple[str, ...]
    settings: tuple[str, ...]
    per_platform: bool
    path: str
    pos: dict[str, Pos] = field(default_factory=dict, compare=False, hash=False)
    # Slugs the FAQ had before, oldest first: their addresses redirect to the current one.
    former_slugs: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    root: str
    settings: Settings
    platforms: dict[str, Platform]
    tasks: dict[str, Task]
    categories: dict[str, Category]
    procedures: dict[str, Procedure]
    pages: dict[str, Page]

    def procedure(self, platform: str, task: str) -> Procedure:
        return self.procedures[f"{platform}/{task}"]
