"""`kb bench --languages`: the synthetic KB built in five languages at once, against one language.

A synthetic KB has no translations, so the bench makes them: every unit of every catalogue gets
a PSEUDO-TRANSLATION, its English with each vowel replaced by an accented one chosen per language
(placeholders kept as they are). It is deterministic, keeps every UI label and link phrase inside
its sentence, and changes the words the search index holds, so each language's pages and index
are as big as real ones would be; it says nothing about real translators' lengths.

The five builds run as separate `mkdocs build` processes, `jobs` at a time (as `kb site
--languages` runs them); the report gives the total wall time against one English build, each
language's search index (gzip) and each build's CPU time and peak memory.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kb.bench.measure import Run, hook_config, mkdocs_build
from kb.bench.synth import synthesize
from kb.bench.weight import search_weight
from kb.i18n import catalog
from kb.i18n.cli import extract, update
from kb.publish import language_jobs

LANGUAGES = catalog.LANGUAGES
# Per language, the accented vowels its pseudo-translation uses.
VOWELS = {"fr": "àéîôû", "de": "äëïöü", "it": "àèìòù", "es": "áéíóú"}
_PLACEHOLDER = re.compile(r"(\{[^{}\s]*\})")
# The targets the issue sets for a five-language site.
TARGET_RATIO = 3.0
TARGET_INDEX_GZIP = 1.5 * 1024 * 1024


def pseudo(english: str, language: str) -> str:
    """`english` with its vowels accented for `language`; placeholders stay as they are."""
    table = str.maketrans("aeiouAEIOU", VOWELS[language] + VOWELS[language].upper())
    return "".join(
        part if _PLACEHOLDER.fullmatch(part) else part.translate(table)
        for part in _PLACEHOLDER.split(english)
    )


def pseudo_catalogues(kb_root: Path, languages: tuple[str, ...]) -> int:
    """Write every catalogue of the KB at `kb_root`, each unit pseudo-translated; unit count."""
    _, count = extract(kb_root)
    update(kb_root, languages)
    folder = catalog.locales_dir(kb_root / "steps")
    for lang in languages:
        po = catalog.read(folder / f"{lang}.po", lang)
        for message in po:
            if message.id and message.context:
                message.string = pseudo(str(message.id), lang)
        catalog.write(folder / f"{lang}.po", po)
    return count


def bench_languages(guides: int, work: Path, jobs: int, progress) -> dict[str, object]:  # noqa: ANN001
    """One English build, then the five languages `jobs` at a time (0: as many as `kb site`
    runs at once); the figures."""
    jobs = jobs or language_jobs(len(LANGUAGES))
    folder = work / f"languages-{guides}"
    folder.mkdir(parents=True)
    synth = synthesize(folder / "kb", guides)
    start = time.perf_counter()
    units = pseudo_catalogues(synth.root, LANGUAGES[1:])
    progress(f"{guides} guides: {units} units pseudo-translated in {len(LANGUAGES) - 1} catalogues")
    out: dict[str, object] = {"guides": synth.guides, "units": units}
    out["pseudo_translation_s"] = time.perf_counter() - start
    config = hook_config(folder, synth.root / "steps")
    progress(f"{guides} guides: one build, English only")
    one = mkdocs_build(config, folder / "site-en", folder / "en.log")
    progress(f"{guides} guides: {len(LANGUAGES)} builds, {jobs} at a time")
    every = ",".join(LANGUAGES)

    def build(lang: str) -> Run:
        env = {"KB_LANGUAGE": lang, "KB_LANGUAGES": every}
        return mkdocs_build(config, folder / "site" / lang, folder / f"{lang}.log", env=env)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:  # each thread waits on its process
        runs = dict(zip(LANGUAGES, pool.map(build, LANGUAGES), strict=True))
    total = time.perf_counter() - start
    out |= {
        "jobs": jobs,
        "one_language_build_s": one.wall_s,
        "one_language_peak_mb": one.peak_mb,
        "languages_build_s": total,
        "languages_vs_one_ratio": total / one.wall_s,
        # CPU time, which a busy shared machine does not stretch: the five builds' total over
        # one build's, and that spread over the cores the builds can use at once (the wall
        # ratio of an idle machine).
        "one_language_cpu_s": one.cpu_s,
        "languages_cpu_s": sum(run.cpu_s for run in runs.values()),
        "languages_vs_one_cpu_ratio_per_core": sum(run.cpu_s for run in runs.values())
        / min(jobs, os.cpu_count() or 1)
        / one.cpu_s,
        "per_language": {
            lang: {
                "build_s": run.wall_s,
                "cpu_s": run.cpu_s,
                "peak_mb": run.peak_mb,
                "search_index_gzip_bytes": search_weight(folder / "site" / lang).get(
                    "search_index_gzip_bytes", 0
                ),
            }
            for lang, run in runs.items()
        },
    }
    worst = max(v["search_index_gzip_bytes"] for v in out["per_language"].values())  # type: ignore[union-attr]
    out["targets"] = {
        f"five languages <= {TARGET_RATIO:g}x one": out["languages_vs_one_ratio"] <= TARGET_RATIO,
        "every search index <= 1.5 MB gzip": worst <= TARGET_INDEX_GZIP,
    }
    return out


def languages_table(report: dict[str, object]) -> str:
    per = report["per_language"]
    lines = [
        f"{report['guides']} guides, {report['units']} units per catalogue (pseudo-translated), "
        f"{report['jobs']} builds at a time",
        f"one language: {report['one_language_build_s']:.1f} s, "
        f"{report['one_language_peak_mb']:.0f} MB peak",
        f"five languages: {report['languages_build_s']:.1f} s "
        f"({report['languages_vs_one_ratio']:.2f}x one language; CPU "
        f"{report['languages_cpu_s']:.1f} s vs {report['one_language_cpu_s']:.1f} s, "
        f"{report['languages_vs_one_cpu_ratio_per_core']:.2f}x per core)",
        "language  build s    CPU s  peak MB  search index gzip KB",
    ]
    for lang, v in per.items():  # type: ignore[union-attr]
        lines.append(
            f"{lang:<8}  {v['build_s']:7.1f}  {v['cpu_s']:7.1f}  {v['peak_mb']:7.0f}  "
            f"{v['search_index_gzip_bytes'] / 1024:10.0f}"
        )
    lines += [f"{'PASS' if ok else 'FAIL'}  {what}" for what, ok in report["targets"].items()]  # type: ignore[union-attr]
    return "\n".join(lines)
