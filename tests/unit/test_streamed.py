"""Guides rendered by a child while MkDocs works arrive complete and unchanged, whatever becomes
of the child; the twins are written only once the site folder is released."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb import parallel, streamed
from kb.build import build, start_site
from kb.errors import KbError
from kb.generate import Site
from kb.parallel import Stream
from kbfixtures import reaped


def _twins(site: Site) -> dict[str, bytes]:
    return {p: d for p, d in site.assets.items() if streamed.is_twin(p)}


def _written(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.md")}


def _receive_all(lazy: streamed.Streamed, folder: Path) -> dict[str, streamed.Content]:
    """What the hook does: every page path up front, texts as MkDocs reads them, then the end."""
    paths = list(lazy.site.pages)
    lazy.release(str(folder))
    pages = {path: lazy.content(path) for path in paths}
    lazy.finish()
    return pages


@pytest.mark.parametrize("child", ["streams", "fails at once", "dies half way", "no fork"])
def test_the_streamed_site_is_the_built_site(
    synthetic_kb: Path,
    forks: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    child: str,
) -> None:
    _, expected = build(synthetic_kb)
    del forks[:]
    parent, render, rendered = os.getpid(), streamed.guide_files, []
    if child != "streams":

        def broken(kb, page, facts, memo):  # noqa: ANN001, ANN202 - the signature of guide_files
            if os.getpid() != parent:
                if child == "fails at once":
                    raise RuntimeError("the child fails")
                if child == "dies half way" and len(rendered) >= 30:
                    os._exit(9)  # after sending some batches, in the middle of one
                rendered.append(page)
            return render(kb, page, facts, memo)

        monkeypatch.setattr(streamed, "guide_files", broken)
    if child == "no fork":
        monkeypatch.setenv(parallel.JOBS_ENV, "1")
    lazy = start_site(synthetic_kb)
    assert (lazy.stream is None) == (child == "no fork")
    guides = {path for path in expected.pages if path.startswith("faq/")}
    assert set(lazy.waiting) == (set() if child == "no fork" else guides)
    folder = tmp_path / "site"
    folder.mkdir()
    pages = _receive_all(lazy, folder)
    assert list(pages) == list(expected.pages)
    assert pages == {path: streamed.content_of(text) for path, text in expected.pages.items()}
    assert all(meta is not None for meta, _ in pages.values())  # every page has front matter
    assert lazy.site.assets == {p: d for p, d in expected.assets.items() if not streamed.is_twin(p)}
    assert lazy.site.nav == expected.nav
    assert _written(folder) == _twins(expected)
    assert reaped(forks)


def test_twins_wait_for_the_release_and_a_stopped_build_writes_none(
    synthetic_kb: Path, forks: list[int], tmp_path: Path
) -> None:
    lazy = start_site(synthetic_kb)
    assert lazy.stream is not None
    for path in list(lazy.waiting):
        lazy.content(path)  # every page received: the child has nothing left but the twins
    assert not any(tmp_path.rglob("*.md"))
    lazy.stop()  # the build failed before MkDocs cleaned the site folder
    assert not any(tmp_path.rglob("*.md")) and reaped(forks)


def test_a_cross_reference_error_stops_the_child_and_names_the_field(
    unknown_category: tuple[Path, Path], forks: list[int]
) -> None:
    steps, page = unknown_category
    with pytest.raises(KbError) as raised:
        start_site(steps)
    (problem,) = raised.value.problems
    assert problem.path == f"steps/pages/{page.name}" and problem.field == "category"
    assert len(forks) == 2 and reaped(forks)  # reading, then the stream


def test_a_stream_sends_every_result_in_order_in_growing_batches(forks: list[int]) -> None:
    ran = []
    items = list(range(100))
    stream = Stream(lambda n: (os.getpid(), n * n), items, then=ran.append)
    batches = []
    while (batch := stream.take()) is not None:
        batches.append(batch)
    assert stream.complete and stream.taken == 100
    assert [len(b) for b in batches][:5] == [2, 4, 8, 16, 32]
    assert [r[1] for b in batches for r in b] == [n * n for n in items]
    assert {r[0] for b in batches for r in b} == {forks[0]}  # all computed by the child
    stream.release(b"go")
    assert stream.finish() and ran == [] and reaped(forks)  # `then` ran there, not here


def test_a_stream_is_only_started_where_it_pays(
    forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert parallel.stream(abs, [1, 2, 3], then=print) is None  # below MIN_ITEMS (4 here)
    monkeypatch.setenv(parallel.JOBS_ENV, "1")
    assert parallel.stream(abs, list(range(10)), then=print) is None
    assert forks == []


@pytest.mark.parametrize("child", ["succeeds", "fails", "cannot fork"])
def test_a_whole_site_handed_over_gets_its_twins_written_whatever_becomes_of_the_child(
    forks: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    site = Site(
        pages={"index.md": "# Home\n"},
        assets={"faq/1/a/index.md": b"# A\n", "faq/2/b/index.md": b"# B\n", "x.txt": b"x"},
    )
    if child == "fails":
        monkeypatch.setattr(
            streamed, "in_background", lambda task: parallel.in_background(lambda: 1 / 0)
        )
    elif child == "cannot fork":
        monkeypatch.setattr(streamed, "in_background", lambda task: None)
    lazy = streamed.Streamed.from_site(site)
    assert lazy.site.assets == {"x.txt": b"x"} and not lazy.waiting
    lazy.release(str(tmp_path))
    lazy.finish()
    assert _written(tmp_path) == {"faq/1/a/index.md": b"# A\n", "faq/2/b/index.md": b"# B\n"}
    assert len(forks) == (0 if child == "cannot fork" else 1) and reaped(forks)


def test_pages_nobody_read_are_drained_and_the_child_still_writes_the_twins(
    synthetic_kb: Path, forks: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent, render, here = os.getpid(), streamed.guide_files, []

    def counted(kb, page, facts, memo):  # noqa: ANN001, ANN202 - the signature of guide_files
        if os.getpid() == parent:
            here.append(page)
        return render(kb, page, facts, memo)

    monkeypatch.setattr(streamed, "guide_files", counted)
    # A pipe of the default 64 KiB: the child waits with pages nobody has read yet.
    monkeypatch.setattr(parallel.fcntl, "fcntl", lambda *args: 0)
    lazy = start_site(synthetic_kb)
    lazy.release(str(tmp_path))
    lazy.content(next(iter(lazy.waiting)))  # MkDocs read one page, then the build ended
    lazy.finish()
    assert here == []  # nothing was rendered again here: the child did all of it
    assert len(_written(tmp_path)) == len(lazy.guides) and reaped(forks)
