"""Search works in `kb preview` (Chromium): it finds a page, and after an edit its new title."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from kb.bench.synth import Synth
from previewing import Running, edit

pytestmark = pytest.mark.browser


def search(page: Page, query: str) -> None:
    """Material's search box; it listens to key-up, so the query is typed key by key."""
    box = page.get_by_role("textbox", name="Search")
    box.click()
    box.press_sequentially(query)


def first_result(page: Page) -> str:
    results = page.get_by_role("search").get_by_role("link")
    expect(results.first).to_be_visible()
    return results.first.inner_text()


def test_search_finds_a_page_and_then_its_edited_title(
    page: Page, preview: Running, synth: Synth
) -> None:
    title = next(
        line.split(": ", 1)[1]
        for line in synth.edit_page.read_text("utf-8").splitlines()
        if line.startswith("title: ")
    )
    page.goto(preview.url)
    search(page, title)
    assert title in first_result(page)

    edit(synth.edit_page, "\ntitle: ", "\ntitle: Zanzibar ")
    preview.until(
        "search/search_index.json",
        lambda status, body: (
            status == 200
            and any(d["title"] == f"Zanzibar {title}" for d in json.loads(body)["docs"])
        ),
        "the new title in the search index",
    )
    page.goto(preview.url)
    search(page, "Zanzibar")
    assert f"Zanzibar {title}" in first_result(page)
