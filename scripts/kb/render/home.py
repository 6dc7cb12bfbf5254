"""Model -> the pages a reader starts from: the home page, one page per app (platform) and one
per task, each listing the guides that apply, with counts computed from the KB."""

from __future__ import annotations

import posixpath
from typing import Any

from kb.i18n.ui import UI, Words, fill
from kb.model import KnowledgeBase, Page
from kb.render.markdown import Markdown, heading
from kb.render.pages import page_path, platform_path
from kb.render.text import escape, relative, theme_text, ui_md, url_link

APPS = "apps/index.md"
TASKS = "tasks/index.md"


def app_path(platform: str) -> str:
    return f"apps/{platform}/index.md"


def task_path(task: str) -> str:
    return f"tasks/{task}/index.md"


def _plural(words: Words, count: int, word: str) -> str:
    """`{count} guide(s)` in the page's language: UI words `<word>-one` and `<word>-many`."""
    return ui_md(words, f"{word}-one" if count == 1 else f"{word}-many", count=str(count))


def guides_for_app(kb: KnowledgeBase, platform: str, words: Words = UI) -> list[tuple[str, str]]:
    """(title, path) of each guide for `platform`, its one-platform page where there is one."""
    found = []
    for page in kb.pages.values():
        if platform in page.platforms:
            if page.per_platform and len(page.platforms) > 1:
                title = heading(kb, page, (platform,), words)
                found.append((title, platform_path(page, platform)))
            else:
                found.append((page.title, page_path(page)))
    return sorted(found, key=lambda f: (f[0].casefold(), f[1]))


def guides_for_task(kb: KnowledgeBase, task: str) -> list[Page]:
    pages = [p for p in kb.pages.values() if p.task == task]
    return sorted(pages, key=lambda p: (p.title.casefold(), p.faq_id))


def _platforms(kb: KnowledgeBase) -> list[str]:
    return sorted(kb.platforms, key=lambda k: (kb.platforms[k].name.casefold(), k))


def _tasks(kb: KnowledgeBase) -> list[str]:
    """Tasks with the most guides first: the ones most readers come for."""
    return sorted(kb.tasks, key=lambda k: (-len(guides_for_task(kb, k)), kb.tasks[k].title))


def _list(title: str, summary: str, entries: list[tuple[str, str]], here: str) -> Markdown:
    lines = [f"# {escape(title)}", "", escape(summary), ""]
    folder = posixpath.dirname(here)
    lines += [f"- {url_link(label, relative(path, folder))}" for label, path in entries]
    meta = {"title": theme_text(title), "description": theme_text(summary)}
    return Markdown(meta, "\n".join(lines) + "\n")


def app_page(kb: KnowledgeBase, platform: str, words: Words) -> Markdown:
    p = kb.platforms[platform]
    summary = fill(words, "app-summary", client=p.client, os=p.os)
    return _list(p.name, summary, guides_for_app(kb, platform, words), app_path(platform))


def task_page(kb: KnowledgeBase, task: str) -> Markdown:
    t = kb.tasks[task]
    entries = [(p.title, page_path(p)) for p in guides_for_task(kb, task)]
    return _list(t.title, t.summary, entries, task_path(task))


def apps_page(kb: KnowledgeBase, words: Words) -> Markdown:
    entries = [(kb.platforms[k].name, app_path(k)) for k in _platforms(kb)]
    return _list(words["find-your-app"], words["apps-summary"], entries, APPS)


def tasks_page(kb: KnowledgeBase, words: Words) -> Markdown:
    entries = [(kb.tasks[k].title, task_path(k)) for k in _tasks(kb)]
    return _list(words["common-tasks"], words["tasks-summary"], entries, TASKS)


def reader_pages(kb: KnowledgeBase, words: Words = UI) -> tuple[dict[str, Markdown], list[Any]]:
    """The app and task pages, and their navigation sections, in the language of `words`."""
    pages = {APPS: apps_page(kb, words), TASKS: tasks_page(kb, words)}
    apps: list[Any] = [APPS]
    for key in _platforms(kb):
        pages[app_path(key)] = app_page(kb, key, words)
        apps.append({theme_text(kb.platforms[key].name): app_path(key)})
    tasks: list[Any] = [TASKS]
    for key in _tasks(kb):
        pages[task_path(key)] = task_page(kb, key)
        tasks.append({theme_text(kb.tasks[key].title): task_path(key)})
    return pages, [{theme_text(words["nav/apps"]): apps}, {theme_text(words["nav/tasks"]): tasks}]


def home(kb: KnowledgeBase, by_category: dict[str, list[Page]], words: Words = UI) -> Markdown:
    """Search first, then every app, the common tasks and the topics, with counts from the KB."""
    w = words
    counts = " · ".join(
        [
            _plural(w, len(kb.pages), "faqs"),
            _plural(w, len(kb.platforms), "apps"),
            _plural(w, len(kb.tasks), "tasks"),
        ]
    )
    search = escape(w["search-open"])
    lines = [
        f"# {ui_md(w, 'home-title')}",
        "",
        '<p class="kb-search-entry"><button type="button" class="md-button md-button--primary '
        f'kb-search-open" hidden>{search}</button></p>',
        "",
        f'<p class="kb-counts">{ui_md(w, "home-counts", counts=counts)}</p>',
        "",
        f"## {ui_md(w, 'find-your-app')}",
        "",
        '<div class="grid cards kb-apps" markdown>',
        "",
    ]
    for key in _platforms(kb):
        count = len(guides_for_app(kb, key, w))
        name = kb.platforms[key].name
        lines.append(f"- {url_link(name, app_path(key))} ({_plural(w, count, 'guides')})")
    lines += ["", "</div>", "", f"## {ui_md(w, 'common-tasks')}", ""]
    for key in _tasks(kb):
        task = kb.tasks[key]
        count = len(guides_for_task(kb, key))
        link = url_link(task.title, task_path(key))
        lines.append(f"- {link}: {escape(task.summary)} ({_plural(w, count, 'guides')})")
    lines += ["", f"## {ui_md(w, 'browse-by-topic')}", ""]
    for key, pages in by_category.items():
        cat = kb.categories[key]
        link = url_link(cat.title, f"categories/{key}/index.md")
        lines.append(f"- {link}: {escape(cat.summary)} ({_plural(w, len(pages), 'guides')})")
    meta = {
        "title": theme_text(w["home-page-title"]),
        "description": theme_text(fill(w, "home-description", provider=kb.settings.provider.name)),
        "hide": ["navigation", "toc"],
    }
    return Markdown(meta, "\n".join(lines) + "\n")
