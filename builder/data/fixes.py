"""The exact change a problem calls for, when it has one answer: the line to write in place
of a line, the line to add, the file to rename. Reports show it as the line to write; a test
applies it to show that one round of fixes is enough. A contributor who answers questions
instead (the issue form, `builder new`) is shown the value alone, as it is typed in an answer."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import yaml

from builder.data.messages import Message, _
from builder.data.problems import Fix
from builder.data.sources import Path_, Source


def line_text(source: Source, line: int) -> str:
    lines = source.text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def written(value: Any) -> str:
    """A value as it is written in YAML on one line: quoted when it would otherwise be read as
    something else ('NO', "2019-03", a text that starts with a quote)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(written(item) for item in value) + "]"
    if not isinstance(value, str):
        return repr(value)
    plain = value and not value[0].isspace() and not value[-1].isspace()
    if plain and _reads_back(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def answer_text(value: Any) -> str:
    """A value as a person types it in an answer: no quotes, a list as its entries separated
    by commas."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(answer_text(item) for item in value)
    return value if isinstance(value, str) else repr(value)


def write_answer(value: Any) -> Message:
    """The hint for an answer whose right value is known."""
    return _("write %(value)s", value=answer_text(value))


def date_answer_hint(form: Message) -> Message:
    return _("write the date as %(form)s, for example 2019-03", form=form)


def _reads_back(text: str) -> bool:
    try:
        return yaml.safe_load(f"x: {text}") == {"x": text}
    except yaml.YAMLError:
        return False


def value_fix(source: Source, path: Path_, replacement: str) -> Fix | None:
    """The value at `path`, as written, replaced by `replacement`; None when the value spans
    several lines."""
    span = source.spans.get(path)
    if span is None or "\n" in source.text[span[0] : span[1]]:
        return None
    line = source.text.count("\n", 0, span[0]) + 1
    column = span[0] - (source.text.rfind("\n", 0, span[0]) + 1) + 1
    return Fix("replace", line, replacement, source.text[span[0] : span[1]], column=column)


def values_fix(source: Source, path: Path_, replacements: list[str]) -> Fix | None:
    """An entry of a list replaced by one or more entries: in a `[a, b]` list on one line, or
    as `- a` lines one under the other."""
    fix = value_fix(source, path, ", ".join(replacements))
    if fix is None or len(replacements) == 1:
        return fix
    before = line_text(source, fix.line)[: fix.column - 1]
    if before.strip() == "-":
        indent = before[: len(before) - len(before.lstrip())]
        extra = tuple(Fix("insert", fix.line, f"{indent}- {r}") for r in replacements[1:])
        return replace(fix, text=replacements[0], also=extra)
    return fix


def key_fix(source: Source, path: Path_, new_key: str) -> Fix | None:
    """The key at `path` renamed."""
    found = source.key_positions.get(path)
    if found is None:
        return None
    line, column = found
    old = str(path[-1])
    if line_text(source, line)[column - 1 : column - 1 + len(old)] != old:
        return None
    return Fix("replace", line, new_key, old, column=column)


def changed_line(source: Source, fix: Fix) -> str:
    """The line a `replace` fix makes, as the hint shows it."""
    text = line_text(source, fix.line)
    start = fix.column - 1
    return text[:start] + fix.text + text[start + len(fix.old) :]
