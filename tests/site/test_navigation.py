"""A help centre's navigation: breadcrumbs, related guides from the model, and a home page that
starts with search, then every app, the common tasks and counts that match the KB."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from faqs import faqs
from kbmodel import knowledge_base
from pages import FaqPage, Watch

SEED_ID = 2556


def _seed_url(one_platform: bool) -> str:
    urls = [f.url for f in faqs() if f.faq_id == SEED_ID]
    return urls[-1] if one_platform else urls[0]


def _crumbs(page: Page) -> list[str]:
    nav = page.get_by_role("navigation", name="Breadcrumbs")
    return [t.strip() for t in nav.get_by_role("link").all_inner_texts()]


@pytest.mark.browser
def test_a_guide_shows_breadcrumbs_that_lead_back(page: Page, faq_page: FaqPage) -> None:
    kb = knowledge_base()
    seed = next(p for p in kb.pages.values() if p.faq_id == SEED_ID)
    category = kb.categories[seed.category].title
    faq_page.open(_seed_url(one_platform=False))
    assert _crumbs(page) == ["Home", category]
    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name=category).click()
    expect(faq_page.title).to_have_text(re.compile(rf"^{re.escape(category)}"))


@pytest.mark.browser
def test_guides_with_one_platform_pages_show_breadcrumbs_up_to_their_guide(
    page: Page, faq_page: FaqPage
) -> None:
    kb = knowledge_base()
    checked = []
    for faq in faqs():
        guide = next(p for p in kb.pages.values() if p.faq_id == faq.faq_id)
        if len(faq.tabs) == 1 and len(guide.platforms) > 1:
            faq_page.open(faq.url)
            assert _crumbs(page) == ["Home", kb.categories[guide.category].title, guide.title]
            checked.append(guide)
    assert checked, "the KB has no one-platform pages any more"
    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link").last.click()
    expect(faq_page.title).to_have_text(re.compile(rf"^{re.escape(checked[-1].title)}"))
    expect(page.get_by_role("radio")).to_have_count(len(checked[-1].platforms))


@pytest.mark.browser
def test_a_guide_ends_with_related_guides_from_the_model(
    page: Page, faq_page: FaqPage, watch: Watch
) -> None:
    kb = knowledge_base()
    seed = next(p for p in kb.pages.values() if p.faq_id == SEED_ID)
    same_task = {p.title for p in kb.pages.values() if p.task == seed.task and p != seed}
    same_app = {
        p.title
        for p in kb.pages.values()
        if p.task and p.task != seed.task and set(p.platforms) & set(seed.platforms)
    }
    assert same_task and same_app, "the KB no longer has related guides for the seed"
    faq_page.open(_seed_url(one_platform=False))
    related = page.get_by_role("heading", level=2, name=re.compile("^Related guides"))
    expect(related).to_be_visible()
    lists = related.locator("xpath=following-sibling::ul")
    expect(lists).to_have_count(2)
    assert set(lists.nth(0).get_by_role("link").all_inner_texts()) == same_task
    assert set(lists.nth(1).get_by_role("link").all_inner_texts()) == same_app
    first = lists.nth(0).get_by_role("link").first
    title = first.inner_text()
    first.click()
    expect(faq_page.title).to_have_text(re.compile(rf"^{re.escape(title)}"))
    watch.assert_clean("related guides")


@pytest.mark.browser
def test_home_starts_with_search_then_every_app_the_tasks_and_true_counts(
    page: Page, faq_page: FaqPage, watch: Watch
) -> None:
    kb = knowledge_base()
    faq_page.open("")
    article = faq_page.article
    # The first control after the title (and its permalink sign).
    controls = article.locator(":is(a, button, input, select, textarea):not(.headerlink)")
    first = controls.filter(visible=True).first
    expect(first).to_have_text("Search the help centre")
    counts = article.get_by_text(re.compile(r"\d+ FAQs")).inner_text()
    assert re.findall(r"(\d+) (FAQs|apps|tasks)", counts) == [
        (str(len(kb.pages)), "FAQs"),
        (str(len(kb.platforms)), "apps"),
        (str(len(kb.tasks)), "tasks"),
    ]
    apps = page.get_by_role("heading", level=2, name=re.compile("^Find your app"))
    app_links = apps.locator("xpath=following-sibling::div[1]").get_by_role("link")
    assert sorted(app_links.all_inner_texts()) == sorted(p.name for p in kb.platforms.values())
    tasks = page.get_by_role("heading", level=2, name=re.compile("^Common tasks"))
    task_links = tasks.locator("xpath=following-sibling::ul[1]").get_by_role("link")
    assert sorted(task_links.all_inner_texts()) == sorted(t.title for t in kb.tasks.values())

    first.click()
    expect(faq_page.search.box).to_be_focused()
    page.keyboard.press("Escape")

    # Every app's page lists each of its guides; the first one opens on that app's steps.
    platform = kb.platforms["outlook-ios"]
    app_links.filter(has_text=platform.name).click()
    expect(faq_page.title).to_have_text(re.compile(rf"^{re.escape(platform.name)}"))
    guides = article.get_by_role("list").get_by_role("link")
    expected = [p for p in kb.pages.values() if "outlook-ios" in p.platforms]
    expect(guides).to_have_count(len(expected))
    guides.first.click()
    expect(faq_page.platform_heading(platform.name)).to_be_visible()
    watch.assert_clean("home page journey")
