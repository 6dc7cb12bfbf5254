"""Schema validation of loaded YAML, with every error mapped back to its file position."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from kb.errors import Problem
from kb.render.urls import url_problem
from kb.source.load import JsonPath, Loaded, field_name

if TYPE_CHECKING:
    from jsonschema import ValidationError


@cache
def _schema_text(kind: str) -> str:
    return resources.files("kb.source.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")


@cache
def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema for one file kind (also what editors use via yaml-language-server)."""
    return json.loads(_schema_text(kind))


@cache
def _validator(kind: str) -> Any:
    # Imported on first use: only an invalid file needs it, and its import is slow.
    import jsonschema

    return jsonschema.Draft202012Validator(schema(kind))


# Where compiled validators are kept, like Python's .pyc files: otherwise every build process
# would generate and compile the schemas' code again.
CODE_CACHE = Path(__file__).parent / "schemas" / "__pycache__"


@cache
def _fast(kind: str) -> Callable[[Any], Any]:
    # Compiled to Python code: several times faster on valid files, nearly all of them at scale.
    # jsonschema then explains the rare invalid file with every error and its position.
    made_by = "\0".join((_schema_text(kind), fastjsonschema.VERSION, sys.version))
    path = CODE_CACHE / f"{kind}.{hashlib.sha256(made_by.encode()).hexdigest()[:16]}.marshal"
    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        code = compile(fastjsonschema.compile_to_code(schema(kind)), f"<{kind} schema>", "exec")
        _keep(path, marshal.dumps(code))
    namespace: dict[str, Any] = {}
    exec(code, namespace)
    # The generated module defines the validator of the whole schema first.
    return namespace[next(name for name in code.co_names if name.startswith("validate_"))]


def _keep(path: Path, data: bytes) -> None:
    """Replace the cached code of one schema; a read-only install simply compiles each time."""
    try:
        path.parent.mkdir(exist_ok=True)
        for old in path.parent.glob(f"{path.name.split('.')[0]}.*.marshal"):
            old.unlink()
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


@cache
def url_fields(kind: str) -> frozenset[str]:
    """The names of the fields the schema of `kind` marks as URLs (`"format": "uri"`, on the
    field or on its items)."""
    names: set[str] = set()
    stack: list[Any] = [schema(kind)]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "uri" in (sub.get("format"), sub.get("items", {}).get("format")):
                    names.add(name)
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    return frozenset(names)


def _url_problems(loaded: Loaded, kind: str) -> list[Problem]:
    """`kb.render.urls.url_problem` applied to every URL of the file, at its position."""
    names, found = url_fields(kind), []
    stack: list[tuple[JsonPath, Any]] = []
    if isinstance(loaded.data, dict | list):  # anything else is the schema's to refuse
        stack.append(((), loaded.data))
    while stack:  # not recursive: the depth of a file is the loader's to limit
        at, node = stack.pop()
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            if isinstance(value, dict | list):
                stack.append(((*at, key), value))
            if key not in names:
                continue
            urls = enumerate(value) if isinstance(value, list) else [(None, value)]
            for n, url in urls:
                where = (*at, key) if n is None else (*at, key, n)
                message = url_problem(url) if isinstance(url, str) else None
                if message and where not in loaded.flagged:
                    found.append(loaded.problem(where, message))
    return sorted(found, key=lambda p: (p.line, p.col))


def validate(loaded: Loaded, kind: str) -> list[Problem]:
    """Every schema problem of one file, as `path:line:col: field: message`, and every URL
    `kb.render.urls.url_problem` refuses."""
    urls = _url_problems(loaded, kind)
    try:
        _fast(kind)(loaded.data)
        return urls
    except fastjsonschema.JsonSchemaException as err:
        fallback = loaded.problem((), f"does not match the {kind} schema: {err.message}")
    problems = urls
    for error in _validator(kind).iter_errors(loaded.data):
        at: JsonPath = tuple(error.absolute_path)
        if at in loaded.flagged:
            continue
        problems.extend(_explain(loaded, at, error))
    if not problems and not loaded.flagged:
        problems.append(fallback)
    return problems


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return f"the number {value}"
    return f"{value!r}"


TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping of fields",
    "array": "a list",
}


def _explain(loaded: Loaded, at: JsonPath, error: ValidationError) -> list[Problem]:
    kind, inst, sch = error.validator, error.instance, error.schema
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (inst or {})]
        return [
            Problem(
                loaded.path,
                *loaded.where(at),
                field_name((*at, name)),
                f"missing required field '{name}'",
            )
            for name in missing
        ]
    if kind == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(sch.get("properties", {}))
        extra = [name for name in inst if name not in allowed]
        hint = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        return [
            loaded.problem((*at, name), f"unknown field '{name}'{hint}", key=True) for name in extra
        ]
    if kind == "type":
        want = TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        message = f"expected {want} but received {_describe(inst)}"
    elif kind == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        message = f"expected one of {choices} but received {_describe(inst)}"
    elif kind == "pattern":
        want = sch.get("description", f"text matching {error.validator_value}")
        message = f"expected {want} but received {_describe(inst)}"
    elif kind == "oneOf":
        message = "a link needs exactly one of: page, vendor, url, download"
    elif kind in ("minItems", "minLength", "minProperties"):
        message = "must not be empty" + (f": {sch['description']}" if "description" in sch else "")
    elif kind == "uniqueItems":
        message = "lists the same item twice"
    elif kind == "maxItems":
        message = f"has more than {error.validator_value} items: split it"
    elif kind in ("minimum", "maximum"):
        low, high = sch.get("minimum"), sch.get("maximum")
        want = f"from {low} to {high}" if high is not None else f"of at least {low}"
        message = f"expected a whole number {want} but received {_describe(inst)}"
    else:
        message = error.message
    return [loaded.problem(at, message)]
