"""`kb`: check, build and serve the knowledge base; start the test mailbox; verify settings."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kb.build import build, swap, write_tree
from kb.errors import KbError
from kb.parallel import jobs
from kb.pipeline import load_knowledge_base


def _check(args: argparse.Namespace) -> int:
    try:
        kb = load_knowledge_base(args.path)
        _, site = build(args.path)
    except KbError as err:
        print(err.report(args.format))
        print(f"{len(err.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    guides = [p for p in kb.pages.values() if p.kind == "guide"]
    print(
        f"ok: {len(kb.pages)} FAQ pages ({len(guides)} guides), {len(kb.platforms)} platforms, "
        f"{len(kb.tasks)} tasks, {len(kb.procedures)} procedures, "
        f"{len(kb.settings.profiles)} settings profiles, {len(site.assets)} generated files"
    )
    return 0


def _build(args: argparse.Namespace) -> int:
    try:
        _, site = build(args.path)
    except KbError as err:
        print(err.report(args.format))
        print(f"{len(err.problems)} problem(s); {args.out} was left as it was.", file=sys.stderr)
        return 1
    write_tree(site, Path(args.out))
    print(f"wrote {len(site.pages)} pages and {len(site.assets)} files to {args.out}")
    return 0


def _site(args: argparse.Namespace) -> int:
    """`mkdocs build --strict` into a fresh folder, swapped in only when the build passed."""
    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", args.config, "-d", str(tmp)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        if subprocess.run(cmd, env=env).returncode != 0:
            print(f"the site build failed; {out} was left as it was", file=sys.stderr)
            return 1
        swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"built the site into {out}")
    return 0


def _delegate(module: str, argv: list[str]) -> int:
    import importlib

    return importlib.import_module(module).main(argv)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kb", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate steps/: YAML, schema, cross-references")
    build_cmd = sub.add_parser("build", help="write the generated Markdown tree to a folder")
    build_cmd.add_argument("--out", required=True, help="output folder (replaced on success)")
    for cmd in (check, build_cmd):
        cmd.add_argument("path", nargs="?", default=".", help="KB folder (or its steps/)")
        cmd.add_argument("--format", choices=("text", "github"), default="text")
    site = sub.add_parser("site", help="mkdocs build --strict, swapped in only on success")
    site.add_argument("--config", default="mkdocs.yml")
    site.add_argument("--out", default="site")
    for name, text in (
        ("mailbox", "start the test mailbox and print how to connect"),
        ("verify", "log in with every documented setting"),
        ("bench", "measure build, preview, verification and page weight"),
        ("preview", "serve the site; an edited page is shown again within a second"),
        ("feedback", "receive 'Has this FAQ been helpful?' votes; report them"),
    ):
        sub.add_parser(name, help=text, add_help=False)
    return top


DELEGATED = {
    "mailbox": "kb.mailbox.cli",
    "verify": "kb.verify.cli",
    "bench": "kb.bench.cli",
    "preview": "kb.preview",
    "feedback": "kb.feedback.cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        jobs()  # a wrong $KB_JOBS is named before any work, not deep in a traceback
    except ValueError as err:
        print(f"kb: {err}", file=sys.stderr)
        return 2
    if argv and argv[0] in DELEGATED:
        return _delegate(DELEGATED[argv[0]], argv[1:])
    args = parser().parse_args(argv)
    return {"check": _check, "build": _build, "site": _site}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
