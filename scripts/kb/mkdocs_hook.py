"""The thin MkDocs adapter: add the generated pages in memory on every build.

Validation runs in `on_pre_build`, before MkDocs cleans the site folder, so a KB error aborts the
build with the previous output untouched. `steps/` is re-read on every build because MkDocs does
not reload hook modules during `mkdocs serve` (its `watch` list includes `steps/`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kb.build import build, results_path
from kb.csp import add_policy
from kb.errors import KbError
from kb.generate import Site

_site: Site | None = None


def on_pre_build(config: MkDocsConfig) -> None:
    global _site
    project = Path(config.config_file_path).parent
    steps = project / config.extra.get("kb_steps", "steps")
    try:
        _, _site = build(steps, results=results_path(project), site_url=config.site_url)
    except KbError as err:
        count = len(err.problems)
        raise PluginError(f"{count} problem(s) in {steps.name}/:\n{err.report()}") from None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    for path, text in _site.pages.items():
        files.append(File.generated(config, path, content=text))
    for path, data in _site.assets.items():
        # Explicitly included: MkDocs would otherwise drop dot folders such as .well-known/.
        # Markdown twins are published as files, not pages: a neutral source name, same dest.
        source = f"{path}.twin" if path.endswith(".md") else path
        file = File.generated(config, source, content=data, inclusion=InclusionLevel.INCLUDED)
        file.dest_uri = path
        files.append(file)
    config.nav = _site.nav
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Give every page a Content-Security-Policy that trusts only its own scripts and the site."""
    return _with_policy(output, config)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The same policy for HTML the theme renders without a page (404.html); not sitemap.xml."""
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(output_content, config)


def _with_policy(output: str, config: MkDocsConfig) -> str:
    feedback = config.extra.get("feedback") or {}
    return add_policy(output, connect_to=[feedback.get("endpoint") or ""])
