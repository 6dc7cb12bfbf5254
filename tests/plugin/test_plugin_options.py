"""The `kb` plugin's options as a site owner writes them in `mkdocs.yml`: a wrong value stops the
build naming the option, the feedback endpoint reaches the form and the policy, and the policy
can be turned off."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from kbfixtures import BASE, ROOT

GUIDE = "faq/2556/update-the-email-password-on-apple-mail-macos-ios/index.html"


def build(tmp_path: Path, options: dict) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project's config over the base KB, with `options` for `kb`."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config.pop("watch")
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["plugins"] = ["search", {"kb": {"steps": str(BASE), **options}}]
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_VERIFY_RESULTS": "/nonexistent"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(path)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)


def policy_of(html: str) -> str | None:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    return found[1] if found else None


def test_a_wrong_option_value_stops_the_build_naming_the_option(tmp_path: Path) -> None:
    done = build(tmp_path, {"csp": "yes"})
    assert done.returncode == 1
    assert "Plugin 'kb' option 'csp': Expected type: <class 'bool'>" in done.stderr
    assert not (tmp_path / "site").exists()


def test_the_feedback_endpoint_reaches_the_form_and_the_policy(tmp_path: Path) -> None:
    done = build(tmp_path, {"feedback_endpoint": "https://votes.example.org/api/feedback"})
    assert done.returncode == 0, done.stderr[-3000:]
    guide = (tmp_path / "site" / GUIDE).read_text("utf-8")
    assert 'data-endpoint="https://votes.example.org/api/feedback"' in guide
    assert "connect-src 'self' https://votes.example.org;" in policy_of(guide)


def test_the_policy_is_on_every_page_unless_turned_off(tmp_path: Path) -> None:
    for name, options in (("on", {}), ("off", {"csp": False})):
        (tmp_path / name).mkdir()
        done = build(tmp_path / name, options)
        assert done.returncode == 0, done.stderr[-3000:]
    for page in (GUIDE, "index.html", "404.html"):
        assert policy_of((tmp_path / "on" / "site" / page).read_text("utf-8")), page
        assert policy_of((tmp_path / "off" / "site" / page).read_text("utf-8")) is None, page
