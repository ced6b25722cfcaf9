"""YAML mistakes in plain words, with the line that fixes them, and how to read on after one.

The parser's own messages ("did not find expected key", "found character that cannot start
any token") mean nothing to most contributors. The usual causes are few: tabs, a value that
starts with a quotation mark but goes on after it, a colon followed by a space inside a value,
a quotation mark that is never closed, a line that is not a field. Each gets a sentence, a hint
and, where there is one answer, the corrected line. After a mistake, the reader sets the line
aside and reads the rest, so that one round shows every problem in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from builder.data.messages import Message, _
from builder.data.problems import Fix

FIELD_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[A-Za-z_][\w-]*)\s*:(?P<space>\s+)(?P<value>\S.*?)\s*$"
)
LEADING_TABS = re.compile(r"^[ \t]*\t[ \t]*")


@dataclass(frozen=True)
class Explained:
    message: Message
    hint: Message
    fix: Fix | None = None
    key: str = ""
    """The field the line holds, when it holds one: it is left out while the rest is read."""


def tab_lines(text: str) -> list[int]:
    """The lines (from 1) that indent with a tab, which YAML does not allow."""
    return [n for n, line in enumerate(text.split("\n"), 1) if LEADING_TABS.match(line)]


def without_tabs(text: str) -> str:
    """The text with each indenting tab as two spaces, as most editors would show it."""
    return "\n".join(
        LEADING_TABS.sub(lambda m: m.group().replace("\t", "  "), line) for line in text.split("\n")
    )


def quoted(value: str) -> str:
    """A value as YAML text that reads back exactly as written."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def corrected(line: str) -> str | None:
    """The line with its value in quotes, if that makes it a valid field; else None."""
    found = FIELD_LINE.match(line)
    if not found:
        return None
    value = found.group("value")
    if value[:1] in "|>":
        return None
    fixed = (
        f"{found.group('indent')}{found.group('dash') or ''}{found.group('key')}: {quoted(value)}"
    )
    try:
        read = yaml.safe_load(
            fixed.strip().removeprefix("- ") if found.group("dash") else fixed.strip()
        )
    except yaml.YAMLError:
        return None
    return fixed if isinstance(read, dict) and read.get(found.group("key")) == value else None


def _key_of(line: str) -> str:
    found = FIELD_LINE.match(line) or re.match(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_][\w-]*)\s*:", line)
    return found.group("key") if found else ""


def explain(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, Explained]:
    """Where a YAML mistake is, in plain words; the line of the mark the parser gives, or of the
    field that the mistake comes from."""
    mark = error.problem_mark or error.context_mark
    number = (mark.line + 1) if mark else 1
    column = (mark.column + 1) if mark else 1
    lines = text.split("\n")
    problem = error.problem or ""
    context = error.context or ""
    if "nesting depth" in problem:
        return (
            number,
            column,
            Explained(
                _("the fields are nested too deeply to be an initiative"),
                _("check the indentation: initiative fields need at most three levels"),
            ),
        )
    # The parser often notices a value's mistake on the line after it (an unclosed quotation
    # mark, a value that goes on after its quotes): look at the field the mark belongs to.
    start = (error.context_mark.line + 1) if error.context_mark else number
    for candidate in dict.fromkeys([number, start, number - 1]):
        if 1 <= candidate <= len(lines):
            found = _explain_line(lines[candidate - 1], problem, context)
            if found:
                return candidate, column if candidate == number else 1, found
    line = lines[number - 1] if 1 <= number <= len(lines) else ""
    indented = _over_indented(lines, number)
    if indented:
        return number, 1, indented
    return (
        number,
        column,
        Explained(
            _(
                "this line cannot be read: %(detail)s",
                detail=_("a field is written as 'name: value', one per line"),
            ),
            _(
                "compare the line with the example in CONTRIBUTING.md: the name, a colon, a "
                "space, then the value; text that goes on over several lines is indented under "
                "its field"
            ),
            key=_key_of(line),
        ),
    )


def _over_indented(lines: list[str], number: int) -> Explained | None:
    """A field indented further than the field before it, which holds a value of its own."""
    if not 1 < number <= len(lines):
        return None
    line = lines[number - 1]
    before = next((b for b in reversed(lines[: number - 1]) if b.strip()), "")
    here, above = FIELD_LINE.match(line), FIELD_LINE.match(before)
    if not (here and above) or above.group("dash") or here.group("dash"):
        return None
    indent = above.group("indent")
    if len(here.group("indent")) <= len(indent):
        return None
    fixed = indent + line.lstrip()
    return Explained(
        _(
            "%(field)s is indented further than the field above it, %(above)s",
            field=here.group("key"),
            above=above.group("key"),
        ),
        _("start it where the field above starts: %(line)s", line=fixed.strip()),
        Fix("line", text=fixed),
        here.group("key") if not indent else "",
    )


def _unclosed(line: str, key: str, value: str) -> Explained | None:
    """A list or a set of fields written on one line, opened and never closed."""
    closer = {"[": "]", "{": "}"}.get(value[:1])
    if not closer or closer in value:
        return None
    fixed = line.rstrip() + closer
    try:
        yaml.safe_load(fixed.strip().removeprefix("- "))
    except yaml.YAMLError:
        return None
    return Explained(
        _(
            "the list in %(field)s starts with %(opener)s but is never closed",
            field=key,
            opener=value[:1],
        ),
        _("close it: %(line)s", line=fixed.strip()),
        Fix("line", text=fixed),
        key,
    )


def _quote_inside(line: str, key: str, value: str) -> Explained | None:
    """A value in single quotes with an apostrophe inside: 'Don't stop'."""
    found = FIELD_LINE.match(line)
    if not found or value[:1] != "'" or not _closes_at_end(value) or "'" not in value[1:-1]:
        return None
    inner = value[1:-1].replace("''", "'")
    fixed = f"{found.group('indent')}{found.group('dash') or ''}{key}: {quoted(inner)}"
    return Explained(
        _(
            "the value of %(field)s is in single quotes and has an apostrophe inside them",
            field=key,
        ),
        _("use double quotes around it: %(line)s", line=fixed.strip()),
        Fix("line", text=fixed),
        key,
    )


def _explain_line(line: str, problem: str, context: str) -> Explained | None:
    key = _key_of(line)
    fixed = corrected(line)
    found = FIELD_LINE.match(line)
    value = found.group("value") if found else ""
    special = _unclosed(line, key, value) or _quote_inside(line, key, value)
    if special:
        return special
    if fixed and value[:1] in "\"'" and not _closes_at_end(value):
        return _quoted(
            _(
                "the value of %(field)s starts with a quotation mark but goes on after the "
                "closing one",
                field=key,
            ),
            fixed,
            key,
        )
    if fixed and value[:1] in "\"'":
        return None
    if fixed and ": " in value:
        return _quoted(
            _(
                "the value of %(field)s holds a colon followed by a space, which YAML reads as a "
                "new field",
                field=key,
            ),
            fixed,
            key,
        )
    if fixed and value[:1] in "@`%!&*[]{}#|>,?":
        return _quoted(
            _(
                "the value of %(field)s starts with the character %(character)s, which YAML "
                "reserves",
                field=key,
                character=value[:1],
            ),
            fixed,
            key,
        )
    if "quoted scalar" in context or "unexpected end of stream" in problem:
        return Explained(
            _("a quotation mark opened in %(field)s is never closed", field=key or "?"),
            _("close the quotation mark at the end of the value, or remove it"),
            key=key,
        )
    return None


def _quoted(message: Message, fixed: str, key: str) -> Explained:
    """A value YAML misreads, with the line written again in quotes."""
    hint = _("put the whole value in quotes: %(line)s", line=fixed.strip())
    return Explained(message, hint, Fix("line", text=fixed), key)


def _closes_at_end(value: str) -> bool:
    """Whether a value that starts with a quotation mark also ends with the same one."""
    return len(value) > 1 and value[-1] == value[0]
