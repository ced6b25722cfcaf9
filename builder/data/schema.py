"""Check initiatives against the JSON Schema and explain each failure in plain words, with the
value the contributor most likely meant and the line to write."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from builder.data import suggestions
from builder.data.fixes import (
    answer_text,
    changed_line,
    date_answer_hint,
    key_fix,
    value_fix,
    values_fix,
    write_answer,
    written,
)
from builder.data.messages import NO_MESSAGE, Message, _
from builder.data.problems import Fix, Problem, field_path
from builder.data.sources import Path_, Source
from builder.data.suggestions import Choices
from builder.data.vocabularies import TERM_VOCABULARIES, load_vocabularies

SCHEMA_FILE = "initiative.schema.json"


def _kinds() -> dict[str, Message]:
    return {
        "string": _("text"),
        "array": _("a list"),
        "object": _("a set of fields"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "boolean": _("true or false"),
        "null": _("empty"),
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
    explainer = Explainer(source, schema_dir)
    problems: list[Problem] = []
    for error in _validator(schema_dir).iter_errors(source.data):
        problems.extend(explainer.explain(error))
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
            return name
    return "null"


def example_line(name: str | int, schema: dict[str, Any]) -> str:
    """A one-line YAML example for a field, from the schema's own `examples`."""
    examples = schema.get("examples") or []
    if not examples or isinstance(name, int):
        return ""
    return f"{name}: {written(examples[0]) if not isinstance(examples[0], dict) else '...'}"


CHECKED_ELSEWHERE = {("images", "*", "file")}
"""Fields whose form checks.py explains together with the file they name."""
PATTERN_KINDS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "slug",
    "^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$": "language",
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "date",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "day",
    "^https://": "address",
    "^images/[a-z0-9][a-z0-9_.-]*\\.(jpg|jpeg|png|webp)$": "picture",
}
"""What each pattern of the schema stands for; a test holds every pattern to an entry."""


def _generic(path: Path_) -> tuple[str | int, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


@dataclass(frozen=True)
class Failure:
    """One failure of the schema: where, the rule's own schema, the value and the limit."""

    path: Path_
    schema: dict[str, Any]
    value: Any
    limit: Any
    text: str


class Explainer:
    """Turns the schema's failures for one file into problems a contributor can act on."""

    def __init__(self, source: Source, schema_dir: Path) -> None:
        self.source = source
        self.schema_dir = schema_dir

    def problem(
        self,
        where: Path_,
        message: Message,
        hint: Message = NO_MESSAGE,
        fix: Fix | None = None,
        key: bool = False,
        form_hint: Message = NO_MESSAGE,
    ) -> Problem:
        line, column = self.source.position(where, key=key)
        return Problem(
            self.source.file, line, column, field_path(where), message, hint, fix, form_hint
        )

    def explain(self, error: ValidationError) -> Iterator[Problem]:
        path = tuple(error.absolute_path)
        schema: dict[str, Any] = dict(error.schema) if isinstance(error.schema, Mapping) else {}
        keyword = error.validator
        if _generic(path) in CHECKED_ELSEWHERE and keyword == "pattern":
            return
        if keyword in ("anyOf", "oneOf"):
            yield from self.explain(best_match(error.context))
            return
        handler = getattr(self, f"_{keyword}", None)
        if handler is None:
            yield self.problem(path, _("is not in the form the atlas expects"))
            return
        yield from handler(
            Failure(path, schema, error.instance, error.validator_value, error.message)
        )

    def _additionalProperties(self, failure: Failure) -> Iterator[Problem]:
        path, schema = failure.path, failure.schema
        known = sorted(schema.get("properties", {}))
        for extra in sorted(set(failure.value) - set(known), key=str):
            where = (*path, extra)
            close = difflib.get_close_matches(str(extra).lower(), known, n=1, cutoff=0.6)
            if close:
                fix = key_fix(self.source, where, close[0])
                hint = _(
                    "did you mean '%(name)s'? Write: %(line)s",
                    name=close[0],
                    line=changed_line(self.source, fix).strip() if fix else close[0],
                )
            else:
                fix, hint = (
                    None,
                    _("the fields allowed here are: %(names)s", names=", ".join(known)),
                )
            yield self.problem(
                where,
                _("'%(field)s' is not a field the atlas knows", field=extra),
                hint,
                fix,
                key=True,
            )

    def _required(self, failure: Failure) -> Iterator[Problem]:
        path, schema = failure.path, failure.schema
        missing = failure.text.split("'")[1]
        if not path and missing in self.source.set_aside:
            return
        written_keys = [str(k) for k in failure.value] if isinstance(failure.value, dict) else []
        if difflib.get_close_matches(missing, written_keys, n=1, cutoff=0.6):
            return  # misspelt: the unknown field's problem says which line to correct
        field_schema = schema.get("properties", {}).get(missing, {})
        if field_schema.get("type") == "boolean":
            hint = _(
                "add %(yes)s or %(no)s, whichever is true",
                yes=f"{missing}: true",
                no=f"{missing}: false",
            )
        elif example_line(missing, field_schema):
            hint = _("add a line such as: %(line)s", line=example_line(missing, field_schema))
        else:
            hint = _("add %(field)s", field=missing)
        yield self.problem(path, _("'%(field)s' is missing", field=missing), hint, key=True)

    def _type(self, failure: Failure) -> Iterator[Problem]:
        path, schema = failure.path, failure.schema
        wanted = schema["type"]
        wanted = [wanted] if isinstance(wanted, str) else wanted
        value = failure.value
        kinds = _kinds()
        message = _(
            "must be %(wanted)s, not %(found)s",
            wanted=_("%(one)s or %(other)s", one=kinds[wanted[0]], other=kinds[wanted[-1]])
            if len(wanted) > 1
            else kinds[wanted[0]],
            found=kinds[kind_of(value)],
        )
        kind = PATTERN_KINDS.get(_subschema(load_schema(self.schema_dir), path).get("pattern", ""))
        if kind in ("date", "day"):
            yield from self._date_of_another_kind(path, value, kind)
            return
        better = self._converted(path, wanted, value)
        if better is None:
            yield self.problem(path, message, _hint_for_kind(path, wanted, schema))
            return
        shown = written(better)
        fix = value_fix(self.source, path, shown)
        hint = _("write: %(line)s", line=_line(path, shown))
        yield self.problem(path, message, hint, fix, form_hint=write_answer(better))

    def _date_of_another_kind(self, path: Path_, value: Any, kind: str) -> Iterator[Problem]:
        """A date written as a number (2019.03) or as a list: said as a date, with the date."""
        better = suggestions.suggest_date(str(value)) if isinstance(value, int | float) else None
        message = _("%(value)s is not a date", value=written(value))
        if better is None:
            form = _DATE_FORMS["day" if kind == "day" else "date"]
            hint = _("write the date in quotes, as %(form)s", form=form)
            yield self.problem(path, message, hint, form_hint=date_answer_hint(form))
            return
        shown = _shown(kind, better)
        hint = _("write the date in quotes: %(line)s", line=_line(path, shown))
        fix = value_fix(self.source, path, shown)
        yield self.problem(path, message, hint, fix, form_hint=write_answer(better))

    def _converted(self, path: Path_, wanted: list[str], value: Any) -> Any:
        """The value in the kind the field needs, when there is one clear way to convert it."""
        if "boolean" in wanted and isinstance(value, str):
            return suggestions.suggest_boolean(value)
        if "number" in wanted and isinstance(value, str):
            return suggestions.suggest_number(value)
        if "string" in wanted and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if "array" in wanted and isinstance(value, str):
            items = [part.strip() for part in re.split(r"[,;]", value) if part.strip()]
            return self._items_for(path, items)
        return None

    def _items_for(self, path: Path_, items: list[str]) -> list[str] | None:
        among = self._choices((*path, 0))
        if among is None:
            return items
        found = [
            suggestions.suggest(item, among) if item not in among.values else [item]
            for item in items
        ]
        return [v for values in found for v in values] if all(found) else None

    def _enum(self, failure: Failure) -> Iterator[Problem]:
        path, schema = failure.path, failure.schema
        value = failure.value
        among = self._choices(path) or suggestions.choices([str(v) for v in schema["enum"]])
        vocabulary = self._vocabulary(path)
        message = (
            _unknown_messages()
            .get(vocabulary or "", _("'%(value)s' is not one of the allowed values"))
            .with_values(value=value)
        )
        found = suggestions.suggest(str(value), among) if isinstance(value, str) else []
        if found:
            fix = (
                values_fix(self.source, path, found)
                if path and isinstance(path[-1], int)
                else value_fix(self.source, path, found[0])
            )
            hint = _(
                "write: %(line)s",
                line=", ".join(found) if len(found) > 1 else _line(path, found[0]),
            )
            if len(found) > 1 or (path and isinstance(path[-1], int)):
                hint = _("write %(values)s in its place", values=", ".join(found))
            yield self.problem(path, message, hint, fix, form_hint=write_answer(found))
            return
        allowed = [str(v) for v in schema["enum"]]
        form_hint = NO_MESSAGE
        if vocabulary == "countries":
            hint = _(
                "write the country's two-letter code in capitals, such as KE for Kenya; every "
                "code is in schema/countries.tsv"
            )
            form_hint = _("write the country's two-letter code in capitals, such as KE for Kenya")
        elif len(allowed) > 20:
            hint = _("choose one of the values in schema/vocabularies.yaml")
        else:
            hint = _("write one of: %(values)s", values=", ".join(allowed))
        yield self.problem(path, message, hint, form_hint=form_hint)

    def _vocabulary(self, path: Path_) -> str | None:
        """Which vocabulary a field's values come from, found by comparing the schema's enum
        with each vocabulary (so that a new vocabulary needs no change here)."""
        subschema = _subschema(load_schema(self.schema_dir), path)
        enum = set(map(str, subschema.get("enum", [])))
        if not enum:
            return None
        vocab = load_vocabularies(self.schema_dir)
        if enum == set(vocab.countries):
            return "countries"
        return next((name for name in TERM_VOCABULARIES if enum == set(vocab.enum(name))), None)

    def _choices(self, path: Path_) -> Choices | None:
        vocabulary = self._vocabulary(path)
        if vocabulary is None:
            return None
        vocab = load_vocabularies(self.schema_dir)
        if vocabulary == "countries":
            return suggestions.country_choices(tuple(vocab.countries))
        return suggestions.term_choices(getattr(vocab, vocabulary))

    def _pattern(self, failure: Failure) -> Iterator[Problem]:
        path, schema = failure.path, failure.schema
        value = str(failure.value)
        kind = PATTERN_KINDS.get(schema.get("pattern", ""), "")
        message, hint, better = _pattern_explained(kind, value)
        shown = _shown(kind, better)
        fix = value_fix(self.source, path, shown) if better else None
        form_hint = date_answer_hint(_DATE_FORMS[kind]) if kind in _DATE_FORMS else NO_MESSAGE
        if better:
            hint = _("write: %(line)s", line=_line(path, shown))
            form_hint = write_answer(better)
        yield self.problem(path, message.with_values(value=value), hint, fix, form_hint=form_hint)

    def _propertyNames(self, failure: Failure) -> Iterator[Problem]:
        path = failure.path
        value = str(failure.value)
        found = suggestions.suggest(value, suggestions.language_choices())
        fix = key_fix(self.source, (*path, value), found[0]) if found else None
        hint = (
            _("write the language's code instead, such as %(code)s", code=found[0])
            if found
            else _("write a language code such as fr, es or pt-BR")
        )
        yield self.problem(
            (*path, value),
            _("'%(value)s' is not a language code", value=value),
            hint,
            fix,
            key=True,
        )

    def _minLength(self, failure: Failure) -> Iterator[Problem]:
        path = failure.path
        yield self.problem(
            path,
            _(
                "is %(length)s characters long; it must be at least %(limit)s",
                length=len(failure.value),
                limit=failure.limit,
            ),
            _("say a little more"),
        )

    def _maxLength(self, failure: Failure) -> Iterator[Problem]:
        path = failure.path
        yield self.problem(
            path,
            _(
                "is %(length)s characters long; it must be at most %(limit)s",
                length=len(failure.value),
                limit=failure.limit,
            ),
            _(
                "shorten it by %(over)s characters",
                over=len(failure.value) - failure.limit,
            ),
        )

    def _minItems(self, failure: Failure) -> Iterator[Problem]:
        path, schema = failure.path, failure.schema
        line = example_line(path[-1] if path else "", schema)
        hint = form_hint = NO_MESSAGE
        if line:
            hint = _(
                "add at least %(limit)s; for example: %(line)s", limit=failure.limit, line=line
            )
            form_hint = _(
                "add at least %(limit)s; for example: %(values)s",
                limit=failure.limit,
                values=answer_text(schema["examples"][0]),
            )
        yield self.problem(
            path,
            _(
                "has %(count)s entries; it must have at least %(limit)s",
                count=len(failure.value),
                limit=failure.limit,
            ),
            hint,
            form_hint=form_hint,
        )

    def _maxItems(self, failure: Failure) -> Iterator[Problem]:
        path = failure.path
        yield self.problem(
            path,
            _(
                "has %(count)s entries; it may have at most %(limit)s",
                count=len(failure.value),
                limit=failure.limit,
            ),
            _("keep the %(limit)s that matter most", limit=failure.limit),
        )

    def _maxProperties(self, failure: Failure) -> Iterator[Problem]:
        path = failure.path
        yield self.problem(
            path,
            _(
                "has %(count)s entries; it may have at most %(limit)s",
                count=len(failure.value),
                limit=failure.limit,
            ),
            _("keep the %(limit)s that matter most", limit=failure.limit),
        )

    def _minimum(self, failure: Failure) -> Iterator[Problem]:
        path, schema = failure.path, failure.schema
        yield self.problem(
            path,
            _(
                "%(value)s is out of range: it must be from %(low)s to %(high)s",
                value=failure.value,
                low=schema.get("minimum"),
                high=schema.get("maximum"),
            ),
            _range_hint(path),
        )

    _maximum = _minimum

    def _uniqueItems(self, failure: Failure) -> Iterator[Problem]:
        path = failure.path
        yield self.problem(path, _("lists the same entry twice"), _("remove the repeated entry"))


def _shown(kind: str, better: Any) -> str:
    """A value as the line to write shows it: dates always in quotes, as CONTRIBUTING.md asks
    (unquoted, 2019-03-15 is read as something else than text by most YAML tools)."""
    return f'"{better}"' if kind in ("date", "day") and better else written(better)


def _line(path: Path_, shown: str) -> str:
    """The line to write for a value: `key: value`, or `- value` for an entry of a list."""
    if path and isinstance(path[-1], str):
        return f"{path[-1]}: {shown}"
    return f"- {shown}"


def _subschema(schema: dict[str, Any], path: Path_) -> dict[str, Any]:
    node = schema
    for part in path:
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part) or node.get("additionalProperties") or {}
        if not isinstance(node, dict):
            return {}
    return node


def _unknown_messages() -> dict[str, Message]:
    return {
        "countries": _("'%(value)s' is not a country code"),
        "categories": _("'%(value)s' is not one of the atlas's categories"),
        "groups": _("'%(value)s' is not one of the atlas's groups"),
        "organization_types": _("'%(value)s' is not one of the kinds of organisation"),
        "licenses": _("'%(value)s' is not one of the licences the atlas accepts"),
        "help": _("'%(value)s' is not one of the kinds of help"),
        "solidarity": _("'%(value)s' is not a kind of solidarity"),
        "precisions": _("'%(value)s' is not one of the precisions"),
    }


def _hint_for_kind(path: Path_, wanted: list[str], schema: dict[str, Any]) -> Message:
    if "string" in wanted:
        return _("put the text in quotes")
    if "boolean" in wanted:
        name = path[-1] if path else ""
        return _("write %(yes)s or %(no)s", yes=f"{name}: true", no=f"{name}: false")
    if "number" in wanted:
        return _("write a number with a dot for decimals, such as -1.29")
    if "array" in wanted:
        return _(
            "write a list in square brackets, such as %(line)s",
            line=example_line(path[-1] if path else "", schema) or "[a, b]",
        )
    if "object" in wanted:
        return _("write the fields on indented lines below it")
    return NO_MESSAGE


def _range_hint(path: Path_) -> Message:
    if path[-1:] == ("lat",):
        return _(
            "latitude is from -90 (south pole) to 90 (north pole); check that lat and lon are "
            "not swapped"
        )
    if path[-1:] == ("lon",):
        return _("longitude is from -180 to 180; west of Greenwich is negative")
    return NO_MESSAGE


_DATE_FORMS = {"date": _("YYYY, YYYY-MM or YYYY-MM-DD"), "day": _("YYYY-MM-DD")}


def _pattern_explained(kind: str, value: str) -> tuple[Message, Message, Any]:
    """A message, a hint, and the value the contributor most likely meant (or None)."""
    if kind == "language":
        found = suggestions.suggest(value, suggestions.language_choices())
        return (
            _("'%(value)s' is not a language code"),
            _("write the language's code, such as en, fr, es, ar, zh, ru or pt-BR"),
            found[0] if len(found) == 1 else None,
        )
    if kind in ("date", "day"):
        better = suggestions.suggest_date(value)
        if kind == "day" and better and len(better) != 10:
            better = None
        form = _DATE_FORMS[kind]
        return (
            _("'%(value)s' is not a date in the form %(form)s", form=form),
            _('write the date as %(form)s, for example "2019-03"', form=form),
            better,
        )
    if kind == "address":
        better = None
        if value.startswith("http://"):
            better = "https://" + value.removeprefix("http://")
        elif re.match(r"(www\.)?[\w-]+(\.[\w-]+)+(/|$)", value):
            better = "https://" + value
        return (
            _("'%(value)s' is not a web address starting with https://"),
            _("copy the whole address from the browser's address bar"),
            better,
        )
    if kind == "slug":
        better = suggestions.latin_slug(value) or None
        return (
            _("'%(value)s' may only have lower-case letters a-z, digits and hyphens"),
            NO_MESSAGE,
            better,
        )
    return _("'%(value)s' is not in the form the atlas expects"), NO_MESSAGE, None
