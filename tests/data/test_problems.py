"""The report format a contributor reads."""

from __future__ import annotations

from builder.data.problems import Problem, field_path, format_report


def test_field_path_reads_like_the_yaml() -> None:
    assert field_path(("images", 0, "alt")) == "images[0].alt"
    assert field_path(("location", "lat")) == "location.lat"
    assert field_path(()) == "(file)"


def test_report_lists_every_problem_sorted_with_hints_then_a_count() -> None:
    problems = [
        Problem("initiatives/b/initiative.yaml", 3, 1, "title", "is too long", "shorten it"),
        Problem("initiatives/a/initiative.yaml", 9, 5, "location.lat", "has 4 decimals"),
        Problem("initiatives/a/initiative.yaml", 2, 8, "summary", "is missing"),
    ]
    assert format_report(problems, 2) == (
        "initiatives/a/initiative.yaml:2:8: summary: is missing\n"
        "initiatives/a/initiative.yaml:9:5: location.lat: has 4 decimals\n"
        "initiatives/b/initiative.yaml:3:1: title: is too long\n"
        "    hint: shorten it\n"
        "2 initiatives checked, 3 problems"
    )


def test_report_when_all_is_valid() -> None:
    assert format_report([], 1) == "1 initiative checked, all valid"
    assert format_report([Problem("f", 1, 1, "id", "x")], 16).endswith(
        "16 initiatives checked, 1 problem"
    )


def test_contributor_line_breaks_cannot_start_a_line_of_their_own() -> None:
    message = "'x\n::error title=pwned::fake' is not one of the allowed values"
    problem = Problem("initiatives/a/initiative.yaml", 2, 3, "organizations[0].type", message, "b")
    report = format_report([problem], 1)
    assert not [line for line in report.splitlines() if line.startswith("::")]
    assert "'x\\n::error title=pwned::fake'" in report
