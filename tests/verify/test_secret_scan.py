"""scripts/secret_scan.py finds a password in every encoding it leaks in, and never prints it."""

from __future__ import annotations

import base64
import html
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

SCANNER = Path(__file__).resolve().parents[2] / "scripts" / "secret_scan.py"
# A throwaway value for these tests only, with characters every encoding changes.
PLANTED = 'Tr0ub4dor&3 "x" <y> é/ü+?=%'
SECRET_ENVS = ("KB_SCAN_SECRET", "KB_MAILBOX_PASSWORD")
USERS = ("a@ik.me", "ab@ik.me", "abc@ik.me")  # three lengths: the three base64 alignments


def encodings() -> dict[str, bytes]:
    raw = PLANTED.encode()
    forms = {
        "literal": raw,
        "base64": base64.b64encode(raw),
        "url": urllib.parse.quote(PLANTED, safe="").encode(),
        "url-plus": urllib.parse.quote_plus(PLANTED).encode(),
        "json": json.dumps({"password": PLANTED}).encode(),
        "json-unicode": json.dumps({"password": PLANTED}, ensure_ascii=False).encode(),
        "html": html.escape(PLANTED).encode(),
    }
    for user in USERS:
        forms[f"auth-plain-{len(user)}"] = b"AUTH PLAIN " + base64.b64encode(
            f"\0{user}\0{PLANTED}".encode()
        )
        forms[f"user-nul-pass-{len(user)}"] = base64.b64encode(f"{user}\0{PLANTED}".encode())
    return forms


def scan(*paths: Path, secret_env: str = "KB_SCAN_SECRET") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENVS}
    env[secret_env] = PLANTED
    return subprocess.run(
        [sys.executable, str(SCANNER), *map(str, paths)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_finds_every_encoding(tmp_path: Path) -> None:
    for name, data in encodings().items():
        (tmp_path / f"{name}.log").write_bytes(b"before " + data + b" after\n")
    done = scan(tmp_path)
    assert done.returncode == 1
    counts = {}
    for line in done.stdout.splitlines()[:-1]:
        count, path = line.split()[:2]
        counts[Path(path).stem] = int(count)
    missed = sorted(name for name in encodings() if counts.get(name, 0) < 1)
    assert missed == []


@pytest.mark.parametrize("secret_env", ["KB_SCAN_SECRET", "KB_MAILBOX_PASSWORD"])
def test_clean_file_reports_zero(tmp_path: Path, secret_env: str) -> None:
    clean = tmp_path / "junit.xml"
    clean.write_text('<testsuite name="kb"><testcase name="logs-in"/></testsuite>\n')
    done = scan(clean, secret_env=secret_env)
    assert done.returncode == 0
    assert done.stdout.splitlines()[0].split() == ["0", str(clean)]


def test_never_prints_the_secret(tmp_path: Path) -> None:
    for name, data in encodings().items():
        (tmp_path / f"{name}.txt").write_bytes(data)
    done = scan(tmp_path)
    printed = (done.stdout + done.stderr).encode()
    shown = sorted(name for name, data in encodings().items() if data in printed)
    assert shown == []
    assert PLANTED.encode() not in printed


def test_without_a_secret_it_refuses(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENVS}
    done = subprocess.run(
        [sys.executable, str(SCANNER), str(tmp_path)], env=env, capture_output=True, check=False
    )
    assert done.returncode == 2
