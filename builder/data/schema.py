"""Check initiatives against the JSON Schema and explain each failure in plain words."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from builder.data.problems import Problem, field_path
from builder.data.sources import Source

SCHEMA_FILE = "initiative.schema.json"
_KINDS = {
    "string": "text",
    "array": "a list",
    "object": "a set of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


@cache
def load_schema(schema_dir: Path) -> dict[str, Any]:
    with open(schema_dir / SCHEMA_FILE, encoding="utf-8") as handle:
        schema = json.load(handle)
    Draft202012Validator.check_schema(schema)
    return schema


@cache
def _validator(schema_dir: Path) -> Draft202012Validator:
    return Draft202012Validator(load_schema(schema_dir))


@cache
def _fast_check(schema_dir: Path) -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema, about ten times faster. It only
    says yes or no; jsonschema explains every failure. Our schema uses no keyword that differs
    between draft-07 and 2020-12, and a test holds the two to the same verdicts."""
    schema = dict(load_schema(schema_dir), **{"$schema": "http://json-schema.org/draft-07/schema#"})
    return fastjsonschema.compile(schema)


def forget() -> None:
    _validator.cache_clear()
    _fast_check.cache_clear()


def prepare(schema_dir: Path) -> None:
    """Compile both validators now (worker processes then inherit them)."""
    _fast_check(schema_dir)
    _validator(schema_dir)


def is_valid(data: Any, schema_dir: Path) -> bool:
    try:
        _fast_check(schema_dir)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_schema(source: Source, schema_dir: Path) -> list[Problem]:
    """Every schema problem in one source, each placed at its line and column."""
    if is_valid(source.data, schema_dir):
        return []
    problems: list[Problem] = []
    for error in _validator(schema_dir).iter_errors(source.data):
        problems.extend(explain(source, error))
    return problems


_PYTHON_KINDS: tuple[tuple[str, type], ...] = (
    ("boolean", bool),
    ("integer", int),
    ("number", float),
    ("string", str),
    ("array", list),
    ("object", dict),
)
"""In this order: a bool is also an int."""


def kind_of(value: Any) -> str:
    for name, python_type in _PYTHON_KINDS:
        if isinstance(value, python_type):
            return _KINDS[name]
    return _KINDS["null"]


def example_line(name: str | int, schema: dict[str, Any]) -> str:
    """A one-line YAML example for a field, from the schema's own `examples`."""
    examples = schema.get("examples") or []
    if not examples or isinstance(name, int):
        return ""
    text = yaml.safe_dump(
        {name: examples[0]}, default_flow_style=True, allow_unicode=True, sort_keys=False, width=500
    )
    return "for example: " + text.strip()[1:-1]


def explain(source: Source, error: ValidationError) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    keyword = error.validator
    schema: dict[str, Any] = dict(error.schema) if isinstance(error.schema, Mapping) else {}
    value: Any = error.instance
    name = path[-1] if path else ""

    def problem(where: tuple, message: str, hint: str = "", key: bool = False) -> Problem:
        line, column = source.position(where, key=key)
        return Problem(source.file, line, column, field_path(where), message, hint)

    if keyword == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        for extra in sorted(set(value) - set(known)):
            close = difflib.get_close_matches(extra, known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(known)
            yield problem((*path, extra), "is not a field the atlas knows", hint, key=True)
    elif keyword == "required":
        missing = error.message.split("'")[1]
        hint = example_line(missing, schema.get("properties", {}).get(missing, {}))
        yield problem(path, f"'{missing}' is missing", hint, key=True)
    elif keyword == "type":
        wanted = schema["type"]
        wanted = [wanted] if isinstance(wanted, str) else wanted
        yield problem(
            path,
            f"must be {' or '.join(_KINDS[w] for w in wanted)}, not {kind_of(value)}",
            example_line(name, schema),
        )
    elif keyword == "enum":
        yield problem(path, f"'{value}' is not one of the allowed values", enum_hint(value, schema))
    elif keyword in ("minLength", "maxLength"):
        limit = error.validator_value
        size = "at least" if keyword == "minLength" else "at most"
        yield problem(
            path,
            f"is {len(value)} characters long; it must be {size} {limit}",
            "shorten it" if keyword == "maxLength" else "say a little more",
        )
    elif keyword in ("minItems", "maxItems"):
        size = "at least" if keyword == "minItems" else "at most"
        yield problem(
            path,
            f"has {len(value)} entries; it must have {size} {error.validator_value}",
            example_line(name, schema),
        )
    elif keyword in ("minimum", "maximum"):
        yield problem(
            path,
            f"{value} is out of range ({schema.get('minimum')} to {schema.get('maximum')})",
            example_line(name, schema),
        )
    elif keyword == "uniqueItems":
        yield problem(path, "lists the same entry twice", "remove the repeated entry")
    elif keyword == "pattern":
        yield problem(
            path,
            f"'{value}' is not in the right form: {schema.get('description', '')}".rstrip(": "),
            example_line(name, schema),
        )
    elif keyword in ("anyOf", "oneOf"):
        yield from explain(source, best_match(error.context))
    else:
        yield problem(path, error.message)


def enum_hint(value: Any, schema: dict[str, Any]) -> str:
    allowed = [str(option) for option in schema["enum"]]
    if isinstance(value, str) and value:
        lowered = {a.lower(): a for a in allowed}
        close = difflib.get_close_matches(value.lower(), list(lowered), n=1)
        containing = [a for a in allowed if value.lower() in a.lower()]
        if close or len(containing) == 1:
            return f"did you mean '{lowered[close[0]] if close else containing[0]}'?"
    if len(allowed) > 20:
        return schema.get("description", "")
    return "allowed: " + ", ".join(allowed)
