"""The generator: golden pages, deterministic output, one source for every setting shown."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from kb.bench.synth import synthesize
from kb.build import build, write_tree
from kb.errors import KbError
from kb.render.navigation import GROUP_ABOVE
from kb.render.text import escape
from kbfixtures import BASE, ROOT, copy_kb

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KB_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def base_site():
    return build(BASE, dates=False)[1]


def golden_files(site) -> dict[str, str]:
    pages = {path: page.text for path, page in site.pages.items()}
    return {**pages, "llms.txt": site.assets["llms.txt"].decode()}


def test_rendered_pages_match_the_golden_files(base_site) -> None:
    files = golden_files(base_site)
    if UPDATE:
        for rel, text in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, "utf-8")
    stored = {
        p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8")
        for p in GOLDEN.rglob("*")
        if p.is_file()
    }
    assert sorted(stored) == sorted(files)
    for rel, text in files.items():
        assert text == stored[rel], f"{rel} differs from its golden file (KB_UPDATE_GOLDEN=1)"


def test_mkdocs_reads_the_metadata_the_hook_hands_over(base_site) -> None:
    """The hook hands MkDocs each page's metadata as data; a written page (`kb build --out`, for
    other engines) carries it as front matter. MkDocs must read the same from the written page,
    and nothing from the body alone (its first lines must not look like metadata)."""
    for path, page in base_site.pages.items():
        assert get_data(page.text) == (page.body, page.meta), path
        assert get_data(page.body) == (page.body, {}), path


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    _, first = build(ROOT / "steps")
    _, second = build(ROOT / "steps")
    write_tree(first, tmp_path / "a")
    write_tree(second, tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b
    for rel in files_a:
        if (tmp_path / "a" / rel).is_file():
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_changing_a_port_in_the_settings_file_changes_every_page_that_shows_it(
    tmp_path: Path,
) -> None:
    kb, before = build(ROOT / "steps")
    steps = copy_kb(tmp_path)
    settings = steps / "settings.yml"
    settings.write_text(settings.read_text().replace("port: 587", "port: 25"), "utf-8")
    _, after = build(steps)
    showing = {p for p, page in before.pages.items() if "<code>587</code>" in page.body}
    assert len(showing) >= 10
    for path in showing:
        assert "<code>587</code>" not in after.pages[path].body
        assert "<code>25</code>" in after.pages[path].body
    changed_assets = {p for p in before.assets if before.assets[p] != after.assets[p]}
    assert {"mail/config-v1.1.xml", "settings.json", "dns/srv.zone.txt"} <= changed_assets


def test_no_page_text_repeats_a_host_or_port_outside_the_settings_file() -> None:
    for path in (ROOT / "steps").rglob("*.yml"):
        if path.name == "settings.yml":
            continue
        text = path.read_text("utf-8")
        assert "mail.infomaniak.com" not in text, path
        assert not re.search(r"(?<![\w.{])(993|143|995|110|587|465)(?![\w}])", text), path


def test_a_failed_build_leaves_the_previous_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _, site = build(ROOT / "steps")
    write_tree(site, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    steps = copy_kb(tmp_path / "broken")
    (steps / "tasks" / "add-account.yml").write_text("title: [unclosed\n", "utf-8")
    with pytest.raises(KbError):
        _, site = build(steps)
        write_tree(site, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_content_version_changes_with_the_content(tmp_path: Path) -> None:
    _, before = build(ROOT / "steps")
    steps = copy_kb(tmp_path)
    proc = steps / "procedures" / "ios-mail" / "update-password.yml"
    proc.write_text(
        proc.read_text()
        .replace("Tap Mail Accounts:", "Tap Accounts:")
        .replace("ui: [Mail Accounts]", "ui: [Accounts]"),
        "utf-8",
    )
    _, after = build(steps)
    page = "faq/2556/update-the-email-password-on-apple-mail-macos-ios.md"
    version = "content_version"
    assert before.pages[page].meta[version] != after.pages[page].meta[version]
    other = "faq/2600/add-an-email-address-to-apple-mail-macos-ios.md"
    assert before.pages[other].meta[version] == after.pages[other].meta[version]


def test_per_platform_pages_show_one_platform_each() -> None:
    kb, site = build(ROOT / "steps", dates=False)
    pages = [p for p in kb.pages.values() if p.per_platform]
    assert pages
    for page in pages:
        for platform in page.platforms:
            text = site.pages[f"faq/{page.faq_id}/{page.slug}/{platform}.md"].body
            assert text.count('=== "') == 1
            assert f'=== "{kb.platforms[platform].tab}"' in text


def test_a_large_category_lists_its_guides_by_app(tmp_path: Path) -> None:
    synth = synthesize(tmp_path, 400)
    kb, site = build(synth.root, dates=False)
    grouped = 0
    for section in site.nav[1 : 1 + len(kb.categories)]:  # then the Apps and Tasks sections
        ((title, entries),) = section.items()
        key = next(c.key for c in kb.categories.values() if c.title == title)
        guides = [p for p in kb.pages.values() if p.category == key]
        if len(guides) <= GROUP_ABOVE:
            assert len(entries) == len(guides) + 1
            continue
        grouped += 1
        assert entries[0] == f"categories/{key}/index.md"
        apps = [next(iter(group)) for group in entries[1:]]
        assert apps == sorted(apps, key=str.casefold) and len(set(apps)) == len(apps)
        listed = []
        for group in entries[1:]:
            ((app, members),) = group.items()
            for member in members:
                ((guide_title, path),) = member.items()
                page = next(p for p in guides if path == f"faq/{p.faq_id}/{p.slug}.md")
                assert kb.platforms[page.platforms[0]].client == app
                assert guide_title == page.title
                listed.append(path)
        assert sorted(listed) == sorted(f"faq/{p.faq_id}/{p.slug}.md" for p in guides)
        headings = re.findall(r"^## (.+)$", site.pages[entries[0]].body, re.M)
        assert headings == [escape(app) for app in apps]
    assert grouped >= 8


def test_a_small_category_lists_its_guides_without_groups() -> None:
    kb, site = build(BASE, dates=False)
    for section in site.nav[1 : 1 + len(kb.categories)]:  # then the Apps and Tasks sections
        ((_, entries),) = section.items()
        assert len(entries) - 1 <= GROUP_ABOVE
        assert all(isinstance(next(iter(e.values())), str) for e in entries[1:])


def test_each_guide_lists_the_first_related_guides_by_title(tmp_path: Path) -> None:
    """A guide ends with up to 6 guides for its task in other apps, then up to 6 for other
    tasks in its apps, each list in title order; its Markdown twin lists the same guides."""
    synth = synthesize(tmp_path, 120)
    kb, site = build(synth.root, dates=False)
    order = sorted(kb.pages.values(), key=lambda p: (p.title.casefold(), p.faq_id))
    checked = 0
    for page in (p for p in kb.pages.values() if p.task):
        task = [p.title for p in order if p.task == page.task and p != page][:6]
        apps = [
            p.title
            for p in order
            if p.task and p.task != page.task and set(p.platforms) & set(page.platforms)
        ][:6]
        body = site.pages[f"faq/{page.faq_id}/{page.slug}.md"].body
        twin = site.assets[f"faq/{page.faq_id}/{page.slug}/index.md"].decode()
        for text in (body, twin):
            # The page's headings end with the site's search exclusion; the twin's do not.
            end = re.split(r"^## Related guides[^\n]*\n", text, maxsplit=1, flags=re.M)[1]
            lists = end.split("### ")[1:]
            shown = [re.findall(r"^- \[(.*)\]\(", part, re.M) for part in lists]
            assert shown == [[escape(t) for t in titles] for titles in (task, apps) if titles]
        checked += len(apps) == 6 and len(page.platforms) > 1
    assert checked, "no guide of several apps has a full list of other tasks"
