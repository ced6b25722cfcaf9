"""Find initiative files and read them as plain data, keeping the line and column of every value.

The YAML reader accepts only what an initiative needs: mappings, lists, text, numbers, true/false
and null. Tags, anchors, aliases, merge keys and duplicate keys are refused, and so are files
that are too large or nested too deeply. Dates and words such as `NO` or `yes` stay text.

A mistake does not stop the reading: invisible characters are reported and left out, tabs are
reported once with every line that has one, and a line the parser cannot read is reported in
plain words (builder.data.syntax) and set aside while the rest of the file is read and checked.
"""

from __future__ import annotations

import bisect
import html
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.data import syntax
from builder.data.messages import NO_MESSAGE, Message, _
from builder.data.problems import WHOLE_FILE, Fix, Problem, field_path

INITIATIVES_DIR = "initiatives"
INITIATIVE_FILE = "initiative.yaml"
MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 8
MAX_SET_ASIDE = 10
"""Lines set aside before the reader gives up on a file: beyond this, it is not YAML."""
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOLEANS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")

Path_ = tuple[str | int, ...]
Position = tuple[int, int]
Span = tuple[int, int]
"""Where a scalar is written in the file's text: the offsets of its first and last character."""


@dataclass(frozen=True)
class Comment:
    """A YAML comment: the parser drops it, but it is published with the file all the same."""

    line: int
    column: int
    text: str


@dataclass(frozen=True)
class Source:
    """One initiative file as read from disk: its data, or the problems that stopped reading."""

    slug: str
    folder: Path
    file: str
    data: dict[str, Any] | None
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    text: str = ""
    """The file as read, for the checks that look at how values are written."""
    spans: dict[Path_, Span] = field(default_factory=dict)
    comments: tuple[Comment, ...] = ()
    set_aside: frozenset[str] = frozenset()
    """Fields on lines that could not be read: not reported as missing, as they are there."""
    language: str | None = None
    """What the file's `language:` line says, read even when the YAML around it is broken,
    so that problems are reported in the contributor's language."""

    def raw_lines(self, path: Path_) -> list[tuple[int, int, str]]:
        """The lines a value is written on, as (line, column, text), for reporting a problem
        at the line inside a long value where it is, not where the value starts."""
        if path not in self.spans:
            line, column = self.position(path)
            return [(line, column, "")]
        start, end = self.spans[path]
        line, column = self.positions[path]
        lines = []
        for number, text in enumerate(self.text[start:end].split("\n")):
            lines.append((line + number, column if number == 0 else 1, text))
        return lines

    def position(self, path: Iterable[str | int], *, key: bool = False) -> Position:
        """Where a value (or its key) starts; the nearest enclosing value when it is missing."""
        path = tuple(path)
        while path:
            found = (self.key_positions if key else self.positions).get(path)
            if found:
                return found
            found = self.key_positions.get(path) or self.positions.get(path)
            if found:
                return found
            path = path[:-1]
        return self.positions.get((), (1, 1))


class YamlRefused(Exception):
    """A mistake in a file's YAML. `key` names the field on the line when the line can be set
    aside and the rest of the file read."""

    def __init__(
        self,
        line: int,
        column: int,
        message: Message,
        hint: Message = NO_MESSAGE,
        where: Path_ = (),
        fix: Fix | None = None,
        key: str | None = None,
    ):
        super().__init__(message.template)
        self.line, self.column, self.message, self.hint = line, column, message, hint
        self.where, self.fix, self.key = where, fix, key

    def problem(self, file: str) -> Problem:
        fix = Fix(self.fix.kind, self.line, self.fix.text) if self.fix else None
        return Problem(
            file, self.line, self.column, field_path(self.where), self.message, self.hint, fix
        )


def discover(root: Path, paths: Iterable[Path] = ()) -> tuple[list[Path], list[Problem]]:
    """The initiative files to check, sorted: those named, or every one under initiatives/."""
    paths = list(paths)
    problems: list[Problem] = []
    if not paths:
        base = root / INITIATIVES_DIR
        paths = sorted(base.iterdir()) if base.is_dir() else []
        paths = [p for p in paths if not p.name.startswith(".") and p.name != "README.md"]
    files = []
    base = Path(os.path.abspath(root / INITIATIVES_DIR))
    for path in paths:
        path = Path(os.path.abspath(path if path.is_absolute() else root / path))
        parts = path.relative_to(base).parts if path.is_relative_to(base) else ()
        folder = base / parts[0] if parts else None
        if folder is None or folder.is_symlink():
            problems.append(
                Problem(
                    display_path(root, path),
                    1,
                    1,
                    WHOLE_FILE,
                    _("is not an initiative folder") if path.exists() else _("does not exist"),
                    _(
                        "each initiative is a folder of its own: %(path)s",
                        path=f"{INITIATIVES_DIR}/<id>/{INITIATIVE_FILE}",
                    ),
                )
            )
        elif not folder.is_dir():
            problems.append(
                Problem(
                    display_path(root, path),
                    1,
                    1,
                    WHOLE_FILE,
                    _("does not exist")
                    if not path.exists() and not folder.exists()
                    else _("is not in a folder of its own"),
                    _(
                        "check the name (ls %(base)s lists the folders), or create %(path)s",
                        base=INITIATIVES_DIR,
                        path=f"{INITIATIVES_DIR}/<id>/{INITIATIVE_FILE}",
                    )
                    if not folder.exists()
                    else _("move it to %(path)s", path=f"{INITIATIVES_DIR}/<id>/{INITIATIVE_FILE}"),
                )
            )
        else:
            files.append(folder / INITIATIVE_FILE)
    return sorted(set(files)), problems


def display_path(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_source(root: Path, file: Path) -> Source:
    """Read one initiative file; never raises for anything the file contains."""
    shown = display_path(root, file)
    slug = file.parent.name

    def refused(problems: list[Problem], text: str = "") -> Source:
        language = declared_language(text)
        return Source(slug, file.parent, shown, None, problems=tuple(problems), language=language)

    try:
        info = os.lstat(file)
    except FileNotFoundError:
        message = _("is missing: every initiative folder needs an %(file)s", file=INITIATIVE_FILE)
        return refused([Problem(shown, 1, 1, WHOLE_FILE, message)])
    if not stat.S_ISREG(info.st_mode):
        message, hint = _("must be a regular file, not a link"), _("commit the file itself")
        return refused([Problem(shown, 1, 1, WHOLE_FILE, message, hint)])
    if info.st_size > MAX_FILE_BYTES:
        message = _(
            "is %(size)s KiB; the limit is %(limit)s KiB",
            size=info.st_size // 1024,
            limit=MAX_FILE_BYTES // 1024,
        )
        hint = _("shorten the description; pictures go in separate files under images/")
        return refused([Problem(shown, 1, 1, WHOLE_FILE, message, hint)])
    with open(file, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    text, problems = readable_text(raw, shown)
    set_aside: set[str] = set()
    for _attempt in range(MAX_SET_ASIDE):
        try:
            reader = read_events(text)
        except YamlRefused as refusal:
            problems.append(refusal.problem(shown))
            if refusal.key is None or refusal.line > text.count("\n") + 1:
                return refused(problems, text)
            text = _set_aside(text, refusal.line)
            set_aside.add(refusal.key)
            continue
        return Source(
            slug,
            file.parent,
            shown,
            reader.data,
            reader.positions,
            reader.key_positions,
            problems=tuple(problems),
            text=text,
            spans=reader.spans,
            comments=tuple(find_comments(text, reader.scalar_spans)),
            set_aside=frozenset(set_aside),
            language=declared_language(text),
        )
    return refused(problems, text)


_LANGUAGE_LINE = re.compile(r"^language:[ \t]*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.M)


def declared_language(text: str) -> str | None:
    found = _LANGUAGE_LINE.search(text)
    return found.group(1) if found else None


def _set_aside(text: str, line: int) -> str:
    """The text with one line emptied, so that every other line keeps its number."""
    lines = text.split("\n")
    lines[line - 1] = ""
    return "\n".join(lines)


def _place(text: str, offset: int) -> Position:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def readable_text(raw: bytes, shown: str) -> tuple[str, list[Problem]]:
    """The file as text the parser can read, and what had to be left out of it: bytes that are
    not UTF-8, invisible characters, indenting tabs. Each kind is reported once."""
    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _place(raw[: error.start].decode("utf-8", "replace"), error.start)
        problems.append(
            Problem(
                shown,
                line,
                column,
                WHOLE_FILE,
                _("is not saved as UTF-8 text"),
                _("save the file as UTF-8 (most editors offer this under 'Save as' or 'Encoding')"),
            )
        )
        text = raw.decode("utf-8", "replace")
    text = text.removeprefix("\ufeff")
    for pattern, message, hint in _INVISIBLE:
        found = pattern.search(text)
        if found:
            line, column = _place(text, found.start())
            code = f"U+{ord(found.group()):04X}"
            problems.append(
                Problem(shown, line, column, WHOLE_FILE, message.with_values(code=code), hint)
            )
            text = pattern.sub("", text)
    lines = syntax.tab_lines(text)
    if lines:
        listed = ", ".join(str(n) for n in lines)
        problems.append(
            Problem(
                shown,
                lines[0],
                1,
                WHOLE_FILE,
                _("indents with tabs, which YAML does not allow, on lines %(lines)s", lines=listed),
                _(
                    "replace each tab at the start of these lines with two spaces (many editors "
                    "do it with 'Convert indentation to spaces')"
                ),
                Fix("tabs"),
            )
        )
        text = syntax.without_tabs(text)
    return text, problems


_INVISIBLE = (
    (
        BIDI_CONTROLS,
        _("contains an invisible text-direction control character (%(code)s)"),
        _("delete it; right-to-left text displays correctly without it"),
    ),
    (
        CONTROL_CHARACTERS,
        _("contains an invisible control character (%(code)s)"),
        _("delete it; it often comes from copying text out of another program"),
    ),
)


def decode(raw: bytes) -> str:
    """The text of a file that is entirely readable, or YamlRefused with the first problem."""
    text, problems = readable_text(raw, "")
    if problems:
        first = problems[0]
        raise YamlRefused(first.line, first.column, first.message, first.hint)
    return text


def parse(text: str) -> tuple[Any, dict[Path_, Position], dict[Path_, Position]]:
    """Plain data from YAML, with where each value and each key starts."""
    reader = read_events(text)
    return reader.data, reader.positions, reader.key_positions


def read_events(text: str) -> _EventReader:
    """Build plain data from YAML events, recording where each value and key is written."""
    loader = _Parser(text)
    try:
        reader = _EventReader(loader, text)
        reader.document()
        return reader
    except yaml.MarkedYAMLError as error:
        line, column, explained = syntax.explain(error, text)
        raise YamlRefused(
            line, column, explained.message, explained.hint, fix=explained.fix, key=explained.key
        ) from None
    except yaml.reader.ReaderError as error:
        line, column = _place(text, error.position)
        code = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
        raise YamlRefused(
            line,
            column,
            _("contains a character YAML does not allow (%(code)s)", code=code),
            _("delete it; it is often invisible and comes from copying text"),
        ) from None
    except yaml.YAMLError:
        raise YamlRefused(1, 1, _("cannot be read as YAML")) from None
    finally:
        loader.dispose()


class _EventReader:
    def __init__(self, loader: Any, text: str):
        self.next = loader.get_event
        self.text = text
        self.data: dict[str, Any] = {}
        self.positions: dict[Path_, Position] = {}
        self.key_positions: dict[Path_, Position] = {}
        self.spans: dict[Path_, Span] = {}
        self.scalar_spans: list[Span] = []
        """Every key and value, in the order they are written."""

    def document(self) -> None:
        self.next()  # StreamStart
        event = self.next()
        if isinstance(event, yaml.StreamEndEvent):
            raise YamlRefused(1, 1, _("the file is empty"), _("start from an example initiative"))
        data = self.node((), self.next(), 0)
        self.next()  # DocumentEnd
        event = self.next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise YamlRefused(
                *at(event),
                _("holds more than one YAML document"),
                _("remove the line with '---'"),
            )
        if not isinstance(data, dict):
            raise YamlRefused(
                1,
                1,
                _("must be a set of fields such as 'title: ...'"),
                _("start from an example initiative"),
            )
        self.data = data

    def node(self, path: Path_, event: Any, depth: int) -> Any:
        self.refuse_features(path, event, depth)
        self.positions[path] = at(event)
        if isinstance(event, yaml.ScalarEvent):
            _refuse_hidden(event, path, self.text)
            self.spans[path] = self._span(event)
            return scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(event := self.next(), yaml.SequenceEndEvent):
                items.append(self.node((*path, len(items)), event, depth + 1))
            return items
        return self.mapping(path, depth)

    def mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not isinstance(event := self.next(), yaml.MappingEndEvent):
            self.refuse_features(path, event, depth + 1)
            if not isinstance(event, yaml.ScalarEvent):
                raise YamlRefused(*at(event), _("a field name must be a single word"), where=path)
            key = event.value
            _refuse_hidden(event, path, self.text)
            self._span(event)
            if key == "<<" and not event.style:
                raise YamlRefused(
                    *at(event),
                    _("merge keys ('<<') are not allowed"),
                    _("write each field out"),
                    where=path,
                )
            child = (*path, key)
            if key in result:
                first = self.key_positions[child]
                raise YamlRefused(
                    *at(event),
                    _(
                        "'%(field)s' appears twice (first on line %(line)s)",
                        field=key,
                        line=first[0],
                    ),
                    _("keep one of the two and delete the other"),
                    where=child,
                    key=key,
                )
            self.key_positions[child] = at(event)
            result[key] = self.node(child, self.next(), depth + 1)
        return result

    def _span(self, event: Any) -> Span:
        span = (event.start_mark.index, event.end_mark.index)
        self.scalar_spans.append(span)
        return span

    def refuse_features(self, path: Path_, event: Any, depth: int) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlRefused(
                *at(event),
                _("anchors and aliases ('&' and '*') are not allowed"),
                _("write the value out in full"),
                where=path,
            )
        if getattr(event, "tag", None):
            raise YamlRefused(
                *at(event),
                _("YAML tags such as '%(tag)s' are not allowed", tag=event.tag),
                _("remove the tag and write the plain value"),
                where=path,
            )
        if depth > MAX_DEPTH:
            raise YamlRefused(
                *at(event),
                _("is nested more than %(depth)s levels deep", depth=MAX_DEPTH),
                _("check the indentation: initiative fields need at most three levels"),
                where=path,
            )


def _refuse_hidden(event: Any, path: Path_, text: str) -> None:
    """Escapes such as "\\u202E" or "\\e" make invisible characters after the file was read,
    and an HTML entity such as `&#x202E;` makes one in the browser."""
    for pattern, message, _hint in _INVISIBLE:
        found = pattern.search(event.value)
        if found:
            raise YamlRefused(
                *at(event),
                message.with_values(code=f"U+{ord(found.group()):04X}"),
                _("delete the escape that makes it, such as \\u202E or \\e"),
                where=path,
            )
        if "&" in event.value:
            _refuse_entities(event, path, text, pattern)


def _refuse_entities(event: Any, path: Path_, text: str, pattern: re.Pattern[str]) -> None:
    """An HTML entity that makes an invisible character: refused at the line it is written on,
    or where the value starts when a YAML escape wrote the entity."""
    for entity in _ENTITY.finditer(text, event.start_mark.index, event.end_mark.index):
        found = pattern.search(html.unescape(entity.group()))
        if found:
            before = text[: entity.start()]
            raise YamlRefused(
                before.count("\n") + 1,
                entity.start() - before.rfind("\n"),
                _(
                    "contains an HTML entity that makes an invisible character (%(code)s)",
                    code=f"U+{ord(found.group()):04X}",
                ),
                _("delete %(entity)s: text displays correctly without it", entity=entity.group()),
                where=path,
            )
    found = pattern.search(html.unescape(event.value))
    if found:
        raise YamlRefused(
            *at(event),
            _(
                "contains an HTML entity that makes an invisible character (%(code)s)",
                code=f"U+{ord(found.group()):04X}",
            ),
            _("delete the entity: text displays correctly without it"),
            where=path,
        )


def find_comments(text: str, scalars: list[Span]) -> Iterator[Comment]:
    """Every comment in a YAML text: a '#' outside every key and value starts one, to the end of
    its line. `scalars` are the spans of every key and value, in the order they are written."""
    starts = [start for start, _ in scalars]
    line, line_start, counted = 1, 0, 0
    position = text.find("#")
    while position >= 0:
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and position < scalars[index][1]:
            position = text.find("#", scalars[index][1])
            continue
        line += text.count("\n", counted, position)
        line_start = text.rfind("\n", counted, position) + 1 or line_start
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        yield Comment(line, position - line_start + 1, text[position + 1 : end])
        counted = position
        position = text.find("#", end)


def at(event: Any) -> Position:
    return event.start_mark.line + 1, event.start_mark.column + 1


def scalar(event: Any) -> Any:
    """Resolve a scalar the way a contributor expects; only unquoted values become non-text."""
    value = event.value
    if event.style:
        return value
    if value in _NULL:
        return None
    if value in _BOOLEANS:
        return _BOOLEANS[value]
    if _INT.fullmatch(value):
        return int(value) if len(value) <= 18 else value
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def iter_strings(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text value in a document, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from iter_strings(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from iter_strings(child, (*path, index))
