"""What a pull request shows on GitHub: annotations and the job summary, with contributor text
escaped for both."""

from __future__ import annotations

from builder.data.problems import Problem
from builder.tools.github import Preview, annotation, job_summary


def test_an_annotation_is_one_escaped_line() -> None:
    problem = Problem(
        "initiatives/a,b/initiative.yaml", 3, 7, "title", "bad\n::error::injected", "fix: it, now"
    )
    line = annotation(problem)
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::error file=initiatives/a%2Cb/initiative.yaml,line=3,col=7,title=Fix title::"
        "title: bad%0A::error::injected%0Ahint: fix: it, now"
    )
    assert annotation(Problem("f", 1, 1, "x", "100% sure\r")).endswith("x: 100%25 sure%0D")


def test_job_summary_for_a_failing_pull_request() -> None:
    problems = [
        Problem("initiatives/a/initiative.yaml", 9, 5, "location.lat", "has 4 decimals", "round"),
        Problem("initiatives/b/initiative.yaml", 2, 8, "title", "![x](https://e.net/p.png)"),
    ]
    summary = job_summary(problems, 2, [])
    assert summary.startswith("## Initiatives\n\n2 problems in 2 files (2 initiatives checked).")
    assert "### `initiatives/a/initiative.yaml`" in summary
    assert "- **line 9, `location.lat`**: has 4 decimals" in summary
    assert "  - what to do: round" in summary
    assert "![x](" not in summary and "\\!\\[x\\]\\(https://e\\.net/p\\.png\\)" in summary


def test_job_summary_for_a_passing_pull_request_shows_a_preview() -> None:
    preview = Preview(
        "initiatives/a/initiative.yaml",
        "Seeds <b>& more</b>",
        (("Countries", "Senegal"), ("Pictures", "Seed jars")),
    )
    summary = job_summary([], 1, [preview])
    assert "1 initiative checked, all valid." in summary
    assert "### Preview: Seeds \\<b\\>\\& more\\</b\\>" in summary
    assert "- **Countries**: Senegal" in summary


def test_summary_code_spans_cannot_be_closed_from_inside() -> None:
    problem = Problem("initiatives/a/initiative.yaml", 1, 1, "a`\n![x](https://e.x/p.png)", "m")
    summary = job_summary([problem], 1, [])
    assert "`a' ![x](https://e.x/p.png)`" in summary
    assert "\n![x]" not in summary
