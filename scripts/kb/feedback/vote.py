"""One reader's vote: parsed from the widget's JSON and checked against the published site."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from kb.feedback.manifest import Manifest

MAX_BODY = 4096  # bytes: a vote with the longest comment is well under this
MAX_COMMENT = 1000  # characters a reader may write after "No"
_VERSION = re.compile(r"[0-9a-f]{8,64}")
_FIELDS = {"faq_id", "platform", "lang", "content_version", "helpful", "step", "comment"}


class VoteError(ValueError):
    """A refused vote: `field` names what was wrong; `status` is the HTTP answer."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.status = field, message, status


@dataclass(frozen=True)
class Vote:
    faq_id: int
    platform: str
    lang: str
    content_version: str
    helpful: bool
    step: str | None = None
    comment: str | None = None


def parse_vote(body: bytes, manifest: Manifest) -> Vote:
    """The vote in `body`, or VoteError naming the first field that is wrong."""
    if len(body) > MAX_BODY:
        raise VoteError("body", f"expected at most {MAX_BODY} bytes", 413)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise VoteError("body", "expected a JSON object") from None
    if not isinstance(data, dict):
        raise VoteError("body", "expected a JSON object")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise VoteError(unknown[0], "unknown field")
    faq_id = _typed(data, "faq_id", int)
    faq = manifest.faqs.get(faq_id)
    if faq is None:
        raise VoteError("faq_id", "no FAQ with this id is published")
    platform = _typed(data, "platform", str)
    if platform not in faq:
        raise VoteError("platform", f"FAQ {faq_id} has no tab {platform!r}")
    lang = _typed(data, "lang", str)
    if lang not in manifest.languages:
        raise VoteError("lang", f"expected one of {', '.join(manifest.languages)}")
    version = _typed(data, "content_version", str)
    if not _VERSION.fullmatch(version):
        raise VoteError("content_version", "expected 8 to 64 lowercase hexadecimal digits")
    helpful = _typed(data, "helpful", bool)
    step = _optional(data, "step", str)
    comment = _optional(data, "comment", str)
    if helpful and (step is not None or comment is not None):
        raise VoteError("step" if step is not None else "comment", "only asked after 'No'")
    if step is not None and step not in faq[platform]:
        raise VoteError("step", f"the {platform} tab of FAQ {faq_id} has no step {step!r}")
    return Vote(faq_id, platform, lang, version, helpful, step, _comment(comment))


def _typed(data: dict[str, Any], name: str, kind: type) -> Any:
    if name not in data:
        raise VoteError(name, "missing")
    value = data[name]
    # bool is an int in Python: a JSON true is not a FAQ id, and 1 is not "helpful".
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise VoteError(name, f"expected {kind.__name__ if kind is not bool else 'true or false'}")
    return value


def _optional(data: dict[str, Any], name: str, kind: type) -> Any:
    return None if data.get(name) in (None, "") else _typed(data, name, kind)


def _comment(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    if len(text) > MAX_COMMENT:
        raise VoteError("comment", f"expected at most {MAX_COMMENT} characters")
    for char in text:
        if char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
            raise VoteError("comment", f"control or invisible character U+{ord(char):04X}")
    return text or None
