"""What the receiver accepts: the published FAQ ids, their tabs and step ids, and the languages.

The build writes it as `feedback-manifest.json` beside the site; `kb feedback serve` reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kb.model import KnowledgeBase

FILE_NAME = "feedback-manifest.json"


@dataclass(frozen=True)
class Manifest:
    faqs: dict[int, dict[str, tuple[str, ...]]]  # FAQ id -> platform key -> step ids in order
    languages: tuple[str, ...]


def manifest_of(kb: KnowledgeBase, languages: tuple[str, ...] = ("en",)) -> Manifest:
    """Every guide's tabs and steps, as the reader sees them on the published site."""
    faqs: dict[int, dict[str, tuple[str, ...]]] = {}
    for page in kb.pages.values():
        tabs = {}
        for platform in page.platforms:
            procedure = kb.procedure(platform, page.task or "")
            tabs[platform] = tuple(step.id for step in procedure.steps)
        faqs[page.faq_id] = tabs
    return Manifest(faqs, languages)


def to_json(manifest: Manifest) -> str:
    data = {
        "languages": list(manifest.languages),
        "faqs": {
            str(faq): {tab: list(steps) for tab, steps in sorted(tabs.items())}
            for faq, tabs in sorted(manifest.faqs.items())
        },
    }
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def read_manifest(path: Path) -> Manifest:
    """The manifest at `path`; ValueError with a clear message when it is not one."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ValueError(f"{path}: cannot read the feedback manifest ({err.strerror})") from None
    return parse_manifest(data, str(path))


def parse_manifest(data: bytes, where: str) -> Manifest:
    try:
        raw = json.loads(data)
        faqs = {
            int(faq): {str(tab): tuple(map(str, steps)) for tab, steps in tabs.items()}
            for faq, tabs in raw["faqs"].items()
        }
        return Manifest(faqs, tuple(map(str, raw["languages"])))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ValueError(f"{where}: not a feedback manifest written by the build") from None
