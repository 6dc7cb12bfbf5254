"""The publish build (`kb site`): every absolute URL comes from the address readers will use, a
loopback or missing address or a shallow clone is refused before anything is written, and the
sitemap lists each page at its canonical address only."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kb.build import build
from kb.render.pages import page_path
from kbfixtures import ROOT, copy_kb

PUBLIC = "https://help.example.com/"
# A URL naming this machine, written any way a page, XML, JSON or plist file could hold it.
LOOPBACK_URL = re.compile(
    rb"(?:[a-z]+:)?(?://|\\/\\/)(?:127(?:\.\d{1,3}){3}|localhost|\[::1\]|0\.0\.0\.0)"
    rb"|127\.0\.0\.1:\d+",
    re.I,
)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "KB_SITE_URL"}
    path = os.pathsep.join([str(ROOT / "scripts"), str(ROOT / "tests")])
    return {**env, "PYTHONPATH": path, "KB_VERIFY_RESULTS": "/nonexistent", **extra}


def kb_site(config: Path, out: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "kb", "site", "--config", str(config), "--out", str(out), *args]
    return subprocess.run(
        cmd, cwd=config.parent, env=_env(**env), capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    done = kb_site(ROOT / "mkdocs.yml", out, "--site-url", PUBLIC)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_a_site_published_for_its_address_names_no_loopback_address_in_any_file(
    published: Path,
) -> None:
    files = [p for p in published.rglob("*") if p.is_file()]
    assert len(files) > 100
    found = {
        p.relative_to(published).as_posix(): m.group().decode("latin-1")
        for p in files
        if (m := LOOPBACK_URL.search(p.read_bytes()))
    }
    assert found == {}
    # ... and the public address is where clients and readers need a full URL.
    reference = f"{PUBLIC}faq/2000/mail-ports-and-settings/"
    for rel in (
        "settings.json",
        "downloads/infomaniak-mail.mobileconfig",
        "mail/config-v1.1.xml",
        ".well-known/autoconfig/mail/config-v1.1.xml",
    ):
        assert reference in (published / rel).read_text("utf-8"), rel
    seed = published / "faq/2556/update-the-email-password-on-apple-mail-macos-ios/index.html"
    html = seed.read_text("utf-8")
    assert f'<a href="{PUBLIC}faq/2556/">{PUBLIC}faq/2556/</a>' in html  # "Link to this FAQ"
    canonical = f'<link rel="canonical" href="{PUBLIC}faq/2556/update-the-email-password'
    assert canonical in html


def test_the_sitemap_lists_every_page_at_its_canonical_address_only(published: Path) -> None:
    kb, site = build(ROOT / "steps", dates=False)
    expected = {f"{PUBLIC}{page_path(p).removesuffix('.md')}/" for p in kb.pages.values()}
    expected |= {PUBLIC} | {f"{PUBLIC}categories/{key}/" for key in kb.categories}
    # The reader's entry pages: every app, every task, and their two lists.
    expected |= {f"{PUBLIC}apps/", f"{PUBLIC}tasks/"}
    expected |= {f"{PUBLIC}apps/{key}/" for key in kb.platforms}
    expected |= {f"{PUBLIC}tasks/{key}/" for key in kb.tasks}
    listed = [e.text for e in ET.parse(published / "sitemap.xml").iter(f"{SITEMAP}loc")]
    assert sorted(listed) == sorted(expected)


@pytest.mark.parametrize(
    ("args", "env"),
    [
        ((), {}),
        (("--site-url", "http://127.0.0.1:8000/"), {}),
        (("--site-url", "http://localhost:8000"), {}),
        (("--site-url", "http://[::1]/help/"), {}),
        (("--site-url", "help.example.com"), {}),
        ((), {"KB_SITE_URL": "http://0.0.0.0:8000/"}),
    ],
    ids=["none", "127.0.0.1", "localhost", "ipv6-loopback", "no-scheme", "env-unspecified"],
)
def test_a_publish_build_for_no_or_a_loopback_address_stops_with_one_line_and_writes_nothing(
    args: tuple[str, ...], env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the site as published before\n", "utf-8")
    done = kb_site(ROOT / "mkdocs.yml", out, *args, **env)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kb site: "), done.stderr
    assert "site URL" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text("utf-8") == "the site as published before\n"


def test_a_loopback_site_url_in_the_config_is_refused_too(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    config.write_text(f"site_url: http://127.0.0.1:8000/\n{text}", "utf-8")
    done = kb_site(config, tmp_path / "site")
    assert done.returncode != 0
    assert "127.0.0.1" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "site").exists()


def _git(folder: Path, *args: str) -> None:
    ident = ["-c", "user.name=KB test", "-c", "user.email=kb@example.com"]
    subprocess.run(["git", *ident, *args], cwd=folder, check=True, capture_output=True)


def test_a_publish_build_in_a_shallow_clone_stops_before_writing(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    steps = copy_kb(origin)
    shutil.copy(ROOT / "mkdocs.yml", origin / "mkdocs.yml")
    _git(origin, "init", "-q")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "first")
    (steps / "pages" / "mail-ports-and-settings.yml").write_text(
        (steps / "pages" / "mail-ports-and-settings.yml").read_text("utf-8") + "\n", "utf-8"
    )
    _git(origin, "commit", "-qam", "second")
    _git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), "clone")
    clone = tmp_path / "clone"
    done = kb_site(clone / "mkdocs.yml", clone / "site", "--site-url", PUBLIC)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "shallow" in lines[0], done.stderr
    assert not (clone / "site").exists()
    assert not list(clone.glob(".site-*"))
