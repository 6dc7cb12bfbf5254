"""The knowledge base the site is built from, for tests that compare a page with the model."""

from __future__ import annotations

import functools

from kb.build import build
from kb.model import KnowledgeBase

from sitebuild import STEPS


@functools.cache
def knowledge_base() -> KnowledgeBase:
    return build(STEPS)[0]
