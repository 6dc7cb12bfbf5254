"""Model -> the pages a reader starts from: the home page, one page per app (platform) and one
per task, each listing the guides that apply, with counts computed from the KB."""

from __future__ import annotations

import posixpath
from typing import Any

from kb.model import KnowledgeBase, Page
from kb.render.markdown import Markdown, heading
from kb.render.pages import page_path, platform_path
from kb.render.text import escape, relative, theme_text, url_link

APPS = "apps/index.md"
TASKS = "tasks/index.md"


def app_path(platform: str) -> str:
    return f"apps/{platform}/index.md"


def task_path(task: str) -> str:
    return f"tasks/{task}/index.md"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def guides_for_app(kb: KnowledgeBase, platform: str) -> list[tuple[str, str]]:
    """(title, path) of each guide for `platform`, its one-platform page where there is one."""
    found = []
    for page in kb.pages.values():
        if platform in page.platforms:
            if page.per_platform and len(page.platforms) > 1:
                found.append((heading(kb, page, (platform,)), platform_path(page, platform)))
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


def app_page(kb: KnowledgeBase, platform: str) -> Markdown:
    p = kb.platforms[platform]
    here = app_path(platform)
    return _list(p.name, f"Guides for {p.client} on {p.os}.", guides_for_app(kb, platform), here)


def task_page(kb: KnowledgeBase, task: str) -> Markdown:
    t = kb.tasks[task]
    entries = [(p.title, page_path(p)) for p in guides_for_task(kb, task)]
    return _list(t.title, t.summary, entries, task_path(task))


def apps_page(kb: KnowledgeBase) -> Markdown:
    entries = [(kb.platforms[k].name, app_path(k)) for k in _platforms(kb)]
    return _list("Find your app", "Every mail app and device with a guide.", entries, APPS)


def tasks_page(kb: KnowledgeBase) -> Markdown:
    entries = [(kb.tasks[k].title, task_path(k)) for k in _tasks(kb)]
    return _list("Common tasks", "What readers come to do, in every app.", entries, TASKS)


def reader_pages(kb: KnowledgeBase) -> tuple[dict[str, Markdown], list[Any]]:
    """The app and task pages, and their navigation sections."""
    pages = {APPS: apps_page(kb), TASKS: tasks_page(kb)}
    apps: list[Any] = [APPS]
    for key in _platforms(kb):
        pages[app_path(key)] = app_page(kb, key)
        apps.append({theme_text(kb.platforms[key].name): app_path(key)})
    tasks: list[Any] = [TASKS]
    for key in _tasks(kb):
        pages[task_path(key)] = task_page(kb, key)
        tasks.append({theme_text(kb.tasks[key].title): task_path(key)})
    return pages, [{"Apps": apps}, {"Tasks": tasks}]


def home(kb: KnowledgeBase, by_category: dict[str, list[Page]]) -> Markdown:
    """Search first, then every app, the common tasks and the topics, with counts from the KB."""
    counts = [
        _plural(len(kb.pages), "FAQ"),
        _plural(len(kb.platforms), "app"),
        _plural(len(kb.tasks), "task"),
    ]
    lines = [
        "# How can we help?",
        "",
        '<p class="kb-search-entry"><button type="button" class="md-button md-button--primary '
        'kb-search-open" hidden>Search the help centre</button></p>',
        "",
        f'<p class="kb-counts">{" · ".join(counts)}, every setting tested by logging in.</p>',
        "",
        "## Find your app",
        "",
        '<div class="grid cards kb-apps" markdown>',
        "",
    ]
    for key in _platforms(kb):
        count = len(guides_for_app(kb, key))
        name = kb.platforms[key].name
        lines.append(f"- {url_link(name, app_path(key))} ({_plural(count, 'guide')})")
    lines += ["", "</div>", "", "## Common tasks", ""]
    for key in _tasks(kb):
        task = kb.tasks[key]
        count = len(guides_for_task(kb, key))
        link = url_link(task.title, task_path(key))
        lines.append(f"- {link}: {escape(task.summary)} ({_plural(count, 'guide')})")
    lines += ["", "## Browse by topic", ""]
    for key, pages in by_category.items():
        cat = kb.categories[key]
        link = url_link(cat.title, f"categories/{key}/index.md")
        lines.append(f"- {link}: {escape(cat.summary)} ({_plural(len(pages), 'guide')})")
    meta = {
        "title": "Help centre",
        "description": theme_text("Help centre for " + kb.settings.provider.name),
        "hide": ["navigation", "toc"],
    }
    return Markdown(meta, "\n".join(lines) + "\n")
