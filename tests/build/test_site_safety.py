"""Built-site checks without a browser: editor text stays text; output is swapped atomically."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kbfixtures import ROOT, copy_kb, mkdocs_build

PAYLOADS = [
    "<script>alert('x1')</script>",
    "<img src=x onerror=alert('x2')>",
    "Tap { onclick=\"alert('x3')\" } now",
    "[x4](javascript:alert('x4'))",
    "<a href=\"javascript:alert('x5')\">x5</a>",
    "</textarea><svg onload=alert('x6')>",
]
PROC = "procedures/ios-mail/update-password.yml"


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("injected")
    steps = copy_kb(project)
    proc = steps / PROC
    text = proc.read_text("utf-8")
    for n, payload in enumerate(PAYLOADS):
        quoted = payload.replace("'", "''")
        text = text.replace(
            "  - id: smtp-activated\n",
            f"  - id: payload-{n}\n    text: '{quoted}'\n  - id: smtp-activated\n",
            1,
        )
    proc.write_text(text, "utf-8")
    out = project / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    return out


def test_payloads_are_visible_as_text_and_inert(injected_site: Path) -> None:
    page = injected_site / "faq/2556/update-the-email-password-on-apple-mail-macos-ios/index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    text = soup.get_text(" ")
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in " ".join(text.split())
    for tag in soup.find_all(True):
        assert not any(attr.lower().startswith("on") for attr in tag.attrs), tag
        for attr in ("href", "src", "action", "formaction"):
            assert not str(tag.get(attr, "")).lower().startswith("javascript:"), tag
    assert soup.find("svg", attrs={"onload": True}) is None
    scripts = [s for s in soup.find_all("script") if "alert(" in (s.string or "")]
    assert scripts == []


def test_kb_site_failure_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    steps = copy_kb(tmp_path)
    out = tmp_path / "site"
    first = mkdocs_build(tmp_path, out)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (steps / PROC).write_text("steps: [\n", "utf-8")
    cmd = [
        sys.executable,
        "-m",
        "kb",
        "site",
        "--config",
        str(tmp_path / "mkdocs.yml"),
        "--out",
        str(out),
        "--site-url",
        "https://help.example.com/",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert "steps/procedures/ios-mail/update-password.yml:2:1" in result.stderr + result.stdout
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_generated_files_are_served_from_the_site(built_site: Path) -> None:
    for rel in (
        ".well-known/autoconfig/mail/config-v1.1.xml",
        "mail/config-v1.1.xml",
        "autodiscover/autodiscover.xml",
        "downloads/infomaniak-mail.mobileconfig",
        "settings.json",
        "llms.txt",
        "faq/2556/update-the-email-password-on-apple-mail-macos-ios/index.md",
    ):
        assert (built_site / rel).is_file(), rel
    assert (built_site / "faq/2556/index.html").read_text().count(
        "url=update-the-email-password-on-apple-mail-macos-ios/"
    ) == 1


def test_kb_check_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    steps = copy_kb(tmp_path)
    (steps / "tasks" / "add-account.yml").write_text("title: yes\nsummary: x\n", "utf-8")
    (steps / "platforms" / "thunderbird.yml").write_text("name: [\n", "utf-8")
    for fmt, prefix in (("text", "steps/"), ("github", "::error file=steps/")):
        result = subprocess.run(
            [sys.executable, "-m", "kb", "check", str(tmp_path), "--format", fmt],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert result.returncode == 1
        lines = result.stdout.splitlines()
        assert len(lines) == 2 and all(line.startswith(prefix) for line in lines)
