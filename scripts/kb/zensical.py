"""The Zensical project that `kb build --out DIR` writes beside the generated tree, so that
`zensical build` run in DIR builds the site: `zensical.toml`, the project's own `docs/` files
beside the pages, and its theme overrides.

Zensical runs no MkDocs plugins, so the configuration is the MkDocs one (`mkdocs.yml`) without
the `kb` plugin, with what the plugin would give the theme written out: the navigation of the
generated pages and, under `extra`, the feedback endpoint and the site's words.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w
import yaml

from kb.errors import KbError, Problem

CONFIG_FILE = "zensical.toml"


def write_project(tree: Path, config: Path, nav: list[Any], words: Mapping[str, str]) -> None:
    """`tree/zensical.toml` made from the MkDocs config `config`, the files of its `docs_dir`
    added to `tree/docs/` and its theme's `custom_dir` copied to `tree/overrides/`."""
    settings = project_settings(read_config(config), nav, words)
    base = config.parent
    shutil.copytree(base / settings.pop("docs_dir"), tree / "docs", dirs_exist_ok=True)
    theme = settings["theme"]
    if theme.get("custom_dir"):
        shutil.copytree(base / theme["custom_dir"], tree / "overrides", dirs_exist_ok=True)
        theme["custom_dir"] = "overrides"
    settings["docs_dir"] = "docs"
    (tree / CONFIG_FILE).write_text(tomli_w.dumps({"project": settings}), "utf-8")


def project_settings(
    config: dict[str, Any], nav: list[Any], words: Mapping[str, str]
) -> dict[str, Any]:
    """The `[project]` table: the MkDocs settings, less the `kb` plugin and `watch` (Zensical
    builds the tree, not `steps/`), plus what the plugin sets at build time."""
    settings = {k: v for k, v in config.items() if k != "watch"}
    # MkDocs lists plugins; TOML reads best as one table per plugin, which Zensical accepts.
    plugins: dict[str, Any] = {}
    for item in settings.get("plugins") or []:
        plugins.update({item: {}} if isinstance(item, str) else item)
    kb = plugins.pop("kb", None) or {}
    settings["plugins"] = {name: options or {} for name, options in plugins.items()}
    extra = settings.setdefault("extra", {})
    extra["feedback"] = {"endpoint": kb.get("feedback_endpoint", "/api/feedback")}
    extra["words"] = dict(words)  # overrides/main.html prints them, as the plugin sets them
    settings["docs_dir"] = settings.get("docs_dir", "docs")
    settings["theme"] = dict(settings.get("theme") or {})
    settings["nav"] = nav
    return settings


def read_config(config: Path) -> dict[str, Any]:
    """The MkDocs config as data; one that cannot be read, or that uses YAML tags (`!ENV`,
    `!!python/name:`, which TOML cannot carry), is a problem at its position."""
    try:
        data = yaml.safe_load(config.read_text("utf-8"))
    except OSError as err:
        raise KbError([Problem(str(config), 1, 1, "(config)", err.strerror or str(err))]) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"{getattr(err, 'problem', None) or err} (Zensical needs plain values)"
        raise KbError([Problem(str(config), line, col, "(config)", message)]) from err
    if not isinstance(data, dict):
        raise KbError([Problem(str(config), 1, 1, "(config)", "expected a mapping of settings")])
    return data
