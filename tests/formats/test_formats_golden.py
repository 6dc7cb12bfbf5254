"""Every generated file is pinned by a golden copy and is byte-identical between runs.

Regenerate after an intended change with `KB_UPDATE_GOLDEN=1 pytest tests/formats`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb.formats import OUTPUTS, render_all

UPDATE = os.environ.get("KB_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("file", sorted(OUTPUTS))
def test_output_matches_golden(settings, doc_urls, golden, file):
    data = render_all(settings, doc_urls)[file]
    golden = golden / file
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert golden.exists(), f"no golden file {golden}; run with KB_UPDATE_GOLDEN=1"
    assert data == golden.read_bytes(), f"{file} changed; review, then KB_UPDATE_GOLDEN=1"


def test_two_renders_are_byte_identical(load_settings, doc_urls):
    path = Path(__file__).resolve().parents[2] / "steps" / "settings.yml"
    first = render_all(load_settings(path), doc_urls)
    second = render_all(load_settings(path), doc_urls)
    assert first == second


def test_every_output_file_is_rendered(settings, doc_urls):
    assert sorted(render_all(settings, doc_urls)) == [
        ".well-known/autoconfig/mail/config-v1.1.xml",
        "autodiscover/autodiscover.xml",
        "dns/srv.zone.txt",
        "downloads/infomaniak-mail.mobileconfig",
        "mail/config-v1.1.xml",
        "settings.json",
    ]


def test_both_autoconfig_locations_serve_the_same_file(settings):
    files = render_all(settings)
    assert files[".well-known/autoconfig/mail/config-v1.1.xml"] == files["mail/config-v1.1.xml"]


def test_no_golden_file_is_left_over(golden):
    on_disk = {p.relative_to(golden).as_posix() for p in golden.rglob("*") if p.is_file()}
    assert on_disk == set(OUTPUTS)
