"""The search box answers as the query set expects: typed key by key in Chromium, read off the
result list (the harness of `kb bench --search`, which measures the whole query set)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from kb.bench.search import QUERIES, TOP, load_queries, open_search, search

UPDATE_PASSWORD = {2556, 2603, 2606, 2609, 2612}


@pytest.fixture
def search_page(page: Page, site_url: str) -> Page:
    open_search(page, site_url)
    return page


@pytest.mark.browser
def test_one_result_per_faq(search_page: Page) -> None:
    """Searching "password" lists each guide once: a one-platform page is not a hit of its own."""
    found = search(search_page, "password")
    ids = [i for i in found if i is not None]
    assert len(ids) == len(set(ids)), found
    assert UPDATE_PASSWORD <= set(ids), found


@pytest.mark.browser
def test_a_device_and_a_synonym_find_the_guide(search_page: Page) -> None:
    """Neither "change" nor "iphone" is in the title: the guide's keywords make it the answer."""
    assert 2556 in search(search_page, "change password iphone")[:TOP]


@pytest.mark.browser
def test_a_one_letter_typo_still_finds_the_guide(search_page: Page) -> None:
    assert 2556 in search(search_page, "pasword iphone")[:TOP]
    assert search(search_page, "thunderbrid setup")[0] == 2605
    # What the reader typed stays in the box; the keywords never show in the results.
    expect(search_page.get_by_role("textbox", name="Search")).to_have_value("thunderbrid setup")
    expect(search_page.locator(".md-search-result .md-tags").first).to_be_hidden()


@pytest.mark.browser
def test_a_corrected_typo_is_not_listed_as_missing(search_page: Page) -> None:
    """Material lists under a result the query words its page lacks ("Missing: ..."). A word the
    page has with one edit is not missing: "pasword" shows what "password" shows; a word it lacks
    even with one edit ("xyzzyq") still is, typo beside it or not."""
    guide = search_page.locator(".md-search-result__item").first.locator("a").first
    missing = guide.locator(".md-search-result__terms")
    for query in ("password", "pasword"):
        assert search(search_page, query)[0] == 2556
        expect(missing).to_have_count(0)
    for query in ("password xyzzyq", "pasword xyzzyq"):
        assert search(search_page, query)[0] == 2556
        expect(missing).to_have_text("Missing: xyzzyq")


def test_the_query_set_is_large_enough_and_names_real_faqs() -> None:
    from kb.bench.measure import PROJECT
    from kb.build import build

    queries = load_queries(QUERIES)
    assert len(queries) >= 40
    kb, _ = build(PROJECT / "steps")
    faq_ids = {page.faq_id for page in kb.pages.values()}
    assert {q.faq for q in queries} <= faq_ids
