"""Where a profiled `mkdocs build` spends its time: named build stages and the top functions.

Stages are cumulative times of the functions that start them, so they nest (the plugin's whole
build includes loading); percentages are of the whole run.
"""

from __future__ import annotations

import pstats
from pathlib import Path

# (label, file suffix, function name): the entry point of each stage, in build order.
STAGES = [
    ("plugin: whole on_pre_build (kb.build.build)", "kb/plugin/__init__.py", "on_pre_build"),
    ("  read steps/: YAML and schemas (kb.source)", "kb/source/__init__.py", "read_source"),
    ("    YAML parse (kb.source.load.load_file)", "kb/source/load.py", "load_file"),
    ("    JSON Schema (kb.source.schema.validate)", "kb/source/schema.py", "validate"),
    ("  model (kb.model.assemble.assemble)", "kb/model/assemble.py", "assemble"),
    ("  cross-references (kb.checks.run)", "kb/checks/__init__.py", "run"),
    ("  machine-readable formats (kb.build)", "kb/build.py", "checked_formats"),
    ("  git dates (kb.source.history.last_changed)", "kb/source/history.py", "last_changed"),
    ("  pages (kb.render.site.generate)", "kb/render/site.py", "generate"),
    ("plugin: Markdown twins (on_post_build)", "kb/plugin/__init__.py", "on_post_build"),
    ("mkdocs: navigation", "mkdocs/structure/nav.py", "get_navigation"),
    ("mkdocs: Markdown -> HTML (_populate_page)", "mkdocs/commands/build.py", "_populate_page"),
    ("mkdocs: theme templates (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    ("  Content-Security-Policy (plugin on_post_page)", "kb/plugin/__init__.py", "on_post_page"),
    ("mkdocs: copy static files", "mkdocs/structure/files.py", "copy_static_files"),
    ("mkdocs: anchor checks", "mkdocs/structure/pages.py", "validate_anchor_links"),
    ("search: index (on_post_build)", "material/plugins/search/plugin.py", "on_post_build"),
    ("search: per page (on_page_context)", "material/plugins/search/plugin.py", "on_page_context"),
]


def summarise(profile: Path, top: int = 12) -> dict[str, object]:
    """Seconds and share of each stage, and the functions with the most time of their own."""
    stats = pstats.Stats(str(profile))
    total = max(ct for (_, _, _, ct, _) in stats.stats.values())  # the outermost frame
    stages = {}
    for label, suffix, name in STAGES:
        found = [
            ct
            for (file, _, func), (_, _, _, ct, _) in stats.stats.items()
            if func == name and file.endswith(suffix)
        ]
        if found:
            stages[label] = {"time_s": round(max(found), 2), "share": round(max(found) / total, 3)}
    own = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:top]
    functions = [
        {
            "function": f"{_short(file)}:{line}({func})",
            "own_s": round(tt, 2),
            "share": round(tt / total, 3),
        }
        for (file, line, func), (_, _, tt, _, _) in own
    ]
    return {"total_s": round(total, 2), "stages": stages, "top_functions": functions}


def _short(file: str) -> str:
    for marker in ("site-packages/", "scripts/", "lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file
