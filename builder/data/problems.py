"""Problems found in contributor data, and the plain-text report a contributor reads, in the
language of each initiative (or the one asked for).

A report line is `file:line:column: where: message`, then `what to do: hint`. "Where" is said
in words, counting from one ("picture 2, alt"), not as a program would write it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from typing import Any

from builder.data.i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES, primary, translations
from builder.data.messages import NO_MESSAGE, Message, _, plural_message

WHOLE_FILE = "(file)"
COMMENT_FIELD = "(comment)"
FOLDER_FIELD = "(folder name)"


@dataclass(frozen=True)
class Fix:
    """What to change, exactly, when a problem has one answer.

    - `replace`: on line `line`, the text `old` that starts at `column` becomes `text`;
    - `line`: the line `line` becomes `text`;
    - `insert`: `text` is added as a new line after line `line`;
    - `rename`: the file `old` (inside the initiative folder) is renamed `text`;
    - `tabs`: every tab that indents a line becomes two spaces.
    """

    kind: str
    line: int = 0
    text: str = ""
    old: str = ""
    also: tuple[Fix, ...] = ()
    """More changes that go with this one (a point's latitude and longitude)."""
    column: int = 0


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a contributor has to fix.

    `file` is the path as the contributor knows it (relative to the atlas root, with '/').
    `field` is a dotted path such as `images[0].alt`, WHOLE_FILE, COMMENT_FIELD or
    FOLDER_FIELD; reports say it in words. `form_hint` is the hint for a contributor who
    answers questions (the issue form, `builder new`) rather than editing the file, when
    `hint` speaks of lines of YAML ("write KE" rather than "write: countries: [KE]").
    """

    file: str
    line: int
    column: int
    field: str
    message: Message
    hint: Message = NO_MESSAGE
    fix: Fix | None = dataclass_field(default=None, compare=False)
    form_hint: Message = dataclass_field(default=NO_MESSAGE, compare=False)

    def answer_hint(self) -> Message:
        """The hint on a route where the contributor answers questions."""
        return self.form_hint if self.form_hint.template else self.hint


def problem_to_json(problem: Problem) -> dict[str, Any]:
    fix = asdict(problem.fix) if problem.fix else None
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "message": problem.message.to_json(),
        "hint": problem.hint.to_json(),
        "fix": fix,
        "form_hint": problem.form_hint.to_json(),
    }


def problem_from_json(raw: dict[str, Any]) -> Problem:
    return Problem(
        raw["file"],
        raw["line"],
        raw["column"],
        raw["field"],
        Message.from_json(raw["message"]),
        Message.from_json(raw["hint"]),
        _fix_from_json(raw["fix"]) if raw.get("fix") else None,
        Message.from_json(raw["form_hint"]) if raw.get("form_hint") else NO_MESSAGE,
    )


def _fix_from_json(raw: dict[str, Any]) -> Fix:
    also = tuple(_fix_from_json(other) for other in raw.get("also", ()))
    return Fix(raw["kind"], raw["line"], raw["text"], raw["old"], also, raw.get("column", 0))


def field_path(path: Iterable[str | int]) -> str:
    """Turn ("images", 0, "alt") into "images[0].alt"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or WHOLE_FILE


def _item_words() -> dict[str, Message]:
    """How each list's entries are named, counting from one."""
    return {
        "images": _("picture %(number)s"),
        "organizations": _("organisation %(number)s"),
        "links": _("link %(number)s"),
        "seeks": _("sought help %(number)s"),
        "offers": _("offered help %(number)s"),
        "calls": _("call %(number)s"),
        "categories": _("category %(number)s"),
        "countries": _("country %(number)s"),
        "partner_countries": _("partner country %(number)s"),
        "groups": _("group %(number)s"),
        "rights": _("article %(number)s in rights"),
        "sdgs": _("goal %(number)s in sdgs"),
    }


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def describe_field(name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A field in words: "images[1].alt" -> "picture 2, alt"; "" for the whole file."""
    if name == WHOLE_FILE:
        return ""
    if name == COMMENT_FIELD:
        return _("a comment").render(language)
    if name == FOLDER_FIELD:
        return _("the folder name").render(language)
    parts: list[str | int] = [int(number) if number else key for key, number in _PART.findall(name)]
    words, items, index = [], _item_words(), 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(part, str) and isinstance(following, int) and part in items:
            words.append(
                Message(items[part].template, (("number", following + 1),)).render(language)
            )
            index += 2
        elif isinstance(part, str) and part == "translations" and isinstance(following, str):
            words.append(_("translation %(language)s", language=following).render(language))
            index += 2
        else:
            words.append(str(part + 1) if isinstance(part, int) else part)
            index += 1
    separator = translations(language).pgettext("list separator", ", ")
    return separator.join(words)


def one_line(text: str) -> str:
    """Contributor text quoted in a report may hold line breaks; shown escaped, it cannot start
    a line of its own (GitHub reads a line that starts with '::' as a command)."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def format_problem(problem: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    where = describe_field(problem.field, language)
    place = f"{one_line(problem.file)}:{problem.line}:{problem.column}: "
    said = one_line(problem.message.render(language))
    if where:
        said = _("%(field)s: %(problem)s", field=one_line(where), problem=said).render(language)
    line = place + said
    if problem.hint.template:
        hint = _("what to do: %(hint)s", hint=problem.hint).render(language)
        line += f"\n    {one_line(hint)}"
    return line


def summary_line(checked: int, problems: int, language: str = DEFAULT_LANGUAGE) -> str:
    if not problems:
        return plural_message(
            "%(count)s initiative checked, all valid",
            "%(count)s initiatives checked, all valid",
            checked,
        ).render(language)
    return _(
        "%(checked)s, %(found)s",
        checked=plural_message(
            "%(count)s initiative checked", "%(count)s initiatives checked", checked
        ),
        found=plural_message("%(count)s problem", "%(count)s problems", problems),
    ).render(language)


def report_language(requested: str | None, written_in: str | None) -> str:
    """The language of a report: the one asked for, else the initiative's own when it is one
    of the site's, else English."""
    for candidate in (requested, written_in):
        if candidate and primary(candidate) in SITE_LANGUAGES:
            return primary(candidate)
    return DEFAULT_LANGUAGE


def format_report(
    problems: Iterable[Problem],
    checked: int,
    requested: str | None = None,
    languages: Mapping[str, str] | None = None,
) -> str:
    """The validator's whole report: every problem (each in its initiative's language, unless
    one is requested), then one summary line (in the requested language, else in the one
    language every checked initiative shares, else English)."""
    ordered = sorted(set(problems))
    languages = languages or {}
    lines = [format_problem(p, report_language(requested, languages.get(p.file))) for p in ordered]
    shared = {report_language(None, language) for language in languages.values()}
    common = shared.pop() if len(shared) == 1 else None
    lines.append(summary_line(checked, len(ordered), report_language(requested, common)))
    return "\n".join(lines)
