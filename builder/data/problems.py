"""Problems found in contributor data, and the plain-text report a contributor reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

WHOLE_FILE = "(file)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a contributor has to fix.

    `file` is the path as the contributor knows it (relative to the atlas root, with '/').
    `field` is a dotted path such as `images[0].alt`, or WHOLE_FILE.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""


def field_path(path: Iterable[str | int]) -> str:
    """Turn ("images", 0, "alt") into "images[0].alt"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or WHOLE_FILE


def one_line(text: str) -> str:
    """Contributor text quoted in a report may hold line breaks; shown escaped, it cannot start
    a line of its own (GitHub reads a line that starts with '::' as a command)."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def format_problem(problem: Problem) -> str:
    where = f"{one_line(problem.file)}:{problem.line}:{problem.column}: {one_line(problem.field)}"
    line = f"{where}: {one_line(problem.message)}"
    if problem.hint:
        line += f"\n    hint: {one_line(problem.hint)}"
    return line


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def format_report(problems: Iterable[Problem], checked: int) -> str:
    """The validator's whole report: every problem, then one summary line."""
    ordered = sorted(set(problems))
    lines = [format_problem(problem) for problem in ordered]
    outcome = plural(len(ordered), "problem") if ordered else "all valid"
    lines.append(f"{plural(checked, 'initiative')} checked, {outcome}")
    return "\n".join(lines)
