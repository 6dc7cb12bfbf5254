"""`kb preview` shows after an edit what a full build shows, and redoes only what changed."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.bench.measure import hook_config
from kb.bench.synth import Synth
from kb.build import build
from kb.preview import Preview, Renderer, State
from kb.preview.server import Handler, Server
from kb.preview.watch import watch
from previewing import edit

URL = "http://127.0.0.1:8000/"


@pytest.fixture
def state(synth: Synth) -> State:
    state = State(synth.root / "steps", URL)
    first = state.refresh()
    assert first is not None and first.full and not state.problems
    return state


def full_build(synth: Synth) -> dict[str, str]:
    return build(synth.root, site_url=URL)[1].pages


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
    faq = synth.edit_url.split("/")[1]  # the guide, its one-platform pages, its redirects
    assert all(path.startswith((f"faq/{faq}/", f"en/support/faq/{faq}/")) for path in update.pages)
    site = build(synth.root, site_url=URL)[1]
    assert state.site.pages == site.pages
    twin = f"{synth.edit_url}index.md"
    assert "Now this guide explains" in state.site.assets[twin].decode()
    assert state.site.assets[twin] == site.assets[twin]


def test_a_change_made_while_another_file_is_broken_is_not_lost(synth: Synth, state: State) -> None:
    other = synth.edit_procedure
    good = synth.edit_page.read_text("utf-8")
    synth.edit_page.write_text(good + "\nnot: [closed\n")
    edit(other, "Click on", "Meanwhile click on")
    state.refresh()
    assert state.problems
    synth.edit_page.write_text(good)
    state.refresh()
    assert not state.problems
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
    assert "How can we help?" in get(url)  # the home page
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
    observer = watch(preview, synth.root / "steps")
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


def test_a_link_or_a_misplaced_file_added_while_previewing_is_a_problem_until_removed(
    synth: Synth, state: State, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("secret: not for the site\n", "utf-8")
    link = synth.edit_page.with_name("leak.yml")
    link.symlink_to(outside)
    state.refresh()
    assert [line.split(":")[0] for line in state.problems] == ["steps/pages/leak.yml"]
    assert "not for the site" not in "\n".join(state.problems)
    link.unlink()
    misplaced = synth.edit_page.with_suffix(".yaml")
    misplaced.write_text("title: Misnamed\n", "utf-8")
    state.refresh()
    assert [line.split(":")[0] for line in state.problems] == [f"steps/pages/{misplaced.name}"]
    misplaced.unlink()
    state.refresh()
    assert not state.problems and state.site.pages == full_build(synth)


def test_a_literal_host_in_a_title_is_a_problem_until_fixed_whatever_else_changes(
    synth: Synth, state: State
) -> None:
    good = synth.edit_page.read_text("utf-8")
    edit(synth.edit_page, "\ntitle: ", "\ntitle: On mail.infomaniak.com, ")
    where = f"steps/pages/{synth.edit_page.name}:"

    def reported() -> bool:
        state.refresh()
        return any(
            line.startswith(where) and "literal host name 'mail.infomaniak.com'" in line
            for line in state.problems
        )

    assert reported()
    edit(synth.edit_procedure, "Click on", "Meanwhile click on")  # another file changes
    assert reported()
    synth.edit_page.write_text(good, "utf-8")
    assert not reported() and not state.problems
    assert state.site.pages == full_build(synth)
