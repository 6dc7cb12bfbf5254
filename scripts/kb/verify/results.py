"""The results file: each unique profile's verdict with its pages and sources, never a password.

`kb build` reads it (`kb.build.read_stamp`) to print "Settings verified on DATE" on the pages
whose every profile passed in a mailbox run.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from kb.verify.collect import Collection
from kb.verify.report import explain
from kb.verify.run import Outcome, passed


def results(
    collection: Collection, outcomes: list[Outcome], mode: str, date: str
) -> dict[str, Any]:
    """The results file: what `kb.build.read_stamp` reads, plus the evidence per profile."""
    verdicts = {id(o): explain(o) for o in outcomes if not o.result.ok}
    profiles = []
    for o in outcomes:
        c, r, t = o.target.connection, o.result, o.target
        entry: dict[str, Any] = {
            "protocol": c.protocol,
            "host": c.host,
            "port": c.port,
            "security": c.security,
            "authentication": c.authentication,
            "username": c.username,
            "ok": r.ok,
            "kind": r.kind,
            "detail": r.detail,
            "seconds": round(r.seconds, 3),
            "pages": sorted(t.pages),
            "sources": sorted(t.sources),
            "settings": [f"profiles.{k}" for k in sorted(t.profiles)],
        }
        if id(o) in verdicts:
            entry["field"] = verdicts[id(o)].field
            entry["message"] = verdicts[id(o)].message
        profiles.append(entry)
    verdict = {o.target.connection: o.result.ok for o in outcomes}
    return {
        "passed": passed(collection, outcomes),
        "mode": mode,
        "date": date,
        "pages": len(collection.kb.pages),
        "profiles": profiles,
        "formats": {
            file: {
                "ok": all(verdict[c] for _, c in entries),
                "profiles": [label for label, _ in entries],
            }
            for file, entries in sorted(collection.files.items())
        },
        "format_problems": [f"{file}: {m}" for file, m in collection.format_problems],
    }


def write_results(path: Path, data: dict[str, Any]) -> None:
    """Write the results file whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, sort_keys=True)
        out.write("\n")
    os.replace(tmp, path)
