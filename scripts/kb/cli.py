"""`kb`: check, build and serve the knowledge base; start the test mailbox; verify settings."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kb.build import build, swap, write_tree
from kb.errors import KbError, Problem, format_problems
from kb.i18n.language import coverage
from kb.i18n.root import root_page
from kb.output import fresh_folder, stopped_by_signals
from kb.publish import (
    PUBLISH_URL_ENV,
    PublishError,
    language_jobs,
    refuse_shallow_clone,
    site_url,
)
from kb.source import find_root


def _check(args: argparse.Namespace) -> int:
    try:
        kb, site = build(args.path, on_warning=_warn(args.format))
    except KbError as err:
        print(err.report(args.format))
        print(f"{len(err.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    problems, found = coverage(kb)
    for cov in found:
        print(cov.summary())
        for state, where, context in cov.stale:
            print(f"  {where}: {context}: {state}")
        for draft in cov.drafts:
            print(f"  {cov.language}: {draft}: draft (a unit is flagged kb-draft)")
    required = [lang for lang in args.require.split(",") if lang] if args.require else []
    incomplete = [c.language for c in found if c.language in required and c.stale]
    missing = sorted(set(required) - {c.language for c in found})
    if problems or incomplete or missing:
        if problems:
            print(format_problems(problems, args.format))
        for lang in missing:
            print(f"--require {lang}: no catalogue steps/locales/{lang}.po", file=sys.stderr)
        for lang in incomplete:
            print(f"--require {lang}: units fuzzy or missing (listed above)", file=sys.stderr)
        return 1
    guides = [p for p in kb.pages.values() if p.kind == "guide"]
    print(
        f"ok: {len(kb.pages)} FAQ pages ({len(guides)} guides), {len(kb.platforms)} platforms, "
        f"{len(kb.tasks)} tasks, {len(kb.procedures)} procedures, "
        f"{len(kb.settings.profiles)} settings profiles, {len(site.assets)} generated files"
    )
    return 0


def _warn(fmt: str) -> Callable[[Problem], None]:
    """Prints a warning to stderr, one line in the format asked for; it fails nothing."""

    def warn(problem: Problem) -> None:
        print(problem.github() if fmt == "github" else problem, file=sys.stderr)

    return warn


def _build(args: argparse.Namespace) -> int:
    config = Path(args.config) if args.config else _beside_steps(args.path)
    try:
        _, site = build(args.path, on_warning=_warn(args.format))
        write_tree(site, Path(args.out), config)
    except KbError as err:
        print(err.report(args.format))
        print(f"{len(err.problems)} problem(s); {args.out} was left as it was.", file=sys.stderr)
        return 1
    print(f"wrote {len(site.pages)} pages and {len(site.assets)} files to {args.out}")
    return 0


def _beside_steps(path: str) -> Path | None:
    """The KB's own mkdocs.yml, if it has one; a KB of steps/ alone gets its pages only."""
    config = find_root(Path(path).resolve()).parent / "mkdocs.yml"
    if config.is_file():
        return config
    print(
        f"kb build: no {config}: pages only, no zensical.toml (--config names one)", file=sys.stderr
    )
    return None


def _site(args: argparse.Namespace) -> int:
    """The publish build: `mkdocs build --strict` for the checked site URL into a fresh folder,
    published only when the build passed; a refused URL or a shallow clone writes nothing. With
    `--languages`, one build per language into `<out>/<language>/` (its address the site URL
    plus `<language>/`), run in parallel as separate processes, and a root page offering them."""
    out = Path(args.out).absolute()
    config = Path(args.config).absolute()
    try:
        url = site_url(args.site_url, config)
        refuse_shallow_clone(config.parent)
    except PublishError as err:
        print(f"kb site: {err}", file=sys.stderr)
        return 2
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", PUBLISH_URL_ENV: url}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", args.config]
    languages = [lang for lang in (args.languages or "").split(",") if lang]
    with fresh_folder(out) as tmp:
        if not languages:
            failed = _run_whole([*cmd, "-d", str(tmp)], env) != 0
        else:
            envs = {
                lang: {**env, "KB_LANGUAGE": lang, "KB_LANGUAGES": ",".join(languages)}
                for lang in languages
            }
            jobs = args.jobs or language_jobs(len(languages))
            with ThreadPoolExecutor(max_workers=jobs) as pool:  # each waits on a process
                codes = pool.map(
                    lambda lang: _run_whole([*cmd, "-d", str(tmp / lang)], envs[lang]), languages
                )
                failed = any(code != 0 for code in codes)
            (tmp / "index.html").write_text(root_page(languages), "utf-8")
        if failed:
            print(f"the site build failed; {out} was left as it was", file=sys.stderr)
            return 1
        swap(tmp, out)
    print(f"built the site for {url} into {out}")
    return 0


def _run_whole(cmd: list[str], env: dict[str, str]) -> int:
    """Run `cmd` in its own process group; if we are stopped first, end the whole group, so
    nothing it started goes on writing into the folder about to be removed."""
    child = subprocess.Popen(cmd, env=env, process_group=0)
    try:
        return child.wait()
    finally:
        if child.returncode is None:  # not reaped yet, so the group id is still ours
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


# Tooling a site build does not need, with the packages it imports (they come with `[test]`).
TOOLING = {"bench": ("trustme", "aiosmtpd"), "mailbox": ("trustme", "aiosmtpd")}


def _delegate(command: str, argv: list[str]) -> int:
    import importlib
    import importlib.util

    missing = [name for name in TOOLING.get(command, ()) if importlib.util.find_spec(name) is None]
    if missing:
        needs = ", ".join(missing)
        print(
            f"kb {command} needs {needs}; install it: pip install 'mailkb[test]'", file=sys.stderr
        )
        return 2
    return importlib.import_module(DELEGATED[command]).main(argv)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kb", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate steps/: YAML, schema, cross-references")
    build_cmd = sub.add_parser(
        "build",
        help="write the generated tree for another engine: OUT/docs (to build), OUT/static "
        "(to copy over the built site as it is), OUT/nav.json, OUT/zensical.toml",
    )
    build_cmd.add_argument("--out", required=True, help="output folder (replaced on success)")
    build_cmd.add_argument(
        "--config",
        help="the MkDocs config OUT/zensical.toml is made from (default: mkdocs.yml beside steps/)",
    )
    for cmd in (check, build_cmd):
        cmd.add_argument("path", nargs="?", default=".", help="KB folder (or its steps/)")
        cmd.add_argument("--format", choices=("text", "github"), default="text")
    check.add_argument(
        "--require",
        default="",
        metavar="LANGS",
        help="fail if a unit of these languages (fr,de,...) is fuzzy or missing: a release gate",
    )
    site = sub.add_parser(
        "site", help="the publish build: mkdocs build --strict, swapped in only on success"
    )
    site.add_argument("--config", default="mkdocs.yml")
    site.add_argument(
        "--site-url",
        help="the address readers will use, e.g. https://help.example.com/ "
        "(default: $KB_SITE_URL, else site_url in the config)",
    )
    site.add_argument("--out", default="site")
    site.add_argument(
        "--languages",
        default="",
        metavar="LANGS",
        help="one build per language (en,fr,de,it,es) into OUT/<lang>/, in parallel",
    )
    site.add_argument(
        "--jobs", type=int, default=0, help="language builds at once (default: one more than cores)"
    )
    for name, text in (
        ("mailbox", "start the test mailbox and print how to connect"),
        ("verify", "log in with every documented setting"),
        ("bench", "measure build, preview, verification and page weight"),
        ("preview", "serve the site; an edited page is shown again within a second"),
        ("feedback", "receive 'Has this FAQ been helpful?' votes; report them"),
        ("i18n", "extract the translatable units; update the language catalogues"),
        ("sign-profile", "sign the built .mobileconfig with the provider's key (publish time)"),
    ):
        sub.add_parser(name, help=text, add_help=False)
    return top


DELEGATED = {
    "mailbox": "kb.mailbox.cli",
    "verify": "kb.verify.cli",
    "bench": "kb.bench.cli",
    "preview": "kb.preview",
    "feedback": "kb.feedback.cli",
    "i18n": "kb.i18n.cli",
    "sign-profile": "kb.formats.sign",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in DELEGATED:
        return _delegate(argv[0], argv[1:])
    args = parser().parse_args(argv)
    with stopped_by_signals():  # a stopped build removes its temporary folder
        return {"check": _check, "build": _build, "site": _site}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
