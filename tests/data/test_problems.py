"""The report format a contributor reads: fields in words, each file in its language."""

from __future__ import annotations

import json

from builder.data.messages import _, plural_message
from builder.data.problems import (
    WHOLE_FILE,
    Fix,
    Problem,
    describe_field,
    field_path,
    format_report,
    problem_from_json,
    problem_to_json,
    report_language,
    summary_line,
)


def test_field_path_reads_like_the_yaml() -> None:
    assert field_path(("images", 0, "alt")) == "images[0].alt"
    assert field_path(("location", "lat")) == "location.lat"
    assert field_path(()) == "(file)"


def test_report_lists_every_problem_sorted_with_hints_then_a_count() -> None:
    problems = [
        Problem("initiatives/b/initiative.yaml", 3, 1, "title", _("is too long"), _("shorten it")),
        Problem("initiatives/a/initiative.yaml", 9, 5, "images[1].alt", _("is missing")),
        Problem("initiatives/a/initiative.yaml", 2, 8, WHOLE_FILE, _("is not UTF-8")),
    ]
    assert format_report(problems, 2) == (
        "initiatives/a/initiative.yaml:2:8: is not UTF-8\n"
        "initiatives/a/initiative.yaml:9:5: picture 2, alt: is missing\n"
        "initiatives/b/initiative.yaml:3:1: title: is too long\n"
        "    what to do: shorten it\n"
        "2 initiatives checked, 3 problems"
    )


def test_fields_are_said_in_words_counting_from_one() -> None:
    assert describe_field("organizations[1].type") == "organisation 2, type"
    assert describe_field("calls[0].seeks[2]") == "call 1, sought help 3"
    assert describe_field("translations.fr.title") == "translation fr, title"
    assert describe_field(WHOLE_FILE) == ""
    assert describe_field("(comment)") == "a comment"


def test_report_when_all_is_valid() -> None:
    assert format_report([], 1) == "1 initiative checked, all valid"
    assert format_report([Problem("f", 1, 1, "id", _("x"))], 16).endswith(
        "16 initiatives checked, 1 problem"
    )


def test_each_file_is_reported_in_its_own_language_unless_one_is_asked_for() -> None:
    missing = _("'%(field)s' is missing", field="alt")
    problem = Problem("initiatives/a/initiative.yaml", 2, 3, "images[0]", missing)
    english = format_report([problem], 1)
    arabic = format_report([problem], 1, languages={problem.file: "ar"})
    asked = format_report([problem], 1, requested="fr", languages={problem.file: "ar"})
    assert english.splitlines()[0].endswith("picture 1: 'alt' is missing")
    in_arabic = missing.render("ar")
    assert in_arabic != str(missing)
    said = _("%(field)s: %(problem)s", field=describe_field("images[0]", "ar"), problem=in_arabic)
    assert arabic.splitlines()[0] == f"initiatives/a/initiative.yaml:2:3: {said.render('ar')}"
    assert asked.splitlines()[0].endswith(missing.render("fr"))
    assert arabic.splitlines()[-1] == summary_line(1, 1, "ar") != english.splitlines()[-1]
    assert report_language(None, "pt-BR") == "en"
    assert report_language(None, "es-419") == "es"


def test_contributor_line_breaks_cannot_start_a_line_of_their_own() -> None:
    message = _("'%(value)s' is not one of the allowed values", value="x\n::error title=pwned::f")
    problem = Problem("initiatives/a/initiative.yaml", 2, 3, "organizations[0].type", message)
    report = format_report([problem], 1)
    assert not [line for line in report.splitlines() if line.startswith("::")]
    assert "'x\\n::error title=pwned::f'" in report


def test_problems_survive_the_cache_with_their_messages_and_fixes() -> None:
    fix = Fix("line", 4, "lat: 1.5", also=(Fix("line", 5, "lon: 2.5"),))
    message = _("%(a)s and %(b)s", a=_("one"), b=plural_message("%(count)s x", "%(count)s xs", 3))
    problem = Problem("f", 1, 2, "location", message, _("hint"), fix)
    again = problem_from_json(json.loads(json.dumps(problem_to_json(problem))))
    assert again == problem
    assert again.fix == fix
    assert str(again.message) == "one and 3 xs"
