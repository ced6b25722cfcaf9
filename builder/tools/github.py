"""What a pull request shows on GitHub: annotations on the diff and the job summary.

Contributor text reaches GitHub here and only here, so this module escapes it twice over: for
the workflow-command syntax the runner reads, and for the Markdown the summary is written in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from builder.data.problems import Problem, plural


def _escape_data(text: str) -> str:
    """As GitHub's actions toolkit escapes a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """As GitHub's actions toolkit escapes a workflow command's property values."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, level: str = "error") -> str:
    """One GitHub workflow command that puts the problem on the pull request's diff."""
    message = f"{problem.field}: {problem.message}"
    if problem.hint:
        message += f"\nhint: {problem.hint}"
    properties = ",".join(
        [
            f"file={_escape_property(problem.file)}",
            f"line={problem.line}",
            f"col={problem.column}",
            f"title={_escape_property(f'Fix {problem.field}')}",
        ]
    )
    return f"::{level} {properties}::{_escape_data(message)}"


_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+-.!|<>~&"})


def code_span(text: str) -> str:
    """A file or field name as inline code, with nothing that could close the span."""
    return "`" + " ".join(text.split()).replace("`", "'") + "`"


def markdown_text(text: str) -> str:
    """Contributor text made inert in GitHub-flavoured Markdown: no links, images or HTML."""
    return " ".join(text.split()).translate(_MARKDOWN_SPECIAL)


@dataclass(frozen=True)
class Preview:
    """What a reviewer sees of a valid new or changed initiative in the job summary."""

    file: str
    title: str
    facts: tuple[tuple[str, str], ...]


def job_summary(problems: Iterable[Problem], checked: int, previews: Iterable[Preview]) -> str:
    """The Markdown a GitHub job summary shows: problems by file with hints, then previews."""
    ordered = sorted(set(problems))
    lines = ["## Initiatives", ""]
    if ordered:
        files = sorted({p.file for p in ordered})
        lines += [
            f"{plural(len(ordered), 'problem')} in {plural(len(files), 'file')} "
            f"({plural(checked, 'initiative')} checked). Fix each one, then push again: "
            "the check runs by itself.",
            "",
        ]
        for file in files:
            lines += [f"### {code_span(file)}", ""]
            for problem in (p for p in ordered if p.file == file):
                where = f"line {problem.line}, {code_span(problem.field)}"
                lines.append(f"- **{where}**: {markdown_text(problem.message)}")
                if problem.hint:
                    lines.append(f"  - what to do: {markdown_text(problem.hint)}")
            lines.append("")
    else:
        lines += [f"{plural(checked, 'initiative')} checked, all valid.", ""]
    for preview in previews:
        lines += [f"### Preview: {markdown_text(preview.title)}", "", code_span(preview.file), ""]
        lines += [f"- **{name}**: {markdown_text(value)}" for name, value in preview.facts]
        lines.append("")
    return "\n".join(lines)
