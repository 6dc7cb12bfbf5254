"""The bench report as a table, and each figure against its target."""

from __future__ import annotations

KB = 1024

# figure -> (label, unit divisor, format, target, better); sizes are in binary units (KiB).
ROWS = [
    ("pages", "HTML pages built", 1, "{:.0f}", None, None),
    ("hook_build_cpu_s", "mkdocs build with the plugin, CPU (s)", 1, "{:.1f}", None, None),
    ("plain_build_cpu_s", "mkdocs build, plain Markdown, CPU (s)", 1, "{:.1f}", None, None),
    ("generator_cpu_overhead", "CPU time ratio, plugin / plain", 1, "{:.2f}", 1.10, "max"),
    ("generator_cpu_pair_min_overhead", "  lowest pair", 1, "{:.2f}", None, None),
    ("generator_cpu_pair_max_overhead", "  highest pair", 1, "{:.2f}", None, None),
    ("hook_build_s", "mkdocs build with the plugin, wall (s)", 1, "{:.1f}", None, None),
    ("plain_build_s", "mkdocs build, plain Markdown, wall (s)", 1, "{:.1f}", None, None),
    ("generator_overhead", "wall time ratio, plugin / plain", 1, "{:.2f}", None, None),
    ("kb_build_s", "kb build --out alone (s)", 1, "{:.1f}", None, None),
    ("hook_build_peak_mb", "peak memory, plugin build (MB)", 1, "{:.0f}", None, None),
    ("plain_build_peak_mb", "peak memory, plain build (MB)", 1, "{:.0f}", None, None),
    ("kb_build_peak_mb", "peak memory, kb build (MB)", 1, "{:.0f}", None, None),
    ("html_gzip_bytes", "guide page HTML gzip (KiB)", KB, "{:.1f}", None, None),
    ("page_total_gzip_bytes", "guide page HTML+CSS+JS gzip (KiB)", KB, "{:.1f}", 100, "max"),
    ("search_index_bytes", "search index (KiB)", KB, "{:.0f}", None, None),
    ("search_index_gzip_bytes", "search index gzip (KiB)", KB, "{:.0f}", 1536, "max"),
    ("verify_s", "kb verify, whole command (s)", 1, "{:.1f}", 10, "max"),
    ("verify_logins_s", "  of which logins (s)", 1, "{:.1f}", None, None),
    ("verify_unique_profiles", "  unique profiles logged in", 1, "{:.0f}", None, None),
    ("verify_peak_mb", "peak memory, kb verify (MB)", 1, "{:.0f}", None, None),
]
PREVIEW = [
    ("preview_start_s", "preview start-up to first page (s)", "{:.1f}", None, None),
    ("preview_edit_s", "edit guide YAML -> page served (s, median)", "{:.2f}", 1, "max"),
    ("preview_edit_max_s", "  slowest edit (s)", "{:.2f}", None, None),
    ("preview_procedure_edit_s", "edit procedure YAML -> page (s)", "{:.2f}", None, None),
    ("preview_vs_full_build_overhead", "full plugin build / preview edit", "{:.0f}x", 15, "min"),
    ("preview_peak_mb", "peak memory, preview server (MB)", "{:.0f}", None, None),
]


def _ok(value: float | None, target: float | None, better: str | None) -> str:
    if target is None or value is None:
        return ""
    passed = value <= target if better == "max" else value >= target
    return "ok" if passed else "OVER" if better == "max" else "UNDER"


def verdicts(report: dict, sizes: list[int]) -> dict[str, str]:
    """Each target figure at the largest size: its value, the target and whether it is met."""
    big = report["sizes"][str(sizes[-1])]
    out = {}
    for key, _, div, fmt, target, better in ROWS:
        if target is not None and isinstance(big.get(key), int | float):
            out[key] = (
                f"{fmt.format(big[key] / div)} vs {target}: {_ok(big[key] / div, target, better)}"
            )
    for key, _, fmt, target, better in PREVIEW:
        value = report["preview"].get(key)
        if target is not None and value is not None:
            out[key] = f"{fmt.format(value)} vs {target}: {_ok(value, target, better)}"
    if "build_scaling_overhead" in report:
        limit = 1.1 * sizes[-1] / sizes[0]
        value = report["build_scaling_overhead"]
        out["build_scaling_overhead"] = f"{value:.1f}x vs {limit:.1f}x: {_ok(value, limit, 'max')}"
    return out


def table(report: dict, sizes: list[int]) -> str:
    m = report["machine"]
    lines = [
        f"kb bench: {m['cpus']} CPUs, Python {m['python']}, MkDocs {m['mkdocs']}, Material "
        f"{m['material']}, load average {m['load_average'][0]} at start",
        f"builds: {report.get('repeat', 1)} of each kind per size, alternating; medians shown; "
        "CPU time counts each build's child processes",
        "",
    ]
    head = f"{'guides':<44}" + "".join(f"{n:>10}" for n in sizes) + f"{'target':>10}  "
    lines += [head, "-" * len(head)]
    cols = [report["sizes"][str(n)] for n in sizes]
    for key, label, div, fmt, target, better in ROWS:
        values = [c.get(key) for c in cols]
        if all(v is None for v in values):
            continue
        cells = "".join(
            f"{fmt.format(v / div) if isinstance(v, int | float) else '-':>10}" for v in values
        )
        last = values[-1] / div if isinstance(values[-1], int | float) else None
        limit = "" if target is None else f"{'<=' if better == 'max' else '>='}{target}"
        lines.append(f"{label:<44}{cells}{limit:>10}  {_ok(last, target, better)}")
    for n, c in zip(sizes, cols, strict=True):
        if isinstance(c.get("verify"), str) and c["verify"] != "passed":
            lines.append(f"kb verify at {n} guides: {c['verify']}")
    if "build_scaling_overhead" in report:
        lines += [
            "",
            f"scaling {sizes[0]} -> {sizes[-1]} guides: plugin build "
            f"{report['build_scaling_overhead']:.1f}x, plain build "
            f"{report['plain_scaling_overhead']:.1f}x "
            f"(target <= {1.1 * sizes[-1] / sizes[0]:.1f}x)",
        ]
    lines += ["", f"preview at {report['preview']['guides']} guides:"]
    for key, label, fmt, target, better in PREVIEW:
        value = report["preview"].get(key)
        limit = "" if target is None else f"{'<=' if better == 'max' else '>='}{target}"
        shown = fmt.format(value) if value is not None else "-"
        lines.append(f"  {label:<46}{shown:>10}{limit:>10}  {_ok(value, target, better)}")
    lines += _search_lines(cols[-1], sizes[-1]) + _profile_lines(report.get("profile"))
    return "\n".join(lines)


def _search_lines(size: dict, guides: int) -> list[str]:
    kinds = size.get("search_by_kind") or {}
    lines = ["", f"search index at {guides} guides by kind of page (entries, gzip KiB alone):"]
    for kind, share in kinds.items():
        lines.append(f"  {kind:<30}{share['entries']:>8}{share['gzip_bytes'] / KB:>10.0f}")
    return lines if kinds else []


def _profile_lines(profile: dict | None) -> list[str]:
    if not profile:
        return []
    lines = [
        "",
        f"cProfile of the plugin build at {profile['guides']} guides "
        f"({profile['total_s']:.1f} s under the profiler):",
    ]
    for label, stage in profile["stages"].items():
        lines.append(f"  {label:<52}{stage['time_s']:>8.1f} s{stage['share']:>7.0%}")
    lines.append("  functions with the most time of their own:")
    for fn in profile["top_functions"][:8]:
        lines.append(f"    {fn['function'][:70]:<70}{fn['own_s']:>7.1f} s{fn['share']:>6.0%}")
    return lines
