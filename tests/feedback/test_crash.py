"""A receiver killed with SIGKILL under load loses no vote it acknowledged."""

from __future__ import annotations

import json
from pathlib import Path

from kb.feedback.bench import BENCH_MANIFEST, kill_round


def test_every_acknowledged_vote_survives_sigkill(db_url: str, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(BENCH_MANIFEST), "utf-8")
    acked = lost = 0
    for n in range(3):
        round_acked, round_lost = kill_round(manifest, db_url, n * 10**7)
        acked, lost = acked + round_acked, lost + round_lost
    assert acked > 100  # the receiver was under load when it was killed
    assert lost == 0
