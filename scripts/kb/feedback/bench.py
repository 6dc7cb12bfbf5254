"""`kb feedback bench`: votes per second one receiver process accepts with SQLite, its p99 answer
time, and how many acknowledged votes are lost when the receiver is killed with SIGKILL under load.

Load comes from `wrk` (Debian's package) on loopback; the kill rounds use a few client threads that
remember every vote the server acknowledged and then look for each one in the database.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kb.feedback.store import open_store

VOTE = {"faq_id": 1, "platform": "bench", "lang": "en", "helpful": False, "step": "s2"}
BENCH_MANIFEST = {"languages": ["en"], "faqs": {"1": {"bench": ["s1", "s2", "s3"]}}}
_LUA = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '%s'
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_receiver(manifest: Path, db: str) -> tuple[subprocess.Popen, int]:
    """`kb feedback serve` in a child process, with no flood limit, once it accepts connections."""
    port = _free_port()
    cmd = [sys.executable, "-m", "kb", "feedback", "serve", "--db", db,
           "--manifest", str(manifest), "--port", str(port), "--limit", "0"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the receiver exited: {proc.stderr.read().decode()[-500:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the receiver did not listen within 20 s")


def _load(port: int, seconds: float, work: Path) -> dict[str, float]:
    body = json.dumps({**VOTE, "content_version": "0123abcd", "comment": "bench"})
    script = work / "post.lua"
    script.write_text(_LUA % body, "utf-8")
    cmd = ["wrk", "-t1", "-c16", f"-d{seconds:g}s", "--latency", "-s", str(script),
           f"http://127.0.0.1:{port}/api/feedback"]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return {
        "acknowledged": total - (int(bad.group(1)) if bad else 0),
        "votes_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99_ms": float(p99.group(1)) * scale,
    }


def kill_round(manifest: Path, db: str, start: int) -> tuple[int, int]:
    """Votes acknowledged by a receiver killed with SIGKILL under load from four clients, and
    how many of those are not in the database. The manifest must hold FAQ 1, tab `bench`,
    step `s2`; `start` makes this round's votes distinct from earlier rounds'."""
    proc, port = start_receiver(manifest, db)
    acked: list[str] = []
    stop = threading.Event()
    counter = iter(range(start, start + 10_000_000))
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        while not stop.is_set():
            with lock:
                version = f"{next(counter):016x}"
            body = json.dumps({**VOTE, "content_version": version})
            try:
                conn.request("POST", "/api/feedback", body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                return  # the receiver was killed: whatever was not answered was not promised
            if response.status == 201:
                acked.append(version)

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(random.uniform(0.3, 1.0))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    store = open_store(db)
    stored = {vote.content_version for vote, _ in store.votes()}
    store.close()
    return len(acked), len(set(acked) - stored)


def main(args: argparse.Namespace) -> int:
    if shutil.which("wrk") is None:
        print("kb feedback bench needs wrk: apt-get install wrk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kbfb-") as tmp:
        work = Path(tmp)
        (work / "manifest.json").write_text(json.dumps(BENCH_MANIFEST), "utf-8")
        db = work / "load.sqlite3"
        proc, port = start_receiver(work / "manifest.json", str(db))
        try:
            load = _load(port, args.seconds, work)
        finally:
            proc.terminate()
            proc.wait()
        store = open_store(str(db))
        load["stored"] = len(store.votes())
        store.close()
        kills, lost, acked = args.kills, 0, 0
        kill_db = work / "kill.sqlite3"
        for n in range(kills):
            round_acked, round_lost = kill_round(work / "manifest.json", str(kill_db), n * 10**7)
            acked, lost = acked + round_acked, lost + round_lost
    print(
        f"one receiver process, SQLite, {os.cpu_count()} cores, wrk -c16 for {args.seconds:g} s:\n"
        f"  {load['votes_per_s']:.0f} votes/s accepted (target >= 2000), "
        f"p99 answer {load['p99_ms']:.1f} ms (target < 50)\n"
        f"  acknowledged {load['acknowledged']}, stored {load['stored']}\n"
        f"{kills} SIGKILLs under load: {acked} votes acknowledged, {lost} lost (target 0)"
    )
    ok = load["votes_per_s"] >= 2000 and load["p99_ms"] < 50 and lost == 0
    ok = ok and load["stored"] >= load["acknowledged"]
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1
