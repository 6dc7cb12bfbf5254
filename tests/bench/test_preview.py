"""`kb preview` shows after an edit what a full build shows, and redoes only what changed."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.bench.measure import hook_config
from kb.bench.synth import Synth, synthesize
from kb.build import build
from kb.preview import Handler, Preview, Renderer, Server, State, _watch

URL = "http://127.0.0.1:8000/"


@pytest.fixture
def synth(tmp_path: Path) -> Synth:
    return synthesize(tmp_path / "kb", 24)


@pytest.fixture
def state(synth: Synth) -> State:
    state = State(synth.root / "steps", URL)
    first = state.refresh()
    assert first is not None and first.full and not state.problems
    return state


def full_build(synth: Synth) -> dict[str, str]:
    return build(synth.root, site_url=URL)[1].pages


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_first_load_generates_what_kb_build_generates(synth: Synth, state: State) -> None:
    site = build(synth.root, site_url=URL)[1]
    assert state.site.pages == site.pages
    assert state.site.nav == site.nav
    assert state.site.assets == site.assets


def test_a_guide_edit_redoes_that_guide_only(synth: Synth, state: State) -> None:
    edit(synth.edit_page, "This guide explains", "Now this guide explains")
    update = state.refresh()
    assert update is not None and not update.full
    guide = f"{synth.edit_url.rstrip('/')}.md"
    assert guide in update.pages and "Now this guide explains" in update.pages[guide].body
    assert all(path.startswith(synth.edit_url) for path in set(update.pages) - {guide})
    assert state.site.pages == full_build(synth)


def test_a_procedure_edit_redoes_every_guide_that_shows_it(synth: Synth, state: State) -> None:
    edit(synth.edit_procedure, "Click on", "Now click on")
    update = state.refresh()
    assert update is not None and not update.full
    assert f"{synth.edit_url.rstrip('/')}.md" in update.pages
    assert state.site.pages == full_build(synth)


def test_a_new_title_redoes_the_navigation(synth: Synth, state: State) -> None:
    edit(synth.edit_page, "\ntitle: ", "\ntitle: Renamed ")
    update = state.refresh()
    assert update is not None and update.full
    assert state.site.nav == build(synth.root, site_url=URL)[1].nav


def test_a_mistake_is_reported_with_its_position_and_recovers(synth: Synth, state: State) -> None:
    good = synth.edit_page.read_text("utf-8")
    synth.edit_page.write_text(good.replace("platforms:", "platforms: [nowhere]\nold:", 1))
    update = state.refresh()
    assert update is not None and update.pages == {}
    assert any(line.startswith(f"steps/pages/{synth.edit_page.name}:") for line in state.problems)
    synth.edit_page.write_text(good.replace("This guide explains", "Fixed, this guide explains"))
    update = state.refresh()
    assert not state.problems and update is not None
    assert state.site.pages == full_build(synth)


def test_a_reference_to_an_unknown_platform_is_a_problem(synth: Synth, state: State) -> None:
    edit(synth.edit_page, "platforms:\n- ", "platforms:\n- nowhere\n- ")
    state.refresh()
    assert any("unknown platform 'nowhere'" in line for line in state.problems)


@pytest.fixture
def server(synth: Synth, tmp_path: Path) -> Iterator[tuple[str, Preview]]:
    config = hook_config(tmp_path, synth.root / "steps")
    httpd = Server(("127.0.0.1", 0), Handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    renderer = Renderer(config, tmp_path / "site", url)
    httpd.preview = Preview(State(synth.root / "steps", url), renderer)
    httpd.preview.sync()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield url, httpd.preview
    httpd.shutdown()
    httpd.server_close()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def test_the_server_serves_the_edited_page_with_the_theme(synth: Synth, server) -> None:
    url, preview = server
    page = url + synth.edit_url
    first = get(page)
    assert "assets/stylesheets/main." in first and '/.kb-preview/reload.js"' in first
    assert "Content-Security-Policy" in first  # the hook's own post-processing still runs
    edit(synth.edit_page, "This guide explains", "Edited, this guide explains")
    preview.changed.set()  # what the file watcher does; the next request applies the change
    assert "Edited, this guide explains" in get(page)
    assert "Knowledge base" in get(url)
    assert get(url + "assets/kb.css")


def test_a_file_nested_too_deep_is_a_positioned_problem_and_the_preview_recovers(
    synth: Synth, state: State
) -> None:
    good = synth.edit_page.read_text("utf-8")
    synth.edit_page.write_text(good + "extra:\n" + " [\n" * 800 + " ]\n" * 800, "utf-8")
    update = state.refresh()
    assert update is not None and update.pages == {}
    name = f"steps/pages/{synth.edit_page.name}"
    assert [line.split(":", 3)[0] for line in state.problems] == [name]
    assert state.problems[0].endswith("nesting deeper than 10 levels")
    synth.edit_page.write_text(good.replace("This guide explains", "Fixed, this guide explains"))
    assert state.refresh() is not None and not state.problems
    assert state.site.pages == full_build(synth)


def shown_after_a_change(url: str, page: str, since: int, text: str) -> int:
    """Wait for the preview to apply changes (the live reload's long poll) until `page` shows
    `text`; the version it shows it at."""
    for _ in range(10):
        since = int(get(f"{url}.kb-preview/wait?since={since}"))
        try:
            body = get(url + page)
        except urllib.error.HTTPError as err:  # the problem list is served with status 500
            body = err.read().decode("utf-8")
        if text in body:
            return since
    raise AssertionError(f"the preview never showed {text!r}")


def test_the_watcher_reports_a_failure_and_keeps_watching(
    synth: Synth, server, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, preview = server
    refresh, broken = preview.state.refresh, [True]

    def fails_while_broken() -> object:
        if broken[0]:
            raise RuntimeError("something unexpected")
        return refresh()

    monkeypatch.setattr(preview.state, "refresh", fails_while_broken)
    observer = _watch(preview, synth.root / "steps")
    try:
        version = preview.version
        edit(synth.edit_page, "This guide explains", "Edited, this guide explains")
        version = shown_after_a_change(url, synth.edit_url, version, "something unexpected")
        broken[0] = False
        edit(synth.edit_page, "Edited, this guide", "Edited again, this guide")
        shown_after_a_change(url, synth.edit_url, version, "Edited again, this guide explains")
    finally:
        observer.stop()
        observer.join()
