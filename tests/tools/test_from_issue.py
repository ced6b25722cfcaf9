"""The issue route: the answers of the "New initiative" form (in any of its six languages)
become a folder, and the comment speaks to someone who answered questions: in the language of
the form, each problem named by its question, values as typed, no YAML and no workflow syntax,
and what to do next. Everything runs in-process, with real validation."""

# Answers in the six languages are written in their own scripts.
# ruff: noqa: RUF001

from __future__ import annotations

import re
import urllib.error
from pathlib import Path

import pytest
import yaml
from PIL import Image

from builder import pipeline
from builder.data import images
from builder.data.messages import _, plural_message
from builder.data.vocabularies import load_vocabularies
from builder.settings import Settings
from builder.tools import forms, from_issue
from tests.data.test_images import phone_photo
from tests.support import EXAMPLES, SCHEMA, png_bytes, run_in_process, write_initiative

ISSUE_BODY = (EXAMPLES / "issue" / "new-initiative.md").read_text(encoding="utf-8")
VOCAB = load_vocabularies(SCHEMA)
ATTACHED = "https://github.com/user-attachments/assets/0a1b2c3d-1111-2222-3333-444455556666"


def test_from_issue_makes_an_initiative_that_validates(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = atlas_root / "issue.md"
    body.write_text(ISSUE_BODY, encoding="utf-8")
    code, output = run_in_process(
        capsys, "from-issue", "--body", body, "--number", "42", "--root", atlas_root
    )
    assert code == 0, output
    assert output.endswith("1 initiative checked, all valid\n")
    data = yaml.safe_load(
        (atlas_root / "initiatives/coastal-seed-library/initiative.yaml").read_text()
    )
    assert data["categories"] == ["food-agriculture-fishing", "education"]
    assert data["groups"] == ["women", "youth"]
    assert data["solidarity"] == "preventive"
    assert data["location"] == {"lat": 14.69, "lon": -17.44, "precision": "city"}
    assert data["partner_countries"] == ["GM", "CV"]
    assert data["period"] == {"start": "2021-04"}
    assert "- seed fairs each spring" in data["description"]


def test_options_of_older_forms_are_still_read() -> None:
    """Issues opened before the forms wrote options as 'Label (id)'."""
    older = ISSUE_BODY.replace("Preventive (preventive)", "preventive (acting before harm is done)")
    older = older.replace("City (city)", "city").replace(
        "CC BY 4.0 (CC-BY-4.0)", "CC-BY-4.0 (CC BY 4.0)"
    )
    issue = from_issue.read_issue(older)
    values = from_issue.answers_from_issue(issue, VOCAB, 1).values
    assert values["solidarity"] == "preventive"
    assert values["location"]["precision"] == "city"
    assert from_issue.photo_entries(issue, ["images/photo-1.png"], VOCAB)[0]["license"] == (
        "CC-BY-4.0"
    )


def test_from_issue_fetches_only_github_attachments(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = []

    def download(url: str) -> bytes:
        asked.append(url)
        return png_bytes()

    written = from_issue.write_from_issue(atlas_root, ISSUE_BODY, VOCAB, 42, download)
    assert asked == [ATTACHED]
    data = yaml.safe_load(written.path.read_text())
    assert data["images"] == [
        {
            "file": "images/photo-1.png",
            "alt": "A drawing of seed jars on a wooden shelf",
            "credit": "Coastal Seed Library",
            "license": "CC-BY-4.0",
            "people_identifiable": False,
        }
    ]
    assert run_in_process(capsys, "validate", "--root", atlas_root)[0] == 0
    with pytest.raises(from_issue.IssueUnusable, match="is not attached to the issue"):
        from_issue.fetch("https://evil.example.net/pixel.png")


def test_the_example_answers_every_question_of_the_form() -> None:
    issue = from_issue.read_issue(ISSUE_BODY)
    assert set(issue.answers) == {question.id for question in forms.questions()}
    assert issue.language == "en"


def test_from_issue_never_overwrites_an_initiative(atlas_root: Path) -> None:
    existing = write_initiative(atlas_root, "coastal-seed-library") / "initiative.yaml"
    before = existing.read_text()
    path = from_issue.write_from_issue(atlas_root, ISSUE_BODY, VOCAB, 42).path
    assert path.parent.name == "coastal-seed-library-42"
    assert existing.read_text() == before
    with pytest.raises(
        from_issue.IssueUnusable, match="'coastal-seed-library-42' already exists; change the"
    ):
        from_issue.write_from_issue(atlas_root, ISSUE_BODY, VOCAB, 42)


@pytest.mark.parametrize(
    ("title", "folder"),
    [
        ("Речные хранители", "rechnye-khraniteli"),
        ("河流守护者", "he-liu-shou-hu-zhe"),
        ("Guardianes del Río", "guardianes-del-rio"),
        ("حراس النهر", "hrs-lnhr"),
        ("🌱🌱", "initiative-from-issue-42"),
    ],
)
def test_titles_in_any_script_give_a_readable_folder_name(
    atlas_root: Path, title: str, folder: str
) -> None:
    body = ISSUE_BODY.replace("### Title\n\nCoastal Seed Library", f"### Title\n\n{title}")
    path = from_issue.write_from_issue(atlas_root, body, VOCAB, 42).path
    assert path.parent.name == folder


def with_photos(count: int, body: str = ISSUE_BODY, language: str = "en") -> str:
    """The example issue (in the form of `language`) with `count` photos attached."""
    photos = "\n".join(f"![p{n}]({ATTACHED}{n})" for n in range(count))
    heading = f"### {forms.label_of('photos', language)}"
    start = body.index(heading)
    end = body.index(f"### {forms.label_of('alts', language)}")
    return body[:start] + f"{heading}\n\n{photos}\n\n" + body[end:]


def refusals(atlas_root: Path, body: str, download: object) -> list[str]:
    written = from_issue.write_from_issue(atlas_root, body, VOCAB, 42, download)  # type: ignore[arg-type]
    return [str(refusal) for refusal in written.refusals]


def test_too_many_photos_are_refused_before_any_download(atlas_root: Path) -> None:
    asked: list[str] = []
    found = refusals(atlas_root, with_photos(13), lambda url: asked.append(url) or b"")
    assert found[0].startswith("The Photos answer holds 13 photos; the atlas publishes at most 12")
    assert asked == []


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (urllib.error.HTTPError(ATTACHED, 404, "Not Found", {}, None),  # type: ignore[arg-type]
         "Photo 1 could not be downloaded from GitHub (404); attach it again"),
        (urllib.error.URLError("timed out"),
         "Photo 1 could not be downloaded from GitHub (timed out)"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>",
         "Photo 1 is not a JPEG, PNG or WebP picture"),
        (png_bytes()[:200], "Photo 1 is damaged or incomplete and cannot be read"),
        (png_bytes((400, 20000)), "Photo 1 is 400x20000 pixels, too small or too narrow"),
    ],
)  # fmt: skip
def test_every_photo_failure_says_what_to_do(
    atlas_root: Path, answer: object, expected: str
) -> None:
    def download(url: str) -> bytes:
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[return-value]

    (found,) = refusals(atlas_root, with_photos(1), download)
    assert found.startswith(expected)


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ("Coastal \ud83d Library", "The answer to 'Title' contains a broken character (U+D83D)"),
        (
            "Coastal \u202e Library",
            "The answer to 'Title' contains an invisible character (U+202E)",
        ),
    ],
)
def test_characters_that_cannot_be_saved_name_their_question(
    atlas_root: Path, broken: str, expected: str
) -> None:
    body = ISSUE_BODY.replace("### Title\n\nCoastal Seed Library", f"### Title\n\n{broken}")
    with pytest.raises(from_issue.IssueUnusable) as refused:
        from_issue.write_from_issue(atlas_root, body, VOCAB, 42)
    assert str(refused.value).startswith(expected)


def test_attachments_are_cleaned_before_they_are_written(atlas_root: Path) -> None:
    written = from_issue.write_from_issue(
        atlas_root, with_photos(1), VOCAB, 42, lambda u: phone_photo()
    )
    photo = written.path.parent / "images" / "photo-1.jpg"
    assert images.hidden_data(photo.read_bytes()) == []
    with Image.open(photo) as image:
        assert image.info.get("exif") is None and not image.getexif()
        assert image.size == (800, 1200)
    assert any("location (GPS)" in str(note) for note in written.notes)


def test_from_issue_hands_over_a_proposal(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = atlas_root / "issue.md"
    body.write_text(ISSUE_BODY, encoding="utf-8")
    proposal = atlas_root / "proposal"
    arguments = ["from-issue", "--body", body, "--number", "7", "--root", atlas_root]
    assert run_in_process(capsys, *arguments, "--proposal", proposal)[0] == 0
    assert (proposal / "initiatives/coastal-seed-library/initiative.yaml").is_file()
    assert (proposal / "comment.md").read_text().startswith("Thank you: the answers are valid")


def test_the_check_on_an_edited_issue_hands_over_only_its_comment(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = atlas_root / "issue.md"
    body.write_text(ISSUE_BODY, encoding="utf-8")
    proposal = atlas_root / "answer"
    arguments = ["from-issue", "--body", body, "--root", atlas_root, "--comment-only"]
    assert run_in_process(capsys, *arguments, "--proposal", proposal)[0] == 0
    assert sorted(p.name for p in proposal.iterdir()) == ["comment.md"]
    comment = (proposal / "comment.md").read_text()
    assert comment.startswith("Thank you: every answer is valid. A maintainer will now review")
    assert "pull request is being opened" not in comment


def test_a_failed_conversion_leaves_only_a_comment_that_fences_the_contributor_text(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "##[group]![x](https://evil.example/p.png) ``` @maintainer"
    body = atlas_root / "issue.md"
    body.write_text(ISSUE_BODY.replace("\nen\n", f"\n{hostile}\n"), encoding="utf-8")
    proposal = atlas_root / "proposal"
    arguments = ["from-issue", "--body", body, "--number", "7", "--root", atlas_root]
    code, output = run_in_process(capsys, *arguments, "--proposal", proposal)
    assert code == 1
    assert "##[" not in output
    assert sorted(p.name for p in proposal.iterdir()) == ["comment.md"]
    comment = (proposal / "comment.md").read_text()
    assert comment.startswith("The atlas cannot use these answers yet: 1 thing to change.")
    fence = "````"
    before, inside, after = comment.split(fence + "text\n")[0], *comment.split(fence)[1:3]
    assert hostile in inside and "Language: " in inside
    assert "https://evil.example" not in before + after


def test_a_refused_issue_still_gets_a_comment(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = atlas_root / "issue.md"
    body.write_text(ISSUE_BODY.replace("Coastal Seed Library\n", "Coastal \u202e\n", 1))
    proposal = atlas_root / "proposal"
    arguments = ["from-issue", "--body", body, "--number", "7", "--root", atlas_root]
    code, output = run_in_process(capsys, *arguments, "--proposal", proposal)
    assert code == 1 and "contains an invisible character" in output
    assert "contains an invisible character" in (proposal / "comment.md").read_text()


def form_body(language: str, answers: dict[str, str | list[str]]) -> str:
    """An issue as GitHub writes it from the form in `language`: dropdowns answered with their
    options as shown in that language, questions not answered as `_No response_`."""
    lines = []
    for question in forms.questions():
        answer = answers.get(question.id, "_No response_")
        if isinstance(answer, list):
            shown = dict(forms.options(question, VOCAB, language))
            answer = ", ".join(shown[value] for value in answer)
        lines += [f"### {forms.label_of(question.id, language)}", "", answer, ""]
    return "\n".join(lines)


def answers(**changes: str | list[str]) -> dict[str, str | list[str]]:
    valid: dict[str, str | list[str]] = {
        "title": "Lake Seed Savers",
        "summary": "Example entry. Farmers around the lake keep and share local seeds.",
        "description": "A fictional example: farmers bring back twice the seed they borrow.",
        "language": "en",
        "categories": ["food-agriculture-fishing"],
        "solidarity": ["reactive"],
        "countries": "KE",
        "lat": "-0.09",
        "lon": "34.77",
        "precision": ["city"],
        "contributor": "Lake Seed Savers",
    }
    return {**valid, **changes}


BROKEN = {
    "ar": answers(
        title="حراس البذور",
        summary="مثال: مزارعات يتبادلن البذور المحلية في كل موسم زراعي.",
        language="ar",
        countries="Nigeria, kenya",
        start="مارس 2019",
    ),
    "zh": answers(
        title="种子守护者",
        summary="示例条目。湖边的农民保存并分享本地种子，每个播种季节互相借用。",
        language="中文",
        countries="肯尼亚",
        lat="7,19",
        lon="200",
    ),
    "ru": answers(
        title="Хранители семян",
        summary="Пример. Фермеры у озера хранят местные семена и делятся ими.",
        language="ru",
        countries="Кения",
        lat="-1.2921",
        contributor="info@example.org",
    ),
    "fr": answers(
        title="Gardiennes des semences",
        language="français",
        countries="Philippines",
        links="Rapport | www.example.org/rapport",
    ),
    "es": answers(
        title="Guardianas de semillas",
        language="es",
        countries="KE, Perú",
        description="Un ejemplo ficticio con una foto ![semillas](https://github.com/x.png).",
    ),
}
"""Issues as contributors write them, each with two or three mistakes."""
WORKFLOW_SYNTAX = re.compile(r"^::|##\[|%0A|%0D|\bfile=|\bline=|\bcol=", re.M)
YAML_LINE = re.compile(
    r"\b(?:title|summary|language|countries|lat|lon|start|period|url|links|consent|location):"
    r"\s*\S"
)


def comment_for(root: Path, body: str) -> tuple[str, list, str]:
    """The comment for a body, with the problems the validator found and the language."""
    written = from_issue.write_from_issue(root, body, VOCAB, 9)
    settings = Settings(root.resolve(), SCHEMA, root / ".cache" / "images")
    checked = pipeline.check(settings, [written.path.parent], keep_valid=False)
    language = from_issue.read_issue(body).language
    comment = from_issue.issue_comment(checked.problems, written.notes, [], language)
    return comment, checked.problems, language


@pytest.mark.parametrize("language", sorted(BROKEN))
def test_the_comment_names_each_problem_by_its_question_in_plain_words(
    atlas_root: Path, language: str
) -> None:
    body = form_body(language, BROKEN[language])
    comment, problems, shown_in = comment_for(atlas_root, body)
    assert shown_in == language, "the language of the form or of the answers"
    assert 2 <= len(problems) <= 3, [str(p.message) for p in problems]
    assert not WORKFLOW_SYNTAX.search(comment), comment
    assert not YAML_LINE.search(comment), comment
    assert "initiative.yaml" not in comment
    for problem in problems:
        question = from_issue.question_for(problem, language)
        assert question in forms.labels()[language]
        said = _("%(question)s: %(problem)s", question=question, problem=problem.message)
        said = said.render(language)
        assert said in comment, (said, comment)
        assert problem.answer_hint().render(language) in comment
    assert comment.rstrip().endswith(
        _(
            "What to do next: edit this issue (the ··· menu at its top, then Edit), change "
            "the answers named above, and save. The check then runs again by itself and "
            "answers here."
        ).render(language)
    )


def test_values_are_shown_as_typed_and_hints_are_answers_not_lines(atlas_root: Path) -> None:
    """In the form's own language: the value as the contributor typed it, and a hint that is
    the answer to type (a code, a number), never a line of YAML."""
    expected = {"ar": ("'kenya'", ["NG", "KE"]), "ru": ("-1.2921", ["-1.29"]),
                "fr": ("'Philippines'", ["PH", "fr"])}  # fmt: skip
    for language, (typed, answers_) in expected.items():
        comment, problems, _language = comment_for(
            atlas_root, form_body(language, BROKEN[language])
        )
        assert typed in comment and typed.upper() not in comment.replace(typed, ""), comment
        hints = [p.answer_hint().render(language) for p in problems]
        for answer in answers_:
            assert any(answer in hint and hint in comment for hint in hints), (answer, hints)


def test_html_and_a_swapped_day_are_explained_as_answers(atlas_root: Path) -> None:
    description = "Farmers around the lake keep <b>local</b> seeds and share them every season."
    broken = answers(description=description, start="2019-13-03")
    comment, problems, _language = comment_for(atlas_root, form_body("en", broken))
    assert len(problems) == 2, [str(p.message) for p in problems]
    assert "the line becomes" not in comment and "start:" not in comment
    assert "what to do: the month and the day look swapped: write 2019-03-13\n" in comment
    assert "what to do: remove the tags and use Markdown instead" in comment


def test_a_photo_that_cannot_be_used_is_reported_with_the_other_problems(
    atlas_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    body = with_photos(2, form_body("es", BROKEN["es"]), "es")
    written = from_issue.write_from_issue(
        atlas_root, body, VOCAB, 9, lambda url: heic if url.endswith("0") else png_bytes()
    )
    assert [str(refusal) for refusal in written.refusals] == [
        "Photo 1 is not a JPEG, PNG or WebP picture; attach another photo or a new export of "
        "this one"
    ]
    assert [p.name for p in (written.path.parent / "images").iterdir()] == ["photo-2.png"]
    settings = Settings(atlas_root.resolve(), SCHEMA, atlas_root / ".cache" / "images")
    checked = pipeline.check(settings, [written.path.parent], keep_valid=False)
    comment = from_issue.issue_comment(checked.problems, written.notes, written.refusals, "es")
    assert written.refusals[0].render("es") in comment
    countries = forms.label_of("countries", "es")
    peru = next(p for p in checked.problems if "Perú" in str(p.message))
    said = _("%(question)s: %(problem)s", question=countries, problem=peru.message)
    assert said.render("es") in comment
    first = plural_message(
        "The atlas cannot use these answers yet: %(count)s thing to change.",
        "The atlas cannot use these answers yet: %(count)s things to change.",
        len(checked.problems) + 1,
    )
    assert comment.startswith(first.render("es"))
