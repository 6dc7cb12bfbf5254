"""Shared test set-up: the mailbox fixture plugin and the sources every suite reads."""

from __future__ import annotations

pytest_plugins = ["fixtures_mailbox", "fixtures_postgres"]
