"""One round is enough. Each case under tests/examples/rounds/ is a new initiative written the
way hurried non-programmers write one (in the six languages, through an editor, with two to
four typical mistakes). A scripted contributor reads the first report and does exactly what it
says: each problem's fix, which the test first checks is what the problem's hint shows in the
contributor's language. The second check must find nothing.

`expected.txt` in each case holds the first report, in the initiative's language
(`pytest --update-goldens` rewrites it)."""

from __future__ import annotations

import difflib
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from builder import pipeline
from builder.__main__ import main
from builder.data.problems import Fix, Problem, format_problem, report_language
from builder.settings import Settings
from tests.cases.test_golden import CACHE
from tests.support import EXAMPLES, REPO, SCHEMA

ROUNDS = sorted(p for p in (EXAMPLES / "rounds").iterdir() if p.is_dir())


def check(root: Path) -> tuple[list[Problem], dict[str, str]]:
    settings = replace(Settings.for_root(root), schema_dir=SCHEMA, verdicts_dir=None)
    checked = pipeline.check(settings, keep_valid=False)
    return checked.problems, checked.languages


def every_change(fix: Fix) -> Iterator[Fix]:
    yield fix
    for other in fix.also:
        yield from every_change(other)


def hint_shows(problem: Problem, fix: Fix, language: str) -> bool:
    """The change is one the hint spells out: the text to write or the name to give."""
    hint = problem.hint.render(language)
    if fix.kind == "tabs":
        return "\t" not in hint and bool(hint)
    if fix.kind in ("replace", "rename", "insert"):
        return fix.text.strip() in hint
    added = "".join(
        fix.text[j1:j2]
        for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, "", fix.text).get_opcodes()
        if tag != "equal"
    )
    return fix.text.strip() in hint or added.strip() in hint


def apply(folder: Path, changes: list[Fix]) -> None:
    """Make the changes to the initiative in `folder`, as a contributor would in an editor."""
    file = folder / "initiative.yaml"
    lines = file.read_text(encoding="utf-8").split("\n")
    replaced: dict[int, list[Fix]] = defaultdict(list)
    whole: dict[int, str] = {}
    inserted: dict[int, list[str]] = defaultdict(list)
    for change in changes:
        if change.kind == "replace":
            replaced[change.line].append(change)
        elif change.kind == "line":
            assert whole.get(change.line, change.text) == change.text, "two answers for a line"
            whole[change.line] = change.text
        elif change.kind == "insert":
            inserted[change.line].append(change.text)
        elif change.kind == "tabs":
            lines = [line.replace("\t", "  ") if line.lstrip(" \t") != line else line
                     for line in lines]  # fmt: skip
        elif change.kind == "rename":
            (folder / change.old).rename(folder / change.text)
    for number, edits in replaced.items():
        assert number not in whole, "a line both rewritten and edited"
        line = lines[number - 1]
        for edit in sorted(edits, key=lambda e: -e.column):
            start = edit.column - 1
            assert line[start : start + len(edit.old)] == edit.old, (line, edit)
            line = line[:start] + edit.text + line[start + len(edit.old) :]
        lines[number - 1] = line
    for number, text in whole.items():
        lines[number - 1] = text
    for number in sorted(inserted, reverse=True):
        lines[number:number] = inserted[number]
    file.write_text("\n".join(lines), encoding="utf-8")


def case_id(case: Path) -> str:
    return case.name


def test_the_set_is_broad_enough() -> None:
    languages = set()
    for case in ROUNDS:
        problems, written_in = check(case)
        assert 2 <= len({(p.line, p.field) for p in problems}) <= 5, case.name
        languages.update(report_language(None, lang) for lang in written_in.values())
    assert len(ROUNDS) >= 12
    assert len(languages) >= 5


@pytest.mark.parametrize("case", ROUNDS, ids=case_id)
def test_one_round_of_doing_what_the_report_says_is_enough(
    case: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    golden: Callable[[Path, str], None],
) -> None:
    main(["validate", "--no-annotations", "--root", str(case), "--schema", str(SCHEMA),
          "--cache-dir", CACHE])  # fmt: skip
    golden(case / "expected.txt", capsys.readouterr().out)
    work = tmp_path / "atlas"
    shutil.copytree(case, work, ignore=shutil.ignore_patterns("expected.txt"))
    problems, languages = check(work)
    assert problems
    by_folder: dict[Path, list[Fix]] = defaultdict(list)
    for problem in problems:
        language = report_language(None, languages.get(problem.file))
        shown = format_problem(problem, language)
        assert problem.fix is not None, f"the report does not say exactly what to do:\n{shown}"
        for change in every_change(problem.fix):
            assert hint_shows(problem, change, language), f"the fix is not in the hint:\n{shown}"
            by_folder[(work / problem.file).parent].append(change)
    for folder, changes in by_folder.items():
        apply(folder, changes)
    again, _ = check(work)
    assert [format_problem(p) for p in again] == []


def test_the_scripted_contributor_is_not_fooled_by_an_unhelpful_hint(tmp_path: Path) -> None:
    """A problem without an exact fix fails the round: the test can fail."""
    case = REPO / "tests" / "examples" / "invalid" / "image-missing"
    problems, _ = check(case)
    assert any(p.fix is None for p in problems)
