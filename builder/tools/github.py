"""What GitHub shows: the Actions log, annotations on the diff, the job summary and comments.

Contributor text reaches GitHub here and only here, so this module escapes it twice over: for
the workflow commands the runner reads in its log, and for the Markdown of summaries and
comments. The log itself is escaped by `actions_log`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from builder.data.i18n import DEFAULT_LANGUAGE
from builder.data.messages import _, plural_message
from builder.data.problems import Problem, describe_field, report_language
from builder.tools.actions_log import log_text


def _escape_data(text: str) -> str:
    """As GitHub's actions toolkit escapes a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """As GitHub's actions toolkit escapes a workflow command's property values."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, level: str = "error", language: str = DEFAULT_LANGUAGE) -> str:
    """One GitHub workflow command that puts the problem on the pull request's diff. Its own
    `::` are the only ones in the line: every value is escaped, then passed through
    `log_text`."""
    where = describe_field(problem.field, language)
    message = (f"{where}: " if where else "") + problem.message.render(language)
    if problem.hint.template:
        message += "\n" + _("what to do: %(hint)s", hint=problem.hint).render(language)
    title = _("Fix %(field)s", field=where) if where else _("Fix this file")
    properties = ",".join(
        [
            f"file={_escape_property(problem.file)}",
            f"line={problem.line}",
            f"col={problem.column}",
            f"title={_escape_property(title.render(language))}",
        ]
    )
    return f"::{level} {log_text(properties)}::{log_text(_escape_data(message))}"


_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+-.!|<>~&"})


def code_span(text: str) -> str:
    """A file or field name as inline code, with nothing that could close the span."""
    return "`" + " ".join(text.split()).replace("`", "'") + "`"


def fenced(text: str) -> str:
    """Text shown as it is in Markdown (a comment or a summary), in a fence that nothing inside
    can close: longer than the longest run of backticks in the text. Inside it, links, images,
    HTML and @mentions are inert."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def markdown_text(text: str) -> str:
    """Contributor text made inert in GitHub-flavoured Markdown: no links, images or HTML."""
    return " ".join(text.split()).translate(_MARKDOWN_SPECIAL)


def job_summary(
    problems: Iterable[Problem],
    checked: int,
    cards: Iterable[str],
    languages: Mapping[str, str] | None = None,
    requested: str | None = None,
) -> str:
    """The Markdown a GitHub job summary shows: problems by file with hints, each file in its
    initiative's language (or the one requested), then the review cards (review_card.py)."""
    ordered = sorted(set(problems))
    languages = languages or {}
    language = report_language(requested, None)
    lines = ["## " + _("Initiatives").render(language), ""]
    if ordered:
        files = sorted({p.file for p in ordered})
        summary = _(
            "%(problems)s in %(files)s (%(checked)s). Fix each one, then push again: the check "
            "runs by itself.",
            problems=plural_message("%(count)s problem", "%(count)s problems", len(ordered)),
            files=plural_message("%(count)s file", "%(count)s files", len(files)),
            checked=plural_message(
                "%(count)s initiative checked", "%(count)s initiatives checked", checked
            ),
        )
        lines += [summary.render(language), ""]
        for file in files:
            lines += [f"### {code_span(file)}", ""]
            written_in = report_language(requested, languages.get(file))
            for problem in (p for p in ordered if p.file == file):
                lines += _summary_lines(problem, written_in)
            lines.append("")
    else:
        all_valid = plural_message(
            "%(count)s initiative checked, all valid",
            "%(count)s initiatives checked, all valid",
            checked,
        )
        lines += [all_valid.render(language) + ".", ""]
    lines += list(cards)
    return "\n".join(lines)


def changes_summary(errors: list[Problem], warnings: list[Problem], note: str) -> str:
    """The job summary of `builder changes`: each file refused or to review, by path."""
    lines = ["## " + _("Files this pull request changes").render(), ""]
    for problem in errors + warnings:
        mark = "❌" if problem in errors else "⚠️"
        lines.append(f"- {mark} {code_span(problem.file)}: {markdown_text(str(problem.message))}")
    if not errors and not warnings:
        lines.append("- ✅ " + _("Only initiative folders change").render())
    if note:
        lines += ["", markdown_text(note)]
    return "\n".join(lines) + "\n"


def _summary_lines(problem: Problem, language: str) -> list[str]:
    field = describe_field(problem.field, language)
    where = _("line %(line)s", line=problem.line).render(language)
    where += f", {markdown_text(field)}" if field else ""
    lines = [f"- **{where}**: {markdown_text(problem.message.render(language))}"]
    if problem.hint.template:
        hint = _("what to do: %(hint)s", hint=markdown_text(problem.hint.render(language)))
        lines.append(f"  - {hint.render(language)}")
    return lines
