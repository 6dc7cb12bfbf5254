"""`mkdocs build` publishes the screenshots steps show, nothing else from steps/screenshots/, and
nothing a link there points to."""

from __future__ import annotations

from pathlib import Path

from kbfixtures import assemble_case, mkdocs_build

PNG = b"\x89PNG\r\n\x1a\n"  # what MkDocs copies; it need not be a whole image
SECRET = b"published-secret-4711"
PROC = "procedures/ios-mail/update-password.yml"


def project_with_screenshots(into: Path) -> Path:
    """The base KB with one step showing screenshots/ios/incoming.png, and one more screenshot
    that no step shows."""
    steps = assemble_case(into / "no-case", into)
    proc = steps / PROC
    text = proc.read_text("utf-8").replace(
        "    ui: [Incoming Server]\n",
        "    ui: [Incoming Server]\n"
        "    screenshot:\n      src: ios/incoming.png\n      alt: The Incoming Server section\n",
        1,
    )
    proc.write_text(text, "utf-8")
    (steps / "screenshots/ios").mkdir(parents=True)
    (steps / "screenshots/ios/incoming.png").write_bytes(PNG + b"shown")
    (steps / "screenshots/ios/draft-not-shown.png").write_bytes(PNG + b"draft")
    return into


def published(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_only_the_screenshots_steps_show_are_published(tmp_path: Path) -> None:
    project = project_with_screenshots(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    files = published(tmp_path / "site")
    assert [p for p in files if p.startswith("screenshots/")] == ["screenshots/ios/incoming.png"]
    assert files["screenshots/ios/incoming.png"] == PNG + b"shown"
    guide = "faq/2556/update-the-email-password-on-apple-mail-macos-ios/index.html"
    assert '<img alt="The Incoming Server section"' in files[guide].decode("utf-8")


def test_a_linked_screenshot_fails_the_build_and_its_target_is_published_nowhere(
    tmp_path: Path,
) -> None:
    project = project_with_screenshots(tmp_path / "project")
    secret = tmp_path / "private.png"
    secret.write_bytes(PNG + SECRET)
    shown = project / "steps/screenshots/ios/incoming.png"
    shown.unlink()
    shown.symlink_to(secret)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "steps/screenshots/ios/incoming.png:1:1: (file): symbolic link that leads outside steps/"
        in result.stdout + result.stderr
    )
    assert SECRET.decode() not in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()  # refused before MkDocs writes anything
