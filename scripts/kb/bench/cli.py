"""`kb bench`: build, preview, verification and page weight of generated KBs, measured side by side.

For each size it writes a synthetic `steps/` tree, builds it with the MkDocs plugin `kb` and, as the
baseline, builds the same pages written out as plain Markdown with the same MkDocs + Material
configuration. At the largest size it also starts `kb preview` and times edit -> page over HTTP,
and runs `kb verify` against the local test mailbox when that command exists. `--search` instead
types the reader query set into the real site's search box (kb.bench.search); `--languages`
builds the largest size in five languages at once (kb.bench.languages). Progress goes to
stderr; the table (or `--json`) to stdout.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from kb.bench.edits import measure_preview
from kb.bench.hotspots import summarise
from kb.bench.languages import bench_languages, languages_table
from kb.bench.measure import (
    SCRIPTS,
    BenchError,
    Run,
    export_plain,
    hook_config,
    mkdocs_build,
)
from kb.bench.report import table, verdicts
from kb.bench.search import QUERIES, bench_search, search_table
from kb.bench.synth import synthesize
from kb.bench.verify import bench_verify
from kb.bench.weight import page_weight, search_weight

DEFAULT_SIZES = "150,500,1500"
QUICK_SIZES = "30,90"
_start = time.perf_counter()


def progress(message: str) -> None:
    print(f"[{time.perf_counter() - _start:6.1f} s] {message}", file=sys.stderr, flush=True)


def bench_size(guides: int, work: Path, *, profile: bool, repeat: int = 1) -> dict[str, object]:
    """Hook build, plain build and reader weight of one synthetic KB.

    With `repeat` > 1 the two builds alternate (hook, plain, hook, plain, ...) so that a slow
    spell of a shared machine hits both, and medians are reported. The figure judged is CPU
    time: a busy machine stretches wall time far more than the work done."""
    folder = work / str(guides)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    synth = synthesize(folder / "kb", guides)
    out: dict[str, object] = {
        "guides": synth.guides,
        "procedures": synth.procedures,
        "synth_s": time.perf_counter() - start,
    }
    config = hook_config(folder, synth.root / "steps")
    hooks: list[Run] = []
    plains: list[Run] = []
    plain_config = None
    for n in range(1, repeat + 1):
        progress(f"{guides} guides: mkdocs build with the plugin ({n}/{repeat})")
        hooks.append(mkdocs_build(config, folder / "site-hook", folder / f"hook-{n}.log"))
        progress(f"{guides} guides: plugin build {hooks[-1].wall_s:.1f} s")
        if plain_config is None:
            export, plain_config = export_plain(folder, synth.root)
            progress(f"{guides} guides: kb build --out {export.wall_s:.1f} s")
        plains.append(mkdocs_build(plain_config, folder / "site-plain", folder / f"plain-{n}.log"))
        progress(f"{guides} guides: plain build {plains[-1].wall_s:.1f} s ({n}/{repeat})")
    hook, plain = _median(hooks, "wall_s"), _median(plains, "wall_s")
    hook_cpu, plain_cpu = _median(hooks, "cpu_s"), _median(plains, "cpu_s")
    pairs = [h.cpu_s / p.cpu_s for h, p in zip(hooks, plains, strict=True)]
    site = folder / "site-hook"
    out |= {
        "pages": sum(1 for _ in site.rglob("index.html")),
        "repeat": repeat,
        "hook_build_s": hook,
        "hook_build_runs_s": [round(r.wall_s, 2) for r in hooks],
        "hook_build_cpu_s": hook_cpu,
        "hook_build_peak_mb": max(r.peak_mb for r in hooks),
        "kb_build_s": export.wall_s,
        "kb_build_peak_mb": export.peak_mb,
        "plain_build_s": plain,
        "plain_build_runs_s": [round(r.wall_s, 2) for r in plains],
        "plain_build_cpu_s": plain_cpu,
        "plain_build_peak_mb": max(r.peak_mb for r in plains),
        "generator_overhead": hook / plain,
        "generator_cpu_overhead": hook_cpu / plain_cpu,
        "generator_cpu_pair_min_overhead": min(pairs),
        "generator_cpu_pair_max_overhead": max(pairs),
    }
    out |= page_weight(site, synth.edit_url) | search_weight(site)
    if profile:
        progress(f"{guides} guides: mkdocs build with the plugin under cProfile")
        prof = folder / "hook.prof"
        mkdocs_build(config, folder / "site-prof", folder / "prof.log", profile=prof)
        out["profile"] = summarise(prof)
    out["_synth"], out["_config"] = synth, config
    return out


def _median(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(run, field) for run in runs)


def machine() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def warm_up(work: Path) -> None:
    """One small build of each kind first, so that no measured run pays first-run costs.

    The project's modules are compiled to bytecode first, as pip compiled MkDocs' and the
    theme's at install time: with PYTHONDONTWRITEBYTECODE set every build would otherwise
    compile them from source."""
    compileall.compile_dir(str(SCRIPTS / "kb"), quiet=1)
    synth = synthesize(work / "kb", 10)
    mkdocs_build(hook_config(work, synth.root / "steps"), work / "site", work / "hook.log")
    mkdocs_build(export_plain(work, synth.root)[1], work / "site", work / "plain.log")


def bench(
    sizes: list[int], work: Path, *, profile_size: int | None, edits: int, repeat: int = 1
) -> dict:
    report: dict[str, object] = {"machine": machine(), "repeat": repeat, "sizes": {}}
    progress("warm-up: builds of 10 guides")
    warm_up(work / "warm-up")
    results = {}
    for guides in sizes:
        results[guides] = bench_size(guides, work, profile=guides == profile_size, repeat=repeat)
    largest, smallest = results[sizes[-1]], results[sizes[0]]
    synth, config = largest.pop("_synth"), largest.pop("_config")
    progress(f"{sizes[-1]} guides: kb preview, {edits} guide edits and one procedure edit")
    preview = measure_preview(config, synth, work / str(sizes[-1]), edits=edits)
    preview["guides"] = sizes[-1]
    preview["preview_vs_full_build_overhead"] = largest["hook_build_s"] / preview["preview_edit_s"]
    report["preview"] = preview
    for guides in dict.fromkeys((sizes[0], sizes[-1])):
        progress(f"{guides} guides: kb verify")
        results[guides] |= bench_verify(work / str(guides) / "kb", work / str(guides))
    for guides, result in results.items():
        result.pop("_synth", None)
        result.pop("_config", None)
        profiled = result.pop("profile", None)
        if profiled:
            report["profile"] = {"guides": guides, **profiled}
        report["sizes"][str(guides)] = result
    if len(sizes) > 1:
        report["build_scaling_overhead"] = largest["hook_build_s"] / smallest["hook_build_s"]
        report["plain_scaling_overhead"] = largest["plain_build_s"] / smallest["plain_build_s"]
    report["targets"] = verdicts(report, sizes)
    return report


def _parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="kb bench", description=__doc__.split("\n")[0])
    cli.add_argument("--sizes", default=DEFAULT_SIZES, help="guide counts, comma-separated")
    cli.add_argument(
        "--quick",
        action="store_true",
        help=f"small run: --sizes {QUICK_SIZES}, one build of each kind",
    )
    cli.add_argument("--json", action="store_true", help="print the figures as JSON")
    cli.add_argument(
        "--profile-size",
        type=int,
        default=None,
        help="size whose plugin build is profiled (default: the middle size; 0: none)",
    )
    cli.add_argument("--edits", type=int, default=3, help="guide edits timed in the preview")
    cli.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="plugin and plain builds per size, alternating; medians are reported (default 3)",
    )
    cli.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (sites, logs, profile)")
    cli.add_argument(
        "--search",
        action="store_true",
        help="only the search figure: the query set typed into the real site's search box",
    )
    cli.add_argument(
        "--queries", type=Path, default=QUERIES, help=f"query set for --search (default {QUERIES})"
    )
    cli.add_argument(
        "--languages",
        action="store_true",
        help="only the five-language figure: the largest size built in en, fr, de, it, es "
        "(pseudo-translated) in parallel, against one English build",
    )
    cli.add_argument(
        "--jobs", type=int, default=0, help="builds at once for --languages (default: as kb site)"
    )
    return cli


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = sorted({int(s) for s in (QUICK_SIZES if args.quick else args.sizes).split(",")})
    profile_size = sizes[len(sizes) // 2] if args.profile_size is None else args.profile_size
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kb-bench-"))
    if args.keep:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    try:
        if args.search:
            progress("search: build the site from steps/ and type each query in Chromium")
            report = bench_search(work.resolve(), args.queries)
            print(json.dumps(report, indent=2) if args.json else search_table(report))
            return 0
        if args.languages:
            report = bench_languages(sizes[-1], work.resolve(), args.jobs, progress)
            report["machine"] = machine()
            print(json.dumps(report, indent=2) if args.json else languages_table(report))
            return 0
        report = bench(
            sizes,
            work.resolve(),
            profile_size=profile_size,
            edits=args.edits,
            repeat=1 if args.quick else max(1, args.repeat),
        )
    except BenchError as err:
        print(f"kb bench: {err}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    progress("done")
    print(json.dumps(report, indent=2) if args.json else table(report, sizes))
    return 0
