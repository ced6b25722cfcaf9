"""Starting an initiative with `new`: a commented template, every answer (option or question)
checked as it is given, with the validator's suggestions. Runs in-process."""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from builder.__main__ import build_parser
from builder.data.messages import _
from builder.data.vocabularies import load_vocabularies
from builder.tools import from_issue, scaffold
from tests.support import EXAMPLES, SCHEMA, run_in_process


def test_new_writes_a_template_that_fails_until_filled(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_in_process(capsys, "new", "river-keepers", "--root", atlas_root)[0] == 0
    path = atlas_root / "initiatives/river-keepers/initiative.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/initiative.schema.json\n")
    assert run_in_process(capsys, "validate", "--root", atlas_root)[0] == 1
    filled = {
        'title: ""': 'title: "River keepers"',
        'summary: ""': 'summary: "Example entry. Villagers measure river levels together."',
        'language: ""': 'language: "en"',
        "categories: []": 'categories: ["environment-climate"]',
        'solidarity: ""': 'solidarity: "preventive"',
        "countries: []": 'countries: ["KE"]',
        'contributor: ""': 'contributor: "Example team"',
        "lat: null": "lat: -1.29",
        "lon: null": "lon: 36.82",
        "description: |2\n\n": (
            "description: |2\n  A fictional example: volunteers read the gauges every morning.\n"
        ),
    }
    for empty, value in filled.items():
        assert empty in text, empty
        text = text.replace(empty, value)
    path.write_text(text)
    assert run_in_process(capsys, "validate", "--root", atlas_root) == (
        0,
        "1 initiative checked, all valid\n",
    )
    code, output = run_in_process(capsys, "new", "river-keepers", "--root", atlas_root)
    assert (code, output) == (2, "initiatives/river-keepers already exists: choose another name\n")


FLAGS = [
    "--title", "River keepers", "--summary", "Example entry. Villagers measure river levels.",
    "--language", "en", "--categories", "environment-climate", "--categories", "health",
    "--solidarity", "reactive", "--countries", "KE", "--contributor", "Example team",
    "--lat", "-1.29", "--lon", "36.82",
    "--description", "A fictional example.\n\nVolunteers read the gauges every morning.",
]  # fmt: skip


def test_new_with_flags_validates_at_once(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_in_process(capsys, "new", "river-keepers", "--root", atlas_root, *FLAGS)[0] == 0
    assert run_in_process(capsys, "validate", "--root", atlas_root)[0] == 0


def test_numbers_are_read_as_people_type_them(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = [*FLAGS[: FLAGS.index("--countries")], "--countries", "KE, UG"]
    flags += ["--contributor", "Example team", "--lat", "7,19", "--lon", "7.19° W"]
    assert run_in_process(capsys, "new", "river-keepers", "--root", atlas_root, *flags)[0] == 0
    data = yaml.safe_load((atlas_root / "initiatives/river-keepers/initiative.yaml").read_text())
    assert data["location"]["lat"] == 7.19 and data["location"]["lon"] == -7.19
    assert data["countries"] == ["KE", "UG"]


def test_a_wrong_option_is_reported_with_its_suggestion_and_nothing_is_written(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = [
        "--categories", "peace education", "--countries", "Philippines", "--language", "French",
        "--lat", "7.123", "--contributor", "write to team@example.org",
    ]  # fmt: skip
    code, output = run_in_process(capsys, "new", "river-keepers", "--root", atlas_root, *wrong)
    assert code == 2
    expected = [
        "--categories: 'peace education' is not one of the atlas's categories",
        "    what to do: write peace-disarmament, education",
        "--countries: 'Philippines' is not a country code",
        "    what to do: write PH",
        "--language: 'French' is not a language code",
        "    what to do: write fr",
        "--lat: 7.123 has 3 decimals; at most 2 are allowed",
        "    what to do: round it to 7.12 (about 1 km)",
        "--contributor: contains an e-mail address",
    ]
    for line in expected:
        assert line in output, (line, output)
    assert "write: " not in output and "countries: [" not in output
    assert output.rstrip().endswith(
        "Nothing was written: change these options and run the command again."
    )
    assert list((atlas_root / "initiatives").iterdir()) == []


def test_lang_chooses_the_language_of_the_messages(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run_in_process(
        capsys, "new", "river-keepers", "--root", atlas_root, "--countries", "Kenia", "--lang", "es"
    )
    assert code == 2
    assert _("'%(value)s' is not a country code", value="Kenia").render("es") in output
    assert _("what to do: %(hint)s", hint=_("write %(value)s", value="KE")).render("es") in output
    nothing = _("Nothing was written: change these options and run the command again.")
    assert nothing.render("es") in output
    assert build_parser().parse_args(["new", "x", "--lang", "ar"]).lang == "ar"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["new", "x", "--lang", "de"])


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("../../escaped", "escaped"),
        ("Upper-Case", "upper-case"),
        ("two--hyphens", "two-hyphens"),
        ("Речные хранители", "rechnye-khraniteli"),
        ("河流守护者", "he-liu-shou-hu-zhe"),
        ("", ""),
    ],
)
def test_new_refuses_a_name_that_is_not_a_folder_name_and_suggests_one(
    atlas_root: Path, capsys: pytest.CaptureFixture[str], name: str, suggestion: str
) -> None:
    code, output = run_in_process(capsys, "new", name, "--root", atlas_root)
    assert code == 2
    rule = "must be lower-case letters a-z, digits and single hyphens: choose another name"
    assert output.endswith(f"{rule}, such as {suggestion}\n" if suggestion else f"{rule}\n")
    assert not (atlas_root.parent / "escaped").exists()
    assert list((atlas_root / "initiatives").iterdir()) == []


def scripted(answers: list[str]) -> tuple[Callable[[str], str], list[str]]:
    """An `ask` that gives these answers in turn, then the end of input (Ctrl-D)."""
    asked: list[str] = []
    given: Iterator[str] = iter(answers)

    def ask(prompt: str) -> str:
        asked.append(prompt)
        try:
            return next(given)
        except StopIteration:
            raise EOFError from None

    return ask, asked


def test_interactive_answers_are_checked_one_by_one_and_only_a_wrong_one_is_asked_again() -> None:
    ask, asked = scripted(
        [
            "River keepers",  # title
            "Example entry. Villagers measure river levels together.",  # summary
            "Français",  # language: a name
            "fr",
            "peace education, healht",  # categories
            "peace-disarmament, education, health",
            "",  # solidarity left empty
            "Philippines",  # countries
            "PH",
            "Example team",  # contributor
            "",  # description
            "7,19",  # lat, with a decimal comma
            "124.24° E",  # lon
        ]
    )
    told: list[str] = []
    given = scaffold.prompt_answers("river-keepers", ask, told.append, SCHEMA)
    assert given == {
        "title": "River keepers",
        "summary": "Example entry. Villagers measure river levels together.",
        "language": "fr",
        "categories": ["peace-disarmament", "education", "health"],
        "countries": ["PH"],
        "contributor": "Example team",
        "lat": 7.19,
        "lon": 124.24,
    }
    questions = [prompt.split(":")[0] for prompt in asked]
    assert questions == [
        "title", "summary", "language", "language", "categories", "categories", "solidarity",
        "countries", "countries", "contributor", "description", "lat", "lon", "precision",
    ]  # fmt: skip
    assert "'Français' is not a language code\n    what to do: write fr" in told
    assert any("write peace-disarmament, education" in text for text in told)
    assert any("'healht'" in text and "write health" in text for text in told), told
    assert any("'Philippines' is not a country code\n    what to do: write PH" in t for t in told)
    assert told[-1] == "Stopped: the answers given so far are kept."


def test_the_end_of_input_keeps_every_answer_already_given(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ask, asked = scripted(["River keepers", "too short"])
    told: list[str] = []
    given = scaffold.prompt_answers("river-keepers", ask, told.append, SCHEMA)
    assert given == {"title": "River keepers"}
    assert len(asked) == 3, "the short summary is asked again, then input ends"
    path = scaffold.write_new(atlas_root, "river-keepers", given)
    data = yaml.safe_load(path.read_text())
    assert data["title"] == "River keepers" and data["summary"] == ""


def test_ctrl_c_keeps_the_answers_too() -> None:
    answers = iter(["River keepers"])

    def ask(prompt: str) -> str:
        for answer in answers:
            return answer
        raise KeyboardInterrupt

    given = scaffold.prompt_answers("river-keepers", ask, lambda text: None, SCHEMA)
    assert given == {"title": "River keepers"}


def subcommand(name: str) -> argparse.ArgumentParser:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices[name]


@pytest.mark.parametrize("command", ["new", "from-issue"])
def test_help_describes_every_option(command: str) -> None:
    parser = subcommand(command)
    for action in parser._actions:
        assert action.help and action.help != argparse.SUPPRESS, action.option_strings
        assert len(action.help) > 20, action.option_strings
    text = parser.format_help()
    assert parser.description and " ".join(parser.description.split()[:4]) in " ".join(text.split())


def test_new_help_gives_an_example_of_each_answer() -> None:
    parser = subcommand("new")
    for field in scaffold.fields():
        action = next(a for a in parser._actions if f"--{field.name}" in a.option_strings)
        assert f'For example: --{field.name} "{field.example}"' in (action.help or "")
        example = scaffold.answer_value(field, field.example)
        assert scaffold.answer_problems(field, example, "x", SCHEMA) == [], field.name


def test_new_and_from_issue_date_the_entry_today_in_utc(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert run_in_process(capsys, "new", "river-keepers", "--root", atlas_root)[0] == 0
    body = (EXAMPLES / "issue" / "new-initiative.md").read_text(encoding="utf-8")
    issued = from_issue.write_from_issue(atlas_root, body, load_vocabularies(SCHEMA), 42).path
    after = datetime.datetime.now(datetime.UTC).date().isoformat()
    for path in (atlas_root / "initiatives/river-keepers/initiative.yaml", issued):
        text = path.read_text(encoding="utf-8")
        added = yaml.load(text, Loader=yaml.BaseLoader)["added"]
        assert added in {before, after}
        assert f'added: "{added}"' in text, "quoted, so that YAML keeps it as text"
