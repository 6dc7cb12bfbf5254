"""Machine-readable settings files, generated from the one settings source and checked on the way.

Each format lives in one module with `render`, `validate` and `parse`; this package lists them with
the files they produce. `render_all` builds every file and raises `FormatError` listing every
problem; `kb.formats.consistency` then proves each file reads back as the settings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kb.formats import autoconfig, autodiscover, mobileconfig, settings_json, srv
from kb.formats.mobileconfig import apple_tls_mode
from kb.formats.parse import Offered, advertised, preferred
from kb.model import Profile, Settings

__all__ = [
    "FORMATS",
    "OUTPUTS",
    "Format",
    "FormatError",
    "Offered",
    "apple_tls_mode",
    "parse_autoconfig",
    "parse_autodiscover",
    "parse_mobileconfig",
    "parse_settings_json",
    "parse_srv",
    "render_all",
]

parse_autoconfig = autoconfig.parse
parse_autodiscover = autodiscover.parse
parse_mobileconfig = mobileconfig.parse
parse_settings_json = settings_json.parse
parse_srv = srv.parse


@dataclass(frozen=True)
class Format:
    """One format: where its files go, how to build, check and read them, and what they offer."""

    name: str
    files: tuple[str, ...]
    render: Callable[..., bytes]
    validate: Callable[[bytes], list[str]]
    parse: Callable[[bytes], list[Offered]]
    expected: Callable[[Settings], tuple[Profile, ...]]
    carries_username: bool = True


def _recommended_account(settings: Settings) -> tuple[Profile, ...]:
    return preferred(settings, "imap"), preferred(settings, "smtp")


FORMATS: tuple[Format, ...] = (
    Format(
        autoconfig.NAME,
        (".well-known/autoconfig/mail/config-v1.1.xml", "mail/config-v1.1.xml"),
        autoconfig.render,
        autoconfig.validate,
        autoconfig.parse,
        advertised,
    ),
    Format(
        autodiscover.NAME,
        ("autodiscover/autodiscover.xml",),
        autodiscover.render,
        autodiscover.validate,
        autodiscover.parse,
        advertised,
    ),
    Format(
        mobileconfig.NAME,
        ("downloads/infomaniak-mail.mobileconfig",),
        mobileconfig.render,
        mobileconfig.validate,
        mobileconfig.parse,
        _recommended_account,
        carries_username=False,
    ),
    Format(
        settings_json.NAME,
        ("settings.json",),
        settings_json.render,
        settings_json.validate,
        settings_json.parse,
        advertised,
    ),
    Format(
        srv.NAME,
        ("dns/srv.zone.txt",),
        srv.render,
        srv.validate,
        srv.parse,
        srv.expected,
        carries_username=False,
    ),
)
OUTPUTS: dict[str, Format] = {file: fmt for fmt in FORMATS for file in fmt.files}


class FormatError(Exception):
    """Generated files failed their own checks; `problems` holds every (file, message)."""

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(f"{file}: {message}" for file, message in self.problems))


def render_all(settings: Settings, doc_urls: dict[str, str] | None = None) -> dict[str, bytes]:
    """Output path -> bytes for every format; `doc_urls` maps a format name to its help page."""
    doc_urls = doc_urls or {}
    names = {fmt.name for fmt in FORMATS}
    problems = [
        ("doc_urls", f"expected a format name one of {sorted(names)} but received {k!r}")
        for k in sorted(doc_urls)
        if k not in names
    ]
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        try:
            data = fmt.render(settings, doc_url=doc_urls.get(fmt.name))
        except ValueError as exc:
            problems += [(file, str(exc)) for file in fmt.files]
            continue
        found = fmt.validate(data)
        for file in fmt.files:
            problems += [(file, message) for message in found]
            files[file] = data
    if problems:
        raise FormatError(problems)
    return dict(sorted(files.items()))
