"""Flood control without keeping who voted: clients are known by a salted hash that rotates daily.

The raw address is hashed at once and never stored; the salt changes every UTC day, so a hash
from yesterday cannot be matched to today's. Counts live in memory, per receiver instance.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from datetime import UTC, datetime


class RateLimit:
    """At most `votes` per client within `window` seconds (0 votes: no limit)."""

    def __init__(self, votes: int, window: float = 600.0, secret: bytes | None = None) -> None:
        self.votes, self.window = votes, window
        self._secret = secret or secrets.token_bytes(32)
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._day = ""

    def client_key(self, address: str) -> str:
        """The day's salted hash of a client address (what the limiter keeps instead)."""
        day = datetime.now(UTC).strftime("%Y-%m-%d")
        salt = hmac.new(self._secret, day.encode(), hashlib.sha256).digest()
        return hashlib.sha256(salt + address.encode()).hexdigest()

    def allow(self, address: str, now: float | None = None) -> bool:
        if self.votes <= 0:
            return True
        now = time.monotonic() if now is None else now
        key = self.client_key(address)
        with self._lock:
            day = datetime.now(UTC).strftime("%Y-%m-%d")
            if day != self._day:  # yesterday's hashes can never match again
                self._seen.clear()
                self._day = day
            times = self._seen.setdefault(key, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.votes:
                return False
            times.append(now)
            return True
