"""What a pull request shows on GitHub: annotations and the job summary, with contributor text
escaped for both."""

from __future__ import annotations

import pytest

from builder.data.messages import Message
from builder.data.problems import Problem
from builder.tools.actions_log import log_text
from builder.tools.changes import Change, review_problems
from builder.tools.github import annotation, changes_summary, fenced, job_summary


def said(text: str) -> Message:
    """A message that carries contributor text, as the validator's messages do."""
    return Message("%(text)s", (("text", text),))


def test_an_annotation_is_one_escaped_line() -> None:
    problem = Problem(
        "initiatives/a,b/initiative.yaml",
        3,
        7,
        "title",
        said("bad\n::error::injected"),
        said("fix: it, now"),
    )
    line = annotation(problem)
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::error file=initiatives/a%2Cb/initiative.yaml,line=3,col=7,title=Fix title::"
        "title: bad%0A: :error: :injected%0Awhat to do: fix: it, now"
    )
    assert annotation(Problem("f", 1, 1, "x", said("100% sure\r"))).endswith("x: 100%25 sure%0D")


def test_job_summary_for_a_failing_pull_request() -> None:
    problems = [
        Problem(
            "initiatives/a/initiative.yaml",
            9,
            5,
            "location.lat",
            said("has 4 decimals"),
            said("round"),
        ),
        Problem("initiatives/b/initiative.yaml", 2, 8, "title", said("![x](https://e.net/p.png)")),
    ]
    summary = job_summary(problems, 2, [])
    assert summary.startswith("## Initiatives\n\n2 problems in 2 files (2 initiatives checked).")
    assert "### `initiatives/a/initiative.yaml`" in summary
    assert "- **line 9, location, lat**: has 4 decimals" in summary
    assert "  - what to do: round" in summary
    assert "![x](" not in summary and "\\!\\[x\\]\\(https://e\\.net/p\\.png\\)" in summary


def test_job_summary_for_a_passing_pull_request_ends_with_the_cards() -> None:
    summary = job_summary([], 1, ["### Review: Seeds\n\n- a card\n"])
    assert summary.startswith("## Initiatives\n\n1 initiative checked, all valid.\n\n### Review")
    assert summary.endswith("- a card\n")


def test_changes_summary_names_each_file_outside_initiatives() -> None:
    errors, _warnings = review_problems([Change("docs/a|b`.md", "100644")])
    summary = changes_summary(errors, [], "note for *maintainers*")
    assert "- ❌ `docs/a|b'.md`: is outside initiatives/" in summary
    assert summary.endswith("note for \\*maintainers\\*\n")
    assert "Only initiative folders change" in changes_summary([], [], "")


def test_summary_field_names_cannot_open_markup() -> None:
    problem = Problem(
        "initiatives/a/initiative.yaml", 1, 1, "a`\n![x](https://e.x/p.png)", said("m")
    )
    summary = job_summary([problem], 1, [])
    assert "**line 1, a\\` \\!, x, \\(https://e, x/p, png\\)**: m" in summary
    assert "\n![x]" not in summary


@pytest.mark.parametrize(
    "text",
    [
        "::error::injected",
        "  ::add-mask::secret",
        "a title ##[group]opened anywhere in the line",
        "::stop-commands::token",
        ":::error:::",
        "###[warning]x",
        "two\n::error::lines",
        "%0A::error::",
    ],
)
def test_log_text_leaves_no_workflow_command(text: str) -> None:
    shown = log_text(text)
    assert "::" not in shown and "##[" not in shown and "\n" not in shown


def test_log_text_keeps_ordinary_text() -> None:
    assert log_text("initiatives/a/initiative.yaml:3:7: title: fine") == (
        "initiatives/a/initiative.yaml:3:7: title: fine"
    )


def test_an_annotation_carries_no_command_but_its_own() -> None:
    problem = Problem(
        "initiatives/a/initiative.yaml", 1, 1, "title", said("x ##[group] y"), said("::z")
    )
    line = annotation(problem)
    assert line.startswith("::error ") and line.count("::") == 2
    assert "##[" not in line


@pytest.mark.parametrize("text", ["plain", "```\n[x](https://e.x) @someone", "````` inside"])
def test_a_fence_cannot_be_closed_from_inside(text: str) -> None:
    block = fenced(text)
    fence = block.split("text", 1)[0]
    assert block.endswith("\n" + fence)
    inside = block[len(fence) + len("text\n") : -len(fence) - 1]
    assert inside == text
    assert fence not in inside
